/**
 * `npm run bench` (every suite, a few minutes) and `npm run bench:quick` (tiny sizes, seconds: a smoke
 * check that every code path runs — its figures mean nothing). Prints a markdown report and writes every
 * figure to bench/results.json (quick: bench/results.local.json, git-ignored).
 *
 * Options: --quick, --only=<suite>[,<suite>…] (components, object-counts, verifier, http-load, dev-server,
 * dev-unregistered),
 * --out=<file>. Start with `node --expose-gc --import tsx bench/run.ts` (the npm scripts do).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { objectCountsSuite } from "./components/object-counts.js";
import { componentsSuite } from "./components/suite.js";
import { devServerSuite } from "./dev/suite.js";
import { devUnregisteredSuite } from "./dev/unregistered-suite.js";
import { describeMachine, machineInfo } from "./machine.js";
import { summaryTable, type Suite, type SuiteResult } from "./report.js";
import { httpLoadSuite } from "./verify/http-load.js";
import { verifierSuite } from "./verify/throughput.js";

// tsx turns source maps on; Pulumi captures a stack trace for every promise it tracks, and mapping those
// through source maps would multiply the cost of every declared resource (raw and component alike),
// drowning the difference being measured. A compiled library runs without them.
process.setSourceMapsEnabled(false);

const SUITES: readonly Suite[] = [componentsSuite, objectCountsSuite, verifierSuite, httpLoadSuite, devServerSuite, devUnregisteredSuite];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const out = args.find((arg) => arg.startsWith("--out="))?.slice("--out=".length) ?? fileURLToPath(new URL(quick ? "./results.local.json" : "./results.json", import.meta.url));
const unknown = only?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(", ")}; the suites are ${SUITES.map((suite) => suite.name).join(", ")}`);
if (typeof (globalThis as { gc?: unknown }).gc !== "function") console.error("note: run with --expose-gc so runs start from a collected heap");

const machine = machineInfo();
const started = performance.now();
const results: SuiteResult[] = [];
for (const suite of SUITES.filter((candidate) => !only || only.includes(candidate.name))) {
  const suiteStart = performance.now();
  console.error(`== ${suite.name}${quick ? " (quick)" : ""}`);
  results.push(await suite.run({ quick, log: (message) => console.error(`   ${message}`) }));
  console.error(`   ${suite.name} took ${((performance.now() - suiteStart) / 1000).toFixed(1)} s`);
}
const seconds = (performance.now() - started) / 1000;

const report = [
  `## pulumi-mcp-auth benchmarks${quick ? " (quick mode: smoke check, figures not meaningful)" : ""}`,
  "",
  `Machine: ${describeMachine(machine)}. Total run time ${seconds.toFixed(0)} s.`,
  "",
  summaryTable(results.flatMap((result) => result.ratios)),
  ...results.flatMap((result) => ["", `### ${result.name}`, "", result.details]),
].join("\n");
console.log(report);
writeFileSync(out, `${JSON.stringify({ machine, quick, seconds, suites: Object.fromEntries(results.map((result) => [result.name, { ratios: result.ratios, figures: result.figures }])) }, null, 2)}\n`);
console.error(`wrote ${out}`);
