import type { ConfigSize } from "../configs.js";

/**
 * The component benchmark sizes: a resources series (10, 100, 1,000 resources at 100 clients) and a
 * clients series (10 and 100 clients at 100 resources); they share 100 × 100. Quick mode: two tiny sizes.
 */
export function componentSizes(quick: boolean): ConfigSize[] {
  if (quick) return [{ resources: 4, clients: 4 }, { resources: 8, clients: 4 }];
  return [
    { resources: 10, clients: 100 },
    { resources: 100, clients: 10 },
    { resources: 100, clients: 100 },
    { resources: 1000, clients: 100 },
  ];
}

/** The size whose graphs are compared object by object before anything is timed. */
export function graphCheckSize(quick: boolean): ConfigSize {
  return quick ? { resources: 8, clients: 4 } : { resources: 100, clients: 100 };
}

/** Rounds per size: more where a round is cheap, never fewer than 3 in full mode. */
export function roundsFor(objects: number, quick: boolean): number {
  if (quick) return 2;
  if (objects <= 1000) return 7;
  if (objects <= 3000) return 5;
  return 3;
}

export const sizeLabel = (size: ConfigSize) => `${size.resources} res × ${size.clients} clients`;
