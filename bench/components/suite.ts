import { buildPlan } from "../../src/plan/build-plan.js";
import { parseConfig } from "../../src/schema/parse.js";
import { syntheticConfig, type ConfigSize } from "../configs.js";
import { formatNumber, formatRatio, markdownTable, type RatioRow, type Suite, type SuiteContext, type SuiteResult } from "../report.js";
import { collectGarbage, interleavedRounds } from "../rounds.js";
import { growthExponent, linearFit, median, pairedRatio, summarize, type LinearFit, type Summary } from "../stats.js";
import { graphDifferences } from "./graph-check.js";
import { measureMemoryAll } from "./memory.js";
import type { MemoryResult } from "./memory-child.js";
import { declareUnderMocks, type Registration } from "./mocked-engine.js";
import { componentSizes, graphCheckSize, roundsFor, sizeLabel } from "./sizes.js";
import { COMPONENT_TARGETS, type ComponentTarget } from "./targets.js";

const TIME_TARGET = { op: "<=" as const, value: 1.15 };
const NAME = "mcp";

interface SizeFigures {
  readonly idp: string;
  readonly size: ConfigSize;
  /** Custom resources declared (the same for both variants; the graph check guarantees it). */
  readonly objects: number;
  readonly rawMs: Summary;
  readonly componentMs: Summary;
  readonly timeRatio: Summary;
  readonly rawSamplesMs: readonly number[];
  readonly componentSamplesMs: readonly number[];
  /** Inside the component's time: schema parse, plan and translation, each a median of repeated runs. */
  readonly parseMs: number;
  readonly planMs: number;
  readonly translateMs: number;
  memory?: { readonly raw: MemoryResult; readonly component: MemoryResult };
}

/**
 * Component cost under Pulumi mocks: time and peak memory to declare the graph, component against a
 * hand-written raw program declaring the identical graph (checked resource by resource first).
 */
export const componentsSuite: Suite = {
  name: "components",
  async run(context) {
    const sizes = componentSizes(context.quick);
    const figures: SizeFigures[] = [];
    for (const target of COMPONENT_TARGETS) {
      await checkIdenticalGraphs(target, graphCheckSize(context.quick), context);
      // Warm-up: module initialisation and JIT are paid once per process, not by the first size measured.
      await declareUnderMocks(() => target.declareRaw("warmup", syntheticConfig({ resources: 5, clients: 5 })), target.answers);
      await declareUnderMocks(() => target.declareComponent("warmup", syntheticConfig({ resources: 5, clients: 5 })), target.answers);
      for (const size of sizes) figures.push(await measureTimes(target, size, context));
    }
    context.log("components: memory, one child process per measurement");
    // Quick mode measures the smallest size only: the smoke check needs the code path, not the figures.
    const measured = context.quick ? figures.filter((entry) => entry.size === sizes[0]) : figures;
    const requests = measured.flatMap((entry) => (["raw", "component"] as const).map((variant) => ({ idp: entry.idp, variant, ...entry.size })));
    const memory = await measureMemoryAll(requests, 2);
    for (const result of memory) {
      const entry = figures.find((candidate) => candidate.idp === result.idp && candidate.size.resources === result.resources && candidate.size.clients === result.clients);
      if (!entry) continue;
      const other = memory.find((candidate) => candidate !== result && candidate.idp === result.idp && candidate.resources === result.resources && candidate.clients === result.clients);
      if (other && result.variant === "raw") entry.memory = { raw: result, component: other };
    }
    return report(figures);
  },
};

async function checkIdenticalGraphs(target: ComponentTarget, size: ConfigSize, context: SuiteContext): Promise<void> {
  const config = syntheticConfig(size);
  const raw: Registration[] = [];
  const component: Registration[] = [];
  await declareUnderMocks(() => target.declareRaw(NAME, config), target.answers, { record: raw });
  await declareUnderMocks(() => target.declareComponent(NAME, config), target.answers, { record: component });
  const differences = graphDifferences(raw, component);
  if (differences.length > 0) {
    throw new Error(`${target.idp}: the raw baseline does not declare the component's graph, so no ratio would mean anything:\n  ${differences.slice(0, 10).join("\n  ")}`);
  }
  context.log(`components: ${target.idp} raw and component graphs are identical (${raw.filter((entry) => entry.custom).length} resources at ${sizeLabel(size)})`);
}

async function measureTimes(target: ComponentTarget, size: ConfigSize, context: SuiteContext): Promise<SizeFigures> {
  const config = syntheticConfig(size);
  let objects = 0;
  const time = (declare: () => void) => async () => {
    const start = performance.now();
    await declareUnderMocks(declare, target.answers);
    return performance.now() - start;
  };
  const rounds = roundsFor(target.translate(buildPlan(parseConfig(config)), NAME).length, context.quick);
  context.log(`components: ${target.idp} ${sizeLabel(size)}, ${rounds} rounds`);
  const samples = await interleavedRounds(
    [
      { name: "raw", measure: time(() => (objects = target.declareRaw(NAME, config))) },
      { name: "component", measure: time(() => target.declareComponent(NAME, config)) },
    ],
    rounds,
    collectGarbage,
  );
  const raw = samples["raw"] as number[];
  const component = samples["component"] as number[];
  return {
    idp: target.idp,
    size,
    objects,
    rawMs: summarize(raw),
    componentMs: summarize(component),
    timeRatio: pairedRatio(component, raw),
    rawSamplesMs: raw,
    componentSamplesMs: component,
    ...breakdown(target, size, context.quick ? 2 : rounds),
  };
}

