import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { expectRefusal } from "../../support/refusals.js";
import { nowSeconds, RESOURCE, startTokenIssuer, type TokenIssuer } from "../../support/token-issuer.js";

// The IdP differences that verifierOptions absorb (docs/design.md §5): scopes, client ids, audiences, issuers.
let as: TokenIssuer;
beforeAll(async () => (as = await startTokenIssuer()));
afterAll(() => as.close());

const plain = () => createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri });

describe("tokens as each IdP issues them", () => {
  it("Auth0 rfc9068_profile: issuer with a trailing slash, aud array with /userinfo, client_id, scope string", async () => {
    const issuer = `${as.issuer}/`;
    const userinfo = `${as.issuer}/userinfo`;
    const verifier = createTokenVerifier({ issuer, resource: RESOURCE, jwksUri: as.jwksUri, allowedExtraAudiences: [userinfo], tokenType: "at+jwt" });
    const exp = nowSeconds() + 600;
    const token = await as.token({ claims: { iss: issuer, aud: [RESOURCE, userinfo], client_id: "abc123", scope: "openid github:read", azp: undefined, exp } });
    expect(await verifier.verify(token)).toEqual({
      subject: "alice",
      clientId: "abc123",
      scopes: ["openid", "github:read"],
      audience: [RESOURCE, userinfo],
      expiresAt: exp,
      claims: expect.objectContaining({ iss: issuer }),
    });
  });

  it("Okta custom authorization server: no typ, scp array, cid", async () => {
    const token = await as.token({ header: { typ: undefined }, claims: { client_id: undefined, scope: undefined, scp: ["github:read", "github:write"], cid: "0oa1b2c3" } });
    expect(await plain().verify(token)).toMatchObject({ clientId: "0oa1b2c3", scopes: ["github:read", "github:write"] });
  });

  it("Keycloak: typ JWT, typ claim Bearer, azp, scope string with OIDC scopes", async () => {
    const token = await as.token({ header: { typ: "JWT" }, claims: { typ: "Bearer", client_id: undefined, azp: "mcp-cli", scope: "openid email profile github:read" } });
    expect(await plain().verify(token)).toMatchObject({ clientId: "mcp-cli", scopes: ["openid", "email", "profile", "github:read"] });
  });

  it("Microsoft-style scp as a space-separated string", async () => {
    const token = await as.token({ claims: { scope: undefined, scp: "github:read  github:write" } });
    expect(await plain().verify(token)).toMatchObject({ scopes: ["github:read", "github:write"] });
  });

  it("a token without scope claims has no scopes and no client when it names none", async () => {
    const token = await as.token({ claims: { scope: undefined, client_id: undefined } });
    expect(await plain().verify(token)).toMatchObject({ scopes: [], clientId: undefined });
  });

  it("prefers client_id over azp over cid, and scope over scp", async () => {
    const token = await as.token({ claims: { client_id: "one", azp: "two", cid: "three", scope: "github:read", scp: ["github:write"] } });
    expect(await plain().verify(token)).toMatchObject({ clientId: "one", scopes: ["github:read"] });
  });

  it.each([
    ["scope as an array", { scope: ["github:read"] }, "the scope claim is not a space-separated string"],
    ["scp with a number", { scope: undefined, scp: ["github:read", 7] }, "the scp claim is not an array of strings"],
    ["client_id as a number", { client_id: 7 }, "the client_id claim is not a non-empty string"],
    ["aud with a number", { aud: [RESOURCE, 7] }, "the aud claim is not a string or an array of strings"],
  ])("refuses %s", async (_, claims, message) => {
    await expectRefusal(plain().verify(await as.token({ claims })), "invalid_token", message);
  });
});

describe("required scopes (SECURITY.md §C: 403 insufficient_scope with scope=)", () => {
  it("refuses a valid token missing a required scope with 403, naming every required scope", async () => {
    const error = await expectRefusal(
      plain().verify(await as.token({ claims: { scope: "github:read" } }), { requiredScopes: ["github:read", "github:write"] }),
      "insufficient_scope",
      "the token lacks the scope github:write",
    );
    expect(error.requiredScopes).toEqual(["github:read", "github:write"]);
  });

  it("reads required scopes from scp as well", async () => {
    const token = await as.token({ claims: { scope: undefined, scp: ["github:write"] } });
    await expect(plain().verify(token, { requiredScopes: ["github:write"] })).resolves.toMatchObject({ scopes: ["github:write"] });
    await expectRefusal(plain().verify(token, { requiredScopes: ["github:read"] }), "insufficient_scope", "the token lacks the scope github:read");
  });

  it("does not match scopes by prefix or case", async () => {
    const token = await as.token({ claims: { scope: "github:readwrite GITHUB:READ" } });
    await expectRefusal(plain().verify(token, { requiredScopes: ["github:read"] }), "insufficient_scope", "the token lacks the scope github:read");
  });

  it("answers 401, not 403, when the token is bad as well as short of scopes", async () => {
    const token = await as.token({ claims: { scope: "", aud: "https://mcp.example.com/jira" } });
    await expectRefusal(plain().verify(token, { requiredScopes: ["github:read"] }), "invalid_token", "the token is not meant for this resource (aud)");
  });

  it("rejects required scopes that are not scope tokens, since they would travel in a header", async () => {
    await expect(plain().verify(await as.token(), { requiredScopes: ['a"b'] })).rejects.toThrow(new TypeError('verify: requiredScopes must be an array of RFC 6749 scope tokens, got ["a\\"b"]'));
  });
});
