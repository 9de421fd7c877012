import { isDeepStrictEqual } from "node:util";
import type { Registration } from "./mocked-engine.js";

/**
 * The differences between the custom resources a raw baseline and a component registered: missing or
 * extra names, and for each name a different type, inputs or dependencies. The component's own
 * registration (not custom) is left out: it is what the component adds, not part of the provider graph.
 * An empty list means the two programs declare the identical graph, so their costs can be compared.
 */
export function graphDifferences(raw: readonly Registration[], component: readonly Registration[]): string[] {
  const byName = (registrations: readonly Registration[]) =>
    new Map(registrations.filter((registration) => registration.custom).map((registration) => [`${registration.type}::${registration.name}`, registration]));
  const rawGraph = byName(raw);
  const componentGraph = byName(component);
  const differences: string[] = [];
  for (const [key, expected] of componentGraph) {
    const actual = rawGraph.get(key);
    if (!actual) differences.push(`raw lacks ${key}`);
    else if (!isDeepStrictEqual(actual.inputs, expected.inputs)) differences.push(`${key}: inputs differ: raw ${JSON.stringify(actual.inputs)} vs component ${JSON.stringify(expected.inputs)}`);
    else if (!isDeepStrictEqual(actual.dependencies, expected.dependencies)) differences.push(`${key}: dependencies differ: raw [${actual.dependencies.join(", ")}] vs component [${expected.dependencies.join(", ")}]`);
  }
  for (const key of rawGraph.keys()) if (!componentGraph.has(key)) differences.push(`raw declares ${key}, the component does not`);
  return differences;
}
