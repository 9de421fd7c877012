import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { CLIENT_ID, RESOURCE, startTokenIssuer, type TokenIssuer } from "../../support/token-issuer.js";

let as: TokenIssuer;
beforeAll(async () => (as = await startTokenIssuer({ metadata: true })));
afterAll(() => as.close());

describe("createTokenVerifier", () => {
  it("accepts a token bound to the resource and reports its meaning", async () => {
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, tokenType: "at+jwt" });
    const token = await as.token({ claims: { exp: 2_000_000_000, scope: "github:read github:write" } });
    const verified = await verifier.verify(token, { requiredScopes: ["github:read"] });
    expect(verified).toEqual({
      subject: "alice",
      clientId: CLIENT_ID,
      scopes: ["github:read", "github:write"],
      audience: [RESOURCE],
      expiresAt: 2_000_000_000,
      claims: expect.objectContaining({ iss: as.issuer, aud: RESOURCE, sub: "alice", client_id: CLIENT_ID, exp: 2_000_000_000 }),
    });
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server", "/jwks"]);
  });
});
