import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { runAudit } from "../../src/cli/audit/run-audit.js";
import type { AuditReport } from "../../src/cli/audit/report.js";
import { nowSeconds, startTokenIssuer, type TokenIssuer } from "../support/token-issuer.js";
import { REQUIRED_SCOPE, startTarget, type TargetFlaws } from "./audit-target.js";

// The audit against servers built wrong on purpose: each flaw fails exactly the checks that look for it.
const OTHER_RESOURCE = "http://127.0.0.1:9/other";
let as: TokenIssuer;

async function startIssuer(methods: string[] = ["S256"]): Promise<TokenIssuer> {
  const issuer = await startTokenIssuer();
  issuer.server.route("/.well-known/oauth-authorization-server", {
    json: {
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      authorization_endpoint: `${issuer.issuer}/authorize`,
      token_endpoint: `${issuer.issuer}/token`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: methods,
    },
  });
  return issuer;
}

beforeAll(async () => {
  as = await startIssuer();
});
afterAll(() => as.close());

/** The five real tokens a person would pass, minted by `issuer` for `url`. */
async function tokensFor(issuer: TokenIssuer, url: string) {
  const now = nowSeconds();
  return {
    token: await issuer.token({ claims: { aud: url, scope: REQUIRED_SCOPE } }),
    foreignToken: await issuer.token({ claims: { aud: OTHER_RESOURCE, scope: REQUIRED_SCOPE } }),
    expiredToken: await issuer.token({ claims: { aud: url, scope: REQUIRED_SCOPE, iat: now - 7200, exp: now - 3600 } }),
    multiAudienceToken: await issuer.token({ claims: { aud: [url, OTHER_RESOURCE], scope: REQUIRED_SCOPE } }),
    insufficientScopeToken: await issuer.token({ claims: { aud: url, scope: "tools:write" } }),
  };
}

async function auditTarget(flaws: TargetFlaws, issuer: TokenIssuer = as): Promise<{ report: AuditReport; url: string }> {
  const target = await startTarget(issuer.issuer, flaws);
  onTestFinished(() => target.close());
  return { report: await runAudit({ serverUrl: target.url, tokens: await tokensFor(issuer, target.url) }), url: target.url };
}

const statuses = (report: AuditReport) => report.checks.map((check) => `${check.id}: ${check.status}`);

/** Every check id in report order, each passing unless `failing` names it with another status. */
function expected(changes: Record<string, "fail" | "skip"> = {}): string[] {
  const ids = [
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
    "expired-token",
    "multi-audience-token",
    "insufficient-scope-challenge",
    "no-token-echo",
  ];
  return ids.map((id) => `${id}: ${changes[id] ?? "pass"}`);
}

