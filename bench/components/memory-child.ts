/**
 * Child process of the memory measurement: declares one graph once and reports how much memory that
 * took. A process of its own per measurement, so nothing earlier (another size, the other variant, a
 * previous round) is still on the heap or has already grown the process.
 *
 * Method: load everything and declare a small warm-up graph first (module loading and JIT are not the
 * graph's cost); collect garbage twice and note RSS and V8 heap use; then declare the measured graph,
 * sampling RSS and heap use as every resource reaches the mocked engine and once more at the end.
 * Reported: peak minus start, for RSS (what the OS sees) and for the V8 heap (what the JavaScript holds).
 * Run with --expose-gc.
 */
import { syntheticConfig } from "../configs.js";
import { collectGarbage } from "../rounds.js";
import { declareUnderMocks } from "./mocked-engine.js";
import { targetFor } from "./targets.js";

export interface MemoryRequest {
  readonly idp: string;
  readonly variant: "raw" | "component";
  readonly resources: number;
  readonly clients: number;
}

export interface MemoryResult extends MemoryRequest {
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly registrations: number;
}

process.setSourceMapsEnabled(false);
const request = JSON.parse(process.argv[2] ?? "{}") as MemoryRequest;
const target = targetFor(request.idp);
const declare = (name: string, size: { resources: number; clients: number }) => {
  const config = syntheticConfig(size);
  return request.variant === "raw" ? () => void target.declareRaw(name, config) : () => target.declareComponent(name, config);
};

await declareUnderMocks(declare("warmup", { resources: 5, clients: 5 }), target.answers);
const measured = declare("mcp", request);
collectGarbage();
collectGarbage();
const start = process.memoryUsage();
let peakRss = start.rss;
let peakHeap = start.heapUsed;
const sample = () => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
};
const run = await declareUnderMocks(measured, target.answers, { onRegistration: sample });
sample();
const result: MemoryResult = { ...request, peakRssBytes: peakRss - start.rss, peakHeapBytes: peakHeap - start.heapUsed, registrations: run.registrations };
process.send?.(result);
