import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startDevAuthorizationServer } from "../../src/dev/index.js";
import { ALICE, GITHUB, JIRA, authorizationCode, codeExchange, devConfig, tokenRequest } from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// SECURITY.md §D at the token endpoint: JWT access tokens bound to one resource with only granted scopes,
// resource required before anything is consumed, single-use codes that expire after 60 s.
const dev = useDevServer();
afterEach(() => {
  vi.useRealTimers();
});

describe("access tokens (RFC 9068)", () => {
  it("carries exactly these claims: aud = the one resource, the granted scope, the client, the user", async () => {
    const response = await tokenRequest(dev.issuer, codeExchange(await authorizationCode(dev.issuer)));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "scope", "token_type"]);
    expect(response.body).toMatchObject({ token_type: "Bearer", scope: "github:read", expires_in: 300 });

    const token = response.body.access_token as string;
    const jwks = (await (await fetch(dev.server.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", typ: "at+jwt", kid: jwks.keys[0]?.kid });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub"]);
    expect(claims).toMatchObject({ iss: dev.issuer, aud: GITHUB, scope: "github:read", client_id: "agent", sub: "alice" });
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
  });

  it("verifies against the server's JWKS with typ at+jwt", async () => {
    const response = await tokenRequest(dev.issuer, codeExchange(await authorizationCode(dev.issuer)));
    const { payload, protectedHeader } = await jwtVerify(response.body.access_token, createRemoteJWKSet(new URL(dev.server.jwksUri)), {
      issuer: dev.issuer,
      audience: GITHUB,
      typ: "at+jwt",
      algorithms: ["ES256"],
    });
    expect(payload.aud).toBe(GITHUB);
    expect(protectedHeader.typ).toBe("at+jwt");
  });

  it("uses each resource's own lifetime from the config", async () => {
    const response = await tokenRequest(dev.issuer, codeExchange(await authorizationCode(dev.issuer, { resource: JIRA, scope: "jira:read" }), JIRA));
    const claims = decodeJwt(response.body.access_token);
    expect([response.body.expires_in, (claims.exp as number) - (claims.iat as number), claims.aud]).toEqual([900, 900, JIRA]);
  });

  it("grants exactly the requested scopes of that resource (scopes the client may not obtain are refused at authorization)", async () => {
    const grant = await authorizationCode(dev.issuer, { scope: "github:write github:read" });
    const response = await tokenRequest(dev.issuer, codeExchange(grant));
    expect(response.body.scope).toBe("github:write github:read");
    expect(decodeJwt(response.body.access_token)["scope"]).toBe("github:write github:read");
  });

  it("publishes only the public signing key", async () => {
    const jwks = (await (await fetch(dev.server.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0] ?? {}).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
  });

  it("signs with a key made for this run: another server's key differs and cannot verify its tokens", async () => {
    const other = await startDevAuthorizationServer({ config: devConfig(), users: [ALICE] });
    try {
      const [ours, theirs] = await Promise.all([dev.server.jwksUri, other.jwksUri].map(async (uri) => ((await (await fetch(uri)).json()) as { keys: Array<Record<string, unknown>> }).keys[0]));
      expect(theirs?.kid).not.toBe(ours?.kid);
      expect(theirs?.x).not.toBe(ours?.x);
      const token = (await tokenRequest(dev.issuer, codeExchange(await authorizationCode(dev.issuer)))).body.access_token as string;
      await expect(jwtVerify(token, createRemoteJWKSet(new URL(other.jwksUri)), { audience: GITHUB })).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    } finally {
      await other.close();
    }
  });
});

describe("resource at the token endpoint", () => {
  it("refuses a code exchange without resource, and does not spend the code", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, { ...codeExchange(grant), resource: undefined })).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "the resource parameter is required: name the one MCP resource this token is for (RFC 8707)" },
    });
    expect((await tokenRequest(dev.issuer, codeExchange(grant))).status).toBe(200);
  });

  it("refuses a resource the config does not declare", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, codeExchange(grant, "http://127.0.0.1:7001/gitlab"))).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "http://127.0.0.1:7001/gitlab is not a resource of this authorization server" },
    });
  });

  it("refuses a declared resource the client is not granted", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, codeExchange(grant, "https://docs.example.com/mcp"))).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "client agent is not granted https://docs.example.com/mcp" },
    });
  });

  it("refuses two resources", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, { ...codeExchange(grant), resource: [GITHUB, JIRA] })).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "exactly one resource per request: every access token is bound to one MCP resource" },
    });
  });

  it("refuses a granted resource other than the one the code was issued for, and does not spend the code", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, codeExchange(grant, JIRA))).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: `this authorization code was issued for ${GITHUB}; ask for a token for that resource` },
    });
    expect((await tokenRequest(dev.issuer, codeExchange(grant))).status).toBe(200);
  });
});

describe("authorization codes", () => {
  it("are single use: a second exchange fails and revokes what the first one issued", async () => {
    const grant = await authorizationCode(dev.issuer);
    const first = await tokenRequest(dev.issuer, codeExchange(grant));
    expect(first.status).toBe(200);
    expect(await tokenRequest(dev.issuer, codeExchange(grant))).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
    const refresh = await tokenRequest(dev.issuer, { grant_type: "refresh_token", refresh_token: first.body.refresh_token, client_id: "agent", resource: GITHUB });
    expect(refresh).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });

  it("need the PKCE verifier of their challenge", async () => {
    const grant = await authorizationCode(dev.issuer);
    expect(await tokenRequest(dev.issuer, { ...codeExchange(grant), code_verifier: "x".repeat(43) })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "grant request is invalid" },
    });
    expect(await tokenRequest(dev.issuer, { ...codeExchange(grant), code_verifier: undefined })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "grant request is invalid" },
    });
  });

  it("are refused 61 s after issue", async () => {
    const grant = await authorizationCode(dev.issuer);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await tokenRequest(dev.issuer, codeExchange(grant))).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });

  it("are still accepted 59 s after issue", async () => {
    const grant = await authorizationCode(dev.issuer);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 59_000);
    expect((await tokenRequest(dev.issuer, codeExchange(grant))).status).toBe(200);
  });

  it("must be redeemed by the client they were issued to", async () => {
    const grant = await authorizationCode(dev.issuer);
    const response = await tokenRequest(dev.issuer, { ...codeExchange(grant), client_id: "cli" });
    expect(response).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } });
  });
});