describe("audit of servers built wrong on purpose", () => {
  it("passes the server built right (bearerAuth + the verifier), every check with a real token", async () => {
    const { report, url } = await auditTarget({});
    expect(statuses(report)).toEqual(expected());
    expect(report.passed).toBe(true);
    expect(report.url).toBe(url);
    const detail = (id: string) => report.checks.find((check) => check.id === id)?.detail;
    const metadataUrl = url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp");
    expect(detail("unauthenticated-401")).toBe(`HTTP 401, WWW-Authenticate: Bearer scope="${REQUIRED_SCOPE}", resource_metadata="${metadataUrl}"`);
    expect(detail("resource-metadata")).toBe(`${metadataUrl} (from the challenge's resource_metadata): resource is exactly the server URL; authorization_servers: ${as.issuer}`);
    expect(detail("authorization-server-metadata")).toBe(`${as.issuer}: ${as.issuer}/.well-known/oauth-authorization-server (issuer exact, S256 supported)`);
    expect(detail("forged-signature")).toMatch(new RegExp(`^a token signed RS256 by a key the audit generated, under kid "${as.key.kid}" which the authorization server publishes, with iss ${as.issuer}, aud ${url}, valid for 5 minutes: HTTP 401, WWW-Authenticate: Bearer error="invalid_token"`));
    expect(detail("token-in-query")).toBe(`the valid --token in ?access_token= without an Authorization header: HTTP 401, WWW-Authenticate: Bearer scope="${REQUIRED_SCOPE}", resource_metadata="${metadataUrl}"`);
    expect(detail("valid-token-accepted")).toBe("initialize with the --token in Authorization: Bearer: HTTP 200 (application/json)");
    expect(detail("insufficient-scope-challenge")).toBe(
      `HTTP 403, WWW-Authenticate: Bearer error="insufficient_scope", error_description="the token lacks the scope tools:read", scope="${REQUIRED_SCOPE}", resource_metadata="${metadataUrl}"`,
    );
    expect(detail("no-token-echo")).toBe(
      "9 answers to requests carrying a token (forged-none, forged-signature, token-in-query, valid-token-accepted, authorization-header-scheme-case, foreign-token-refused, expired-token, multi-audience-token, insufficient-scope-challenge); none repeats it",
    );
  });

  it("fails a server that accepts any bearer token on every check that sends one it must refuse", async () => {
    const { report } = await auditTarget({ acceptAnyBearer: true });
    expect(statuses(report)).toEqual(
      expected({
        "forged-none": "fail",
        "forged-signature": "fail",
        "foreign-token-refused": "fail",
        "expired-token": "fail",
        "multi-audience-token": "fail",
        "insufficient-scope-challenge": "fail",
      }),
    );
    expect(report.passed).toBe(false);
    expect(report.checks.find((check) => check.id === "forged-none")?.detail).toMatch(/^an alg: none token with iss .* was ACCEPTED: HTTP 200 \(no WWW-Authenticate\)$/);
  });

  it("fails a server whose 401 has no resource_metadata on unauthenticated-401 only, and finds the metadata at the well-known URL", async () => {
    const { report, url } = await auditTarget({ noResourceMetadataInChallenge: true });
    expect(statuses(report)).toEqual(expected({ "unauthenticated-401": "fail" }));
    const byId = Object.fromEntries(report.checks.map((check) => [check.id, check.detail]));
    expect(byId["unauthenticated-401"]).toBe(
      `the Bearer challenge has no resource_metadata parameter (RFC 9728 §5.1), so clients must guess the metadata URL; got HTTP 401, WWW-Authenticate: Bearer scope="${REQUIRED_SCOPE}"`,
    );
    expect(byId["resource-metadata"]).toMatch(new RegExp(`^${url.replace("/mcp", "")}/.well-known/oauth-protected-resource/mcp \\(from the well-known URL\\)`));
  });

  it("fails a server whose metadata names another resource, and contacts no authorization server for it", async () => {
    const before = as.server.requests.length;
    const { report, url } = await auditTarget({ metadataResource: OTHER_RESOURCE });
    expect(statuses(report)).toEqual(expected({ "resource-metadata": "fail", "authorization-server-metadata": "skip" }));
    const detail = report.checks.find((check) => check.id === "resource-metadata")?.detail;
    expect(detail).toBe(
      `${url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")} (from the challenge's resource_metadata): its resource is "${OTHER_RESOURCE}", not exactly "${url}" (RFC 9728 §3.3); clients must not use it`,
    );
    // The target verifies tokens against the issuer's JWKS; the audit itself fetched nothing there.
    expect(as.server.requests.slice(before).filter((path) => path.startsWith("/.well-known/"))).toEqual([]);
  });

  it("fails a server that accepts a token for another resource (no audience check): the token-binding tests", async () => {
    const { report } = await auditTarget({ ignoreAudience: true });
    expect(statuses(report)).toEqual(expected({ "foreign-token-refused": "fail", "multi-audience-token": "fail" }));
    expect(report.checks.find((check) => check.id === "foreign-token-refused")?.detail).toBe(`the --foreign-token (aud "${OTHER_RESOURCE}") was ACCEPTED: HTTP 200 (no WWW-Authenticate)`);
  });

  it("fails a server that accepts a token in the query string on token-in-query only", async () => {
    const { report } = await auditTarget({ acceptQueryToken: true });
    expect(statuses(report)).toEqual(expected({ "token-in-query": "fail" }));
    expect(report.checks.find((check) => check.id === "token-in-query")?.detail).toBe(
      "the valid --token in ?access_token= without an Authorization header: expected 401, got HTTP 200 (no WWW-Authenticate)",
    );
  });

  it("fails a server that repeats refused tokens on no-token-echo only, and the report shows [token] where they were", async () => {
    const { report } = await auditTarget({ echoToken: true });
    expect(statuses(report)).toEqual(expected({ "no-token-echo": "fail" }));
    expect(report.checks.find((check) => check.id === "no-token-echo")?.detail).toBe(
      [
        "the answer to forged-none repeats the token in its body",
        "the answer to forged-none repeats the token in its www-authenticate header",
        "the answer to forged-signature repeats the token in its body",
        "the answer to forged-signature repeats the token in its www-authenticate header",
        "the answer to foreign-token-refused repeats the token in its body",
        "the answer to foreign-token-refused repeats the token in its www-authenticate header",
        "the answer to expired-token repeats the token in its body",
        "the answer to expired-token repeats the token in its www-authenticate header",
        "the answer to multi-audience-token repeats the token in its body",
        "the answer to multi-audience-token repeats the token in its www-authenticate header",
        "the answer to insufficient-scope-challenge repeats the token in its body",
        "the answer to insufficient-scope-challenge repeats the token in its www-authenticate header",
      ].join("\n"),
    );
    expect(report.checks.find((check) => check.id === "forged-none")?.detail).toMatch(/error_description="unsigned tokens \(alg none\) are refused: \[token\]", scope=/);
  });

  it("fails a server that knows only 'Bearer' spelled so on authorization-header-scheme-case only", async () => {
    const { report } = await auditTarget({ caseSensitiveScheme: true });
    expect(statuses(report)).toEqual(expected({ "authorization-header-scheme-case": "fail" }));
  });

  it("fails a server that serves its metadata as text/plain on resource-metadata-content-type only", async () => {
    const { report, url } = await auditTarget({ metadataAsText: true });
    expect(statuses(report)).toEqual(expected({ "resource-metadata-content-type": "fail" }));
    expect(report.checks.find((check) => check.id === "resource-metadata-content-type")?.detail).toBe(
      `${url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")} is served as "text/plain; charset=utf-8", not application/json (RFC 9728 §3.2)`,
    );
  });

  it("fails a server whose 403 carries no challenge on insufficient-scope-challenge only", async () => {
    const { report } = await auditTarget({ forbiddenWithoutChallenge: true });
    expect(statuses(report)).toEqual(expected({ "insufficient-scope-challenge": "fail" }));
    expect(report.checks.find((check) => check.id === "insufficient-scope-challenge")?.detail).toBe(
      `the 403 has no Bearer challenge with error="insufficient_scope": HTTP 403 (no WWW-Authenticate)`,
    );
  });

  it("fails authorization-server-metadata when the authorization server does not support PKCE S256", async () => {
    const plainOnly = await startIssuer(["plain"]);
    onTestFinished(() => plainOnly.close());
    const { report } = await auditTarget({}, plainOnly);
    expect(statuses(report)).toEqual(expected({ "authorization-server-metadata": "fail" }));
    expect(report.checks.find((check) => check.id === "authorization-server-metadata")?.detail).toBe(
      `${plainOnly.issuer}: ${plainOnly.issuer}/.well-known/oauth-authorization-server has code_challenge_methods_supported ["plain"], without "S256"`,
    );
  });

  it("skips the checks that need real tokens when none is given, and says the query test used a forged token", async () => {
    const target = await startTarget(as.issuer);
    onTestFinished(() => target.close());
    const report = await runAudit({ serverUrl: target.url });
    expect(statuses(report)).toEqual(
      expected({
        "valid-token-accepted": "skip",
        "authorization-header-scheme-case": "skip",
        "foreign-token-refused": "skip",
        "expired-token": "skip",
        "multi-audience-token": "skip",
        "insufficient-scope-challenge": "skip",
      }),
    );
    expect(report.passed).toBe(true);
    const byId = Object.fromEntries(report.checks.map((check) => [check.id, check.detail]));
    expect(byId["token-in-query"]).toMatch(/^a forged token \(pass --token to test a valid one\) in \?access_token= without an Authorization header: HTTP 401/);
    expect(byId["expired-token"]).toBe(
      "pass --expired-token with an expired token the authorization server issued for this server; a token the audit signs itself would be refused for its signature, which forged-signature already tests",
    );
    // Only the server's own origin and the issuer its metadata names were contacted; the target saw no well-known guesses.
    expect(target.requests.filter((path) => path.startsWith("/.well-known/"))).toEqual(["/.well-known/oauth-protected-resource/mcp"]);
  });
});
