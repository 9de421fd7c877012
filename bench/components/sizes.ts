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

/**
 * The size whose graphs are compared object by object before anything is timed: enough clients per
 * resource that some share a grant and some do not, small enough to cost a second.
 */
export function graphCheckSize(quick: boolean): ConfigSize {
  return quick ? { resources: 8, clients: 4 } : { resources: 30, clients: 20 };
}

/**
 * Rounds per size: more where a round is cheap, never fewer than 3 in full mode. The 1,000-resource
 * graphs take seconds per declaration under the Pulumi runtime, so their rounds set the suite's run time.
 */
export function roundsFor(objects: number, quick: boolean): number {
  if (quick) return 2;
  return objects <= 1000 ? 5 : 3;
}

export const sizeLabel = (size: ConfigSize) => `${size.resources} res × ${size.clients} clients`;
