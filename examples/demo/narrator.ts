/** How the demo tells what happens: numbered steps, and indented lines under each. */
export interface Narrator {
  step(title: string): void;
  say(text: string): void;
}

/** Writes to a line sink (stdout by default), wrapping nothing: lines are short enough on their own. */
export function lineNarrator(write: (line: string) => void): Narrator {
  let count = 0;
  return {
    step(title) {
      count += 1;
      write("");
      write(`${count}. ${title}`);
    },
    say(text) {
      for (const line of text.split("\n")) write(`   ${line}`);
    },
  };
}

/** Something the demo did not expect: the demo stops and exits non-zero. */
export class DemoSurprise extends Error {
  override readonly name = "DemoSurprise";
}

/** Stops the demo unless `condition` holds. */
export function expectThat(condition: boolean, whatWasExpected: string): asserts condition {
  if (!condition) throw new DemoSurprise(`expected ${whatWasExpected}`);
}
