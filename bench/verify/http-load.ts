import autocannon from "autocannon";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { formatNumber, formatRatio, markdownTable, type RatioRow, type Suite } from "../report.js";
import { interleavedRounds } from "../rounds.js";
import { median, pairedRatio, summarize, type Summary } from "../stats.js";
import { startBenchIssuer } from "./keys.js";

const SERVER = fileURLToPath(new URL("./load-server.ts", import.meta.url));
const GUARD_TARGET = { op: ">=" as const, value: 0.8 };
const CONNECTIONS = 10;

/** One endpoint pair of the load server: the same handler behind `bearerAuth` and without it. */
interface Endpoint {
  readonly name: string;
  readonly guarded: string;
  readonly open: string;
  readonly method: "GET" | "POST";
  readonly body?: string;
  readonly headers: Record<string, string>;
  /** The target applies to the MCP endpoint; the minimal endpoint shows the worst case. */
  readonly targeted: boolean;
}

const MCP_CALL = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "whoami", arguments: {} } });
const ENDPOINTS: readonly Endpoint[] = [
  {
    name: "MCP tools/call (Streamable HTTP)",
    guarded: "/mcp",
    open: "/mcp-open",
    method: "POST",
    body: MCP_CALL,
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    targeted: true,
  },
  { name: "minimal JSON endpoint", guarded: "/ping", open: "/ping-open", method: "GET", headers: {}, targeted: false },
];

/** What one load run found: throughput, latency, and every answer that was not the expected one. */
interface LoadRun {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly requests: number;
  /** Non-2xx answers, connection errors, timeouts and bodies other than the expected one. */
  readonly wrong: number;
}

interface EndpointFigures {
  readonly endpoint: string;
  readonly targeted: boolean;
  readonly open: Summary;
  readonly guarded: Summary;
  readonly ratio: Summary;
  readonly runs: { readonly open: LoadRun[]; readonly guarded: LoadRun[] };
  readonly wrongAnswers: number;
}

