import type { Summary } from "./stats.js";

/** One comparison in the summary table: a subject against its baseline, as a ratio. */
export interface RatioRow {
  readonly benchmark: string;
  readonly subject: string;
  readonly baseline: string;
  /** What the ratio means, e.g. "time, lower is better" or "throughput, higher is better". */
  readonly measure: string;
  readonly ratio: Summary;
  /** e.g. `≤ 1.15` or `≥ 0.9`; absent when the issue sets none. */
  readonly target?: { readonly op: "<=" | ">="; readonly value: number } | undefined;
}

/** What a suite hands back: summary rows, its own detailed markdown table(s), and every figure. */
export interface SuiteResult {
  readonly name: string;
  readonly ratios: readonly RatioRow[];
  /** Markdown: the suite's detailed table and notes. */
  readonly details: string;
  /** Every figure the suite measured, for results.json. */
  readonly figures: unknown;
}

export interface SuiteContext {
  /** Tiny sizes and iterations: a smoke check that runs every code path in seconds. */
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

export interface Suite {
  readonly name: string;
  readonly run: (context: SuiteContext) => Promise<SuiteResult>;
}

export function targetMet(row: RatioRow): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.op === "<=" ? row.ratio.median <= row.target.value : row.ratio.median >= row.target.value;
}

/** A markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: readonly ("l" | "r")[]): string {
  const separator = header.map((_, index) => (align?.[index] === "r" ? "---:" : "---"));
  return [header, separator, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** `1.03× (0.98–1.10)`: the median ratio and the range over rounds. */
export function formatRatio(ratio: Summary): string {
  return ratio.n > 1 ? `${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})` : `${ratio.median.toFixed(2)}×`;
}

export function summaryTable(rows: readonly RatioRow[]): string {
  return markdownTable(
    ["Benchmark", "Subject", "Baseline", "Measure", "Ratio, median (range over rounds)", "Target", "Met"],
    rows.map((row) => {
      const met = targetMet(row);
      return [
        row.benchmark,
        row.subject,
        row.baseline,
        row.measure,
        formatRatio(row.ratio),
        row.target ? `${row.target.op === "<=" ? "≤" : "≥"} ${row.target.value}` : "–",
        met === undefined ? "–" : met ? "yes" : "**no**",
      ];
    }),
    ["l", "l", "l", "l", "r", "r", "l"],
  );
}

/** Numbers for people: 3 significant digits, thousands separated. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 10 ** digits) return Math.round(value).toLocaleString("en-US");
  return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}
