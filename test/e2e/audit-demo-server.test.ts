import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExampleConfig, loopbackConfig } from "../../examples/demo/demo-config.js";
import { listenDemoServer, type DemoServer } from "../../examples/demo/mcp-server.js";
import { GITHUB_SERVER, JIRA_SERVER } from "../../examples/demo/servers.js";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../src/dev/index.js";
import { runCliCaptured } from "../support/cli.js";
import { ALICE, authorizationUrl, authorizeHeadlessly, HeadlessBrowser, pkcePair, tokenRequest } from "../support/dev-oauth.js";

// The demo's MCP servers (bearerAuth + the verifier, real Streamable HTTP) behind the dev authorization
// server, audited through the CLI with real tokens obtained by a headless sign-in.
let github: DemoServer;
let jira: DemoServer;
let as: DevAuthorizationServer;

beforeAll(async () => {
  github = await listenDemoServer(GITHUB_SERVER);
  jira = await listenDemoServer(JIRA_SERVER);
  const config = loopbackConfig(loadExampleConfig(), new Map([["github", github.url], ["jira", jira.url]]));
  as = await startDevAuthorizationServer({ config, users: [ALICE] });
  for (const server of [github, jira]) {
    const options = as.verifierOptions[server.spec.key];
    if (options === undefined) throw new Error(`no verifier options for ${server.spec.key}`);
    server.protect(options, Object.keys(config.resources[server.spec.key]?.scopes ?? {}));
  }
});

afterAll(async () => {
  await as?.close();
  await github?.close();
  await jira?.close();
});

/** Signs in as alice with the desktop agent and returns an access token for `resource` with `scope`. */
async function devToken(resource: string, scope: string): Promise<string> {
  const pkce = pkcePair();
  const redirectUri = "http://127.0.0.1:5555/callback";
  const request = { response_type: "code", client_id: "desktop-agent", redirect_uri: redirectUri, code_challenge: pkce.challenge, code_challenge_method: "S256", scope, resource, state: "audit" };
  const outcome = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl(as.issuer, request), ALICE, "http://127.0.0.1:5555/");
  if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.visit.status}`);
  const code = outcome.url.searchParams.get("code") ?? "";
  const { status, body } = await tokenRequest(as.issuer, { grant_type: "authorization_code", code, code_verifier: pkce.verifier, redirect_uri: redirectUri, client_id: "desktop-agent", resource });
  if (status !== 200) throw new Error(`token request: ${status} ${JSON.stringify(body)}`);
  return String(body["access_token"]);
}

describe("pulumi-mcp-auth audit against the demo's MCP server and the dev authorization server", () => {
  it("passes every check it can run with --token, --foreign-token and --insufficient-scope-token; exit 0; prints no token", async () => {
    const token = await devToken(github.url, "github:read");
    const foreignToken = await devToken(jira.url, "jira:read");
    const insufficientScopeToken = await devToken(github.url, "github:write");
    const run = await runCliCaptured(["audit", github.url, "--json", "--token", token, "--foreign-token", foreignToken, "--insufficient-scope-token", insufficientScopeToken]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { url: string; passed: boolean; checks: { id: string; status: string; detail: string }[] };
    expect(report.url).toBe(github.url);
    expect(report.passed).toBe(true);
    expect(report.checks.map((check) => `${check.id}: ${check.status}`)).toEqual([
      "unauthenticated-401: pass",
      "resource-metadata: pass",
      "resource-metadata-content-type: pass",
      "authorization-server-metadata: pass",
      "forged-none: pass",
      "forged-signature: pass",
      "token-in-query: pass",
      "valid-token-accepted: pass",
      "authorization-header-scheme-case: pass",
      "foreign-token-refused: pass",
      "expired-token: skip",
      "multi-audience-token: skip",
      "insufficient-scope-challenge: pass",
      "no-token-echo: pass",
    ]);
    const detail = (id: string) => report.checks.find((check) => check.id === id)?.detail;
    expect(detail("authorization-server-metadata")).toBe(`${as.issuer}: ${as.issuer}/.well-known/oauth-authorization-server (issuer exact, S256 supported)`);
    // The dev server publishes one ES256 key; the forgery borrows its kid.
    expect(detail("forged-signature")).toMatch(/^a token signed ES256 by a key the audit generated, under kid "[^"]+" which the authorization server publishes/);
    expect(detail("foreign-token-refused")).toMatch(new RegExp(`^the --foreign-token \\(aud "${jira.url}"\\): HTTP 401, WWW-Authenticate: Bearer error="invalid_token"`));
    expect(detail("insufficient-scope-challenge")).toMatch(/^HTTP 403, WWW-Authenticate: Bearer error="insufficient_scope", .*scope="github:read"/);
    for (const secret of [token, foreignToken, insufficientScopeToken]) expect(run.stdout).not.toContain(secret);
  });

  it("passes the jira server too: its own token accepted, the github token refused", async () => {
    const token = await devToken(jira.url, "jira:read");
    const foreignToken = await devToken(github.url, "github:read");
    const run = await runCliCaptured(["audit", jira.url, "--json", "--token", token, "--foreign-token", foreignToken]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.filter((check) => check.status !== "skip").map((check) => check.id)).toEqual([
      "unauthenticated-401",
      "resource-metadata",
      "resource-metadata-content-type",
      "authorization-server-metadata",
      "forged-none",
      "forged-signature",
      "token-in-query",
      "valid-token-accepted",
      "authorization-header-scheme-case",
      "foreign-token-refused",
      "no-token-echo",
    ]);
  });
});
