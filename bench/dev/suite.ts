import { createHash, randomBytes } from "node:crypto";
import { startDevAuthorizationServer } from "../../src/dev/server.js";
import type { McpAuthConfig } from "../../src/schema/parse.js";
import { formatNumber, formatRatio, markdownTable, type Suite } from "../report.js";
import { interleavedRounds } from "../rounds.js";
import { median, pairedRatio, summarize } from "../stats.js";
import { authorize, Browser, type Person } from "./browser.js";
import { startRawProvider } from "./raw-provider.js";

export const RESOURCE = "http://127.0.0.1:7001/github";
const SCOPES = ["github:read", "github:write"];
const CLIENT_ID = "agent";
/** A loopback redirect URI on a port of the client's choosing; both servers register it without a port (RFC 8252 §7.3). */
export const REDIRECT_URI = "http://127.0.0.1:5555/callback";
export const PERSON: Person = { username: "alice", password: "correct horse battery staple" };

/** One resource whose write scope needs consent, and one agent granted both scopes: login and consent pages both appear. */
const DEV_CONFIG: McpAuthConfig = {
  version: 1,
  resources: { github: { uri: RESOURCE, scopes: { "github:read": "Read repositories", "github:write": { description: "Push commits", consent: "required" } } } },
  clients: { [CLIENT_ID]: { redirectUris: ["http://127.0.0.1/callback"], access: { github: SCOPES } } },
};

/**
 * One complete authorization code flow with PKCE, as an agent and a person do it, in a fresh browser
 * (so every flow signs in): authorize → sign-in page → consent page → code at the redirect URI → token
 * request. Checks the result is an access token for the resource with the scopes asked for; returns
 * milliseconds. `flow` names another client and scopes (unregistered-suite.ts).
 */
export async function pkceFlow(issuer: string, flow: { readonly clientId: string; readonly scopes: readonly string[] } = { clientId: CLIENT_ID, scopes: SCOPES }): Promise<number> {
  const start = performance.now();
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${issuer}/auth`);
  for (const [name, value] of Object.entries({
    response_type: "code",
    client_id: flow.clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    scope: flow.scopes.join(" "),
    resource: RESOURCE,
    state: randomBytes(8).toString("hex"),
  })) url.searchParams.set(name, value);
  const redirect = await authorize(new Browser(), url.href, PERSON, REDIRECT_URI);
  const code = redirect.searchParams.get("code");
  if (code === null) throw new Error(`no code in ${redirect.href}`);
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT_URI, client_id: flow.clientId, resource: RESOURCE }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; scope?: string };
  const elapsed = performance.now() - start;
  const claims = JSON.parse(Buffer.from(body.access_token?.split(".")[1] ?? "", "base64url").toString("utf8") || "{}") as { aud?: unknown; scope?: unknown };
  if (response.status !== 200 || claims.aud !== RESOURCE || claims.scope !== flow.scopes.join(" ")) {
    throw new Error(`the flow against ${issuer} ended with ${response.status} ${JSON.stringify(body)}, claims ${JSON.stringify(claims)}`);
  }
  return elapsed;
}

/**
 * Latency of a complete PKCE flow against the dev authorization server, and against oidc-provider alone
 * configured for the same flow (raw-provider.ts), in interleaved rounds of flows.
 */
export const devServerSuite: Suite = {
  name: "dev-server",
  async run(context) {
    const rounds = context.quick ? 2 : 12;
    const flowsPerRound = context.quick ? 3 : 25;
    const dev = await startDevAuthorizationServer({ config: DEV_CONFIG, users: [PERSON] });
    const raw = await startRawProvider({ resource: RESOURCE, scopes: SCOPES, clientId: CLIENT_ID, redirectUri: "http://127.0.0.1/callback" });
    const latencies: Record<string, number[]> = { dev: [], raw: [] };
    try {
      // Warm-up: the first flows compile pages and load code paths.
      for (let index = 0; index < 5; index++) await Promise.all([pkceFlow(dev.issuer), pkceFlow(raw.issuer)]);
      context.log(`dev-server: ${rounds} rounds of ${flowsPerRound} flows per server`);
      const roundMedians = await interleavedRounds(
        (["raw", "dev"] as const).map((variant) => ({
          name: variant,
          measure: async () => {
            const issuer = variant === "dev" ? dev.issuer : raw.issuer;
            const round: number[] = [];
            for (let index = 0; index < flowsPerRound; index++) round.push(await pkceFlow(issuer));
            (latencies[variant] as number[]).push(...round);
            return median(round);
          },
        })),
        rounds,
      );
      const devFlows = summarize(latencies["dev"] as number[]);
      const rawFlows = summarize(latencies["raw"] as number[]);
      const ratio = pairedRatio(roundMedians["dev"] as number[], roundMedians["raw"] as number[]);
      const table = markdownTable(
        ["Server", "Flows", "Median ms", "p95 ms", "Min / max ms"],
        [
          ["dev authorization server", String(devFlows.n), formatNumber(devFlows.median), formatNumber(devFlows.p95), `${formatNumber(devFlows.min)} / ${formatNumber(devFlows.max)}`],
          ["oidc-provider alone (baseline)", String(rawFlows.n), formatNumber(rawFlows.median), formatNumber(rawFlows.p95), `${formatNumber(rawFlows.min)} / ${formatNumber(rawFlows.max)}`],
        ],
        ["l", "r", "r", "r", "r"],
      );
      return {
        name: "dev-server",
        ratios: [
          {
            benchmark: "dev server: complete PKCE flow (authorize, sign-in, consent, code, token)",
            subject: "dev authorization server",
            baseline: "oidc-provider alone, same flow",
            measure: "median latency per flow, lower is better",
            ratio,
          },
        ],
        details: `${table}\n\nRatio of round medians: ${formatRatio(ratio)}. Every flow runs in a fresh browser (so it signs in) and its access token is checked (aud = the resource, both scopes).`,
        figures: { dev: devFlows, raw: rawFlows, ratio, latenciesMs: latencies },
      };
    } finally {
      await dev.close();
      await raw.close();
    }
  },
};
