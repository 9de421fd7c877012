import { describe, expect, it } from "vitest";
import { graphDifferences } from "../../../bench/components/graph-check.js";
import { declareUnderMocks, type Registration } from "../../../bench/components/mocked-engine.js";
import { COMPONENT_TARGETS } from "../../../bench/components/targets.js";
import { syntheticConfig } from "../../../bench/configs.js";

// The component benchmark divides a component's cost by its raw baseline's; that means something only
// while both declare the same graph. The benchmark checks this before timing; these tests catch a
// translator change that the hand-written baseline has not followed, without running the benchmark.
describe.each(COMPONENT_TARGETS.map((target) => [target.idp, target] as const))("the raw %s baseline", (_, target) => {
  it.each([
    { resources: 7, clients: 5 },
    { resources: 2, clients: 9 },
  ])("declares exactly the component's resources, inputs and dependencies for %o", async (size) => {
    const config = syntheticConfig(size);
    const raw: Registration[] = [];
    const component: Registration[] = [];
    let declared = 0;
    const rawRun = await declareUnderMocks(() => (declared = target.declareRaw("mcp", config)), target.answers, { record: raw });
    const componentRun = await declareUnderMocks(() => target.declareComponent("mcp", config), target.answers, { record: component });
    expect(graphDifferences(raw, component)).toEqual([]);
    expect(raw.every((registration) => registration.custom)).toBe(true);
    expect(raw).toHaveLength(declared);
    // The component registers itself once on top of the same children, and reads the same lookups.
    expect(componentRun.registrations).toBe(rawRun.registrations + 1);
    expect(componentRun.calls).toBe(rawRun.calls);
  });
});