/** Median times of the pure steps the component runs before declaring anything. */
function breakdown(target: ComponentTarget, size: ConfigSize, repetitions: number): { parseMs: number; planMs: number; translateMs: number } {
  const parse: number[] = [];
  const plan: number[] = [];
  const translate: number[] = [];
  for (let index = 0; index < repetitions; index++) {
    const config = syntheticConfig(size);
    let start = performance.now();
    const resolved = parseConfig(config);
    parse.push(performance.now() - start);
    start = performance.now();
    const planned = buildPlan(resolved);
    plan.push(performance.now() - start);
    start = performance.now();
    target.translate(planned, NAME);
    translate.push(performance.now() - start);
  }
  return { parseMs: median(parse), planMs: median(plan), translateMs: median(translate) };
}

const mb = (bytes: number) => formatNumber(bytes / 1e6);

function report(figures: readonly SizeFigures[]): SuiteResult {
  const ratios: RatioRow[] = [];
  for (const entry of figures) {
    ratios.push({
      benchmark: `components: ${entry.idp}, ${sizeLabel(entry.size)} (${entry.objects} resources)`,
      subject: "component",
      baseline: "raw provider resources",
      measure: "time to declare, lower is better",
      ratio: entry.timeRatio,
      target: TIME_TARGET,
    });
  }
  for (const entry of figures) {
    if (!entry.memory) continue;
    ratios.push({
      benchmark: `components: ${entry.idp}, ${sizeLabel(entry.size)}`,
      subject: "component",
      baseline: "raw provider resources",
      measure: "peak RSS growth, lower is better",
      ratio: summarize([entry.memory.component.peakRssBytes / entry.memory.raw.peakRssBytes]),
    });
  }

  const rows = figures.map((entry) => [
    entry.idp,
    sizeLabel(entry.size),
    String(entry.objects),
    `${formatNumber(entry.rawMs.median)} / ${formatNumber(entry.rawMs.p95)}`,
    `${formatNumber(entry.componentMs.median)} / ${formatNumber(entry.componentMs.p95)}`,
    formatRatio(entry.timeRatio),
    formatNumber((1000 * entry.rawMs.median) / entry.objects),
    formatNumber((1000 * entry.componentMs.median) / entry.objects),
    `${formatNumber(entry.parseMs)} + ${formatNumber(entry.planMs)} + ${formatNumber(entry.translateMs)}`,
    entry.memory ? `${mb(entry.memory.raw.peakRssBytes)} / ${mb(entry.memory.component.peakRssBytes)}` : "–",
    entry.memory ? `${mb(entry.memory.raw.peakHeapBytes)} / ${mb(entry.memory.component.peakHeapBytes)}` : "–",
  ]);
  const table = markdownTable(
    [
      "IdP",
      "Size",
      "Resources",
      "Raw ms (median / p95)",
      "Component ms (median / p95)",
      "Time ratio",
      "Raw µs / resource",
      "Component µs / resource",
      "Parse + plan + translate ms",
      "Peak RSS growth MB (raw / component)",
      "Peak heap growth MB (raw / component)",
    ],
    rows,
    ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
  );
  const growth = growthLines(figures);
  return {
    name: "components",
    ratios,
    details: [table, "", ...growth].join("\n"),
    figures,
  };
}

/**
 * How cost grows with the graph: a straight line through (resources declared, median time) per IdP and
 * variant. A good fit (R² near 1) with a steady time ratio means linear growth, the component adding a
 * constant share; a quadratic step would bend the line and push the ratio up at the largest size.
 */
function growthLines(figures: readonly SizeFigures[]): string[] {
  const lines: string[] = [];
  for (const idp of [...new Set(figures.map((entry) => entry.idp))]) {
    const entries = figures.filter((entry) => entry.idp === idp);
    if (entries.length < 3) continue;
    const fit = (pick: (entry: SizeFigures) => number) => linearFit(entries.map((entry) => ({ x: entry.objects, y: pick(entry) })));
    const describe = (line: LinearFit, unit: string) => `${formatNumber(line.intercept)} ms + ${formatNumber(line.slope * 1000)} ${unit} per resource (R² ${line.r2.toFixed(3)})`;
    const raw = fit((entry) => entry.rawMs.median);
    const component = fit((entry) => entry.componentMs.median);
    const pure = fit((entry) => entry.parseMs + entry.planMs + entry.translateMs);
    lines.push(
      `- ${idp}: raw ≈ ${describe(raw, "µs")}; component ≈ ${describe(component, "µs")}; its parse + plan + translate ≈ ${describe(pure, "µs")}; log-log slope of the component's time ${growthExponent(entries.map((entry) => ({ x: entry.objects, y: entry.componentMs.median }))).toFixed(2)} (1 is linear).`,
    );
  }
  return lines;
}