async function startServer(jwksUri: string): Promise<{ origin: string; child: ChildProcess }> {
  const child = fork(SERVER, [jwksUri], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [message] = (await once(child, "message")) as [{ port: number }];
  return { origin: `http://127.0.0.1:${message.port}`, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = once(child, "exit");
  child.disconnect();
  await exited;
}

/**
 * Checks the endpoints answer as they should before loading them: the guard refuses a request without
 * a token (401 with a challenge) and lets the token through; returns the body each route must answer
 * with, which every loaded request is then compared to.
 */
async function expectedBodies(origin: string, endpoint: Endpoint, token: string): Promise<{ open: string; guarded: string }> {
  const call = (path: string, authorization?: string) =>
    fetch(`${origin}${path}`, {
      method: endpoint.method,
      headers: { ...endpoint.headers, ...(authorization ? { authorization } : {}) },
      ...(endpoint.body ? { body: endpoint.body } : {}),
    });
  const refused = await call(endpoint.guarded);
  if (refused.status !== 401 || !refused.headers.get("www-authenticate")?.includes("resource_metadata=")) {
    throw new Error(`${endpoint.guarded} without a token answered ${refused.status}, not 401 with a challenge: the guard is not in place`);
  }
  const guarded = await call(endpoint.guarded, `Bearer ${token}`);
  const open = await call(endpoint.open);
  const bodies = { guarded: await guarded.text(), open: await open.text() };
  if (guarded.status !== 200 || open.status !== 200) throw new Error(`preflight answered ${guarded.status} (guarded) and ${open.status} (open), not 200`);
  // The guarded route must see the verified subject, the open one none: proof each route is what it claims.
  if (!bodies.guarded.includes("user-123") || bodies.open.includes("user-123")) throw new Error(`unexpected preflight bodies: ${JSON.stringify(bodies)}`);
  return bodies;
}

async function load(url: string, endpoint: Endpoint, expectBody: string, seconds: number, token?: string): Promise<LoadRun> {
  const result = await autocannon({
    url,
    method: endpoint.method,
    headers: { ...endpoint.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(endpoint.body ? { body: endpoint.body } : {}),
    connections: CONNECTIONS,
    duration: seconds,
    expectBody,
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    wrong: result.non2xx + result.errors + result.timeouts + result.mismatches,
  };
}

/**
 * Requests per second on loopback: the same endpoint behind `bearerAuth` (a valid token on every
 * request, so every request is verified) against unguarded, in alternating runs against one server
 * process; autocannon in this process, the server in a child, so each has a core.
 */
export const httpLoadSuite: Suite = {
  name: "http-load",
  async run(context) {
    const seconds = context.quick ? 0.5 : 3;
    const rounds = context.quick ? 1 : 3;
    const issuer = await startBenchIssuer("RS256");
    const server = await startServer(issuer.jwksUri);
    const figures: EndpointFigures[] = [];
    try {
      for (const endpoint of ENDPOINTS) {
        const bodies = await expectedBodies(server.origin, endpoint, issuer.token);
        const run = (variant: "open" | "guarded", duration: number) =>
          variant === "open"
            ? load(`${server.origin}${endpoint.open}`, endpoint, bodies.open, duration)
            : load(`${server.origin}${endpoint.guarded}`, endpoint, bodies.guarded, duration, issuer.token);
        context.log(`http-load: ${endpoint.name}, warm-up then ${rounds} rounds of ${seconds} s per variant, ${CONNECTIONS} connections`);
        await run("open", seconds / 3);
        await run("guarded", seconds / 3);
        const runs = { open: [] as LoadRun[], guarded: [] as LoadRun[] };
        const samples = await interleavedRounds(
          (["open", "guarded"] as const).map((variant) => ({
            name: variant,
            measure: async () => {
              const result = await run(variant, seconds);
              runs[variant].push(result);
              return result.requestsPerSecond;
            },
          })),
          rounds,
        );
        const open = samples["open"] as number[];
        const guarded = samples["guarded"] as number[];
        figures.push({
          endpoint: endpoint.name,
          targeted: endpoint.targeted,
          open: summarize(open),
          guarded: summarize(guarded),
          ratio: pairedRatio(guarded, open),
          runs,
          wrongAnswers: [...runs.open, ...runs.guarded].reduce((sum, entry) => sum + entry.wrong, 0),
        });
      }
    } finally {
      await stopServer(server.child);
      await issuer.close();
    }
    const wrong = figures.reduce((sum, entry) => sum + entry.wrongAnswers, 0);
    if (wrong > 0) context.log(`http-load: ${wrong} wrong answers (non-2xx, errors, timeouts or unexpected bodies)`);
    const ratios: RatioRow[] = figures.map((entry) => ({
      benchmark: `HTTP load: ${entry.endpoint}`,
      subject: "guarded by bearerAuth",
      baseline: "same endpoint unguarded",
      measure: "requests/s, higher is better",
      ratio: entry.ratio,
      target: entry.targeted ? GUARD_TARGET : undefined,
    }));
    const table = markdownTable(
      ["Endpoint", "Unguarded req/s (median)", "Guarded req/s (median)", "Ratio", "p50 / p99 latency ms, unguarded", "p50 / p99 latency ms, guarded", "Requests", "Wrong answers"],
      figures.map((entry) => {
        const latency = (runs: LoadRun[]) => `${formatNumber(median(runs.map((run) => run.latencyP50Ms)))} / ${formatNumber(median(runs.map((run) => run.latencyP99Ms)))}`;
        return [
          entry.endpoint,
          formatNumber(entry.open.median),
          formatNumber(entry.guarded.median),
          formatRatio(entry.ratio),
          latency(entry.runs.open),
          latency(entry.runs.guarded),
          String([...entry.runs.open, ...entry.runs.guarded].reduce((sum, run) => sum + run.requests, 0)),
          String(entry.wrongAnswers),
        ];
      }),
      ["l", "r", "r", "r", "r", "r", "r", "r"],
    );
    return { name: "http-load", ratios, details: `${table}\n\nWrong answers counts non-2xx answers, connection errors, timeouts and bodies other than the expected one.`, figures };
  },
};
