import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit, ServerUnreachableError } from "../../../src/cli/audit/run-audit.js";
import { startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("runAudit", () => {
  it("fails a check whose request gets no answer, names why, and goes on with the others", async () => {
    const server = await startLoopbackServer();
    servers.push(server);
    // Refuses requests without a token properly, but never answers one that carries a token; serves no metadata.
    server.route("/mcp", (req, res) => {
      if (req.headers.authorization === undefined) res.writeHead(401, { "www-authenticate": `Bearer resource_metadata="${server.origin}/prm"` }).end();
    });
    const report = await runAudit({ serverUrl: `${server.origin}/mcp`, limits: { timeoutMs: 300, maxBodyBytes: 65_536, maxRedirects: 0 } });
    expect(report.checks.map((check) => `${check.id}: ${check.status}: ${check.detail}`)).toEqual([
      `unauthenticated-401: pass: HTTP 401, WWW-Authenticate: Bearer resource_metadata="${server.origin}/prm"`,
      `resource-metadata: fail: no usable document from the challenge's resource_metadata: ${server.origin}/prm: HTTP 404`,
      "resource-metadata-content-type: skip: no protected resource metadata was found",
      "authorization-server-metadata: skip: a client would stop before contacting an authorization server: no protected resource metadata",
      `forged-none: fail: no answer: ${server.origin}/mcp: no answer within 300 ms`,
      `forged-signature: fail: no answer: ${server.origin}/mcp: no answer within 300 ms`,
      `token-in-query: pass: a forged token (pass --token to test a valid one) in ?access_token= without an Authorization header: HTTP 401, WWW-Authenticate: Bearer resource_metadata="${server.origin}/prm"`,
      "valid-token-accepted: skip: pass --token with a valid access token for this server",
      "authorization-header-scheme-case: skip: pass --token with a valid access token for this server",
      "foreign-token-refused: skip: pass --foreign-token with a token the same authorization server issued for another resource",
      "expired-token: skip: pass --expired-token with an expired token the authorization server issued for this server; a token the audit signs itself would be refused for its signature, which forged-signature already tests",
      "multi-audience-token: skip: pass --multi-audience-token with a real token whose aud is an array holding this server's URL and another resource",
      "insufficient-scope-challenge: skip: pass --insufficient-scope-token with a valid token for this server that lacks a scope the MCP endpoint needs",
      "no-token-echo: pass: 1 answer to requests carrying a token (token-in-query); none repeats it",
    ]);
    expect(report.passed).toBe(false);
    // The forged tokens are in the query of the token-in-query request only; no other request had a query.
    expect(server.requests.map((path) => path.replace(/access_token=.*/, "access_token=…"))).toEqual(["/mcp", "/prm", "/mcp", "/mcp", "/mcp?access_token=…"]);
  });

  it("does not count a 5xx to a valid token as acceptance, nor a 401 or 403", async () => {
    const server = await startLoopbackServer();
    servers.push(server);
    const statusFor: Record<string, number> = { "Bearer valid-503": 503, "Bearer valid-403": 403, "Bearer valid-401": 401, "Bearer valid-200": 200 };
    server.route("/mcp", (req, res) => res.writeHead(statusFor[req.headers.authorization ?? ""] ?? 401).end());
    const outcomes: string[] = [];
    for (const token of ["valid-503", "valid-403", "valid-401", "valid-200"]) {
      const report = await runAudit({ serverUrl: `${server.origin}/mcp`, tokens: { token } });
      const check = report.checks.find((found) => found.id === "valid-token-accepted");
      outcomes.push(`${check?.status}: ${check?.detail}`);
    }
    expect(outcomes).toEqual([
      "fail: initialize with the --token in Authorization: Bearer: the server could not decide (HTTP 503 (no WWW-Authenticate))",
      "fail: initialize with the --token in Authorization: Bearer was refused: HTTP 403 (no WWW-Authenticate)",
      "fail: initialize with the --token in Authorization: Bearer was refused: HTTP 401 (no WWW-Authenticate)",
      "pass: initialize with the --token in Authorization: Bearer: HTTP 200",
    ]);
  });

  it("skips expired-token, sending nothing, for a token whose expiry it cannot read", async () => {
    const server = await startLoopbackServer();
    servers.push(server);
    server.route("/mcp", (_req, res) => res.writeHead(401).end());
    const report = await runAudit({ serverUrl: `${server.origin}/mcp`, tokens: { expiredToken: "opaque-value" } });
    expect(report.checks.find((check) => check.id === "expired-token")).toMatchObject({
      status: "skip",
      detail: "the --expired-token is not a JWT with a numeric exp, so the audit cannot tell that it has expired",
    });
    expect(report.checks.find((check) => check.id === "no-token-echo")?.detail).not.toContain("expired-token");
  });

  it("throws ServerUnreachableError naming the URL and the reason when the first request gets no answer", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await runAudit({ serverUrl: `http://127.0.0.1:${port}/mcp`, tokens: { token: "secret-token-value" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toBe(`the MCP server is unreachable: http://127.0.0.1:${port}/mcp: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});
