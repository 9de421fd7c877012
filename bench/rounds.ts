/** One contender in an interleaved comparison: a name and one measurement (returns a figure). */
export interface Contender {
  readonly name: string;
  readonly measure: () => Promise<number>;
}

/**
 * Runs every contender once per round, for `rounds` rounds, rotating who goes first so no contender
 * always runs on a warmer (or more tired) process. Returns each contender's figures by round, so that
 * round i of the subject can be paired with round i of its baseline.
 */
export async function interleavedRounds(contenders: readonly Contender[], rounds: number, beforeEach?: () => void): Promise<Record<string, number[]>> {
  const figures: Record<string, number[]> = Object.fromEntries(contenders.map((contender) => [contender.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, index) => contenders[(index + round) % contenders.length] as Contender);
    const results = new Map<string, number>();
    for (const contender of order) {
      beforeEach?.();
      results.set(contender.name, await contender.measure());
    }
    for (const contender of contenders) (figures[contender.name] as number[]).push(results.get(contender.name) as number);
  }
  return figures;
}

/** Runs a full collection when the process was started with --expose-gc; a no-op otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
