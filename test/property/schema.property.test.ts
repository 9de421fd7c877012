import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/index.js";
import { ConfigError, parseConfig } from "../../src/schema/index.js";
import { reorderKeys, validConfigArbitrary } from "../support/arbitraries.js";

const configs = fc.oneof(validConfigArbitrary({ registration: true }), validConfigArbitrary({ lifetimes: "okta", oktaGroups: ["EVERYONE", "Engineers"] }));

describe("schema properties", () => {
  it("parses every valid config and plans it with one grant per (client, resource) of its access", () => {
    fc.assert(
      fc.property(configs, (input) => {
        const plan = buildPlan(parseConfig(input));
        const expected = Object.entries(input.clients).flatMap(([client, value]: [string, any]) => Object.keys(value.access).map((resource) => `${client}/${resource}`));
        expect(plan.grants.map((grant) => grant.key).sort()).toEqual(expected.sort());
        for (const grant of plan.grants) {
          expect(grant.audience).toBe(plan.resources.find((resource) => resource.key === grant.resourceKey)?.uri);
          expect([...grant.scopes].sort()).toEqual([...((input.clients[grant.clientKey] as any).access[grant.resourceKey] as string[])].sort());
        }
        expect(new Set(plan.resources.map((resource) => resource.uri)).size).toBe(plan.resources.length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same plan whatever the order of keys in the file", () => {
    fc.assert(
      fc.property(configs, fc.integer({ min: 1, max: 7 }), (input, seed) => {
        expect(buildPlan(parseConfig(reorderKeys(input, seed)))).toEqual(buildPlan(parseConfig(input)));
      }),
      { numRuns: 200 },
    );
  });

  it("answers arbitrary input with a config or a ConfigError, never another exception", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (input) => {
        try {
          parseConfig(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("answers a valid config with one field replaced by garbage with a ConfigError naming paths, never another exception", () => {
    const garbage = fc.oneof(fc.anything(), fc.constantFrom("", "*", "#", "http://x", -1, null, [], {}));
    fc.assert(
      fc.property(configs, fc.nat(), garbage, (input, pick, value) => {
        const broken = replaceAt(structuredClone(input), pick, value);
        try {
          parseConfig(broken);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          for (const issue of (error as ConfigError).issues) {
            expect(typeof issue.path).toBe("string");
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Replaces the `pick`-th value (depth first) of a JSON-like tree. */
function replaceAt(root: any, pick: number, value: unknown): any {
  const slots: Array<[any, string]> = [];
  const walk = (node: any) => {
    if (typeof node !== "object" || node === null) return;
    for (const key of Object.keys(node)) {
      slots.push([node, key]);
      walk(node[key]);
    }
  };
  walk(root);
  const slot = slots[pick % slots.length];
  if (slot) slot[0][slot[1]] = value;
  return root;
}
