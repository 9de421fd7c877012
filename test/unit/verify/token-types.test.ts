import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../../../src/verify/index.js";
import { expectRefusal } from "../../support/refusals.js";
import { RESOURCE, startTokenIssuer, type TokenIssuer } from "../../support/token-issuer.js";

// RFC 9068 typ when the IdP issues it; ID tokens refused either way (RFC 8725 §3.11, RFC 9068 §4).
let as: TokenIssuer;
let rfc9068: TokenVerifier;
let generic: TokenVerifier;

beforeAll(async () => {
  as = await startTokenIssuer();
  rfc9068 = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri, tokenType: "at+jwt" });
  generic = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri });
});
afterAll(() => as.close());

describe('tokenType: "at+jwt" requires the RFC 9068 header type', () => {
  it.each(["at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"])("accepts typ %j (case-insensitive, application/ optional)", async (typ) => {
    await expect(rfc9068.verify(await as.token({ header: { typ } }))).resolves.toMatchObject({ subject: "alice" });
  });

  it.each([
    ["typ JWT", { typ: "JWT" }],
    ["no typ", { typ: undefined }],
    ["typ at+jwt with a suffix", { typ: "at+jwt; charset=utf-8" }],
    ["a non-string typ", { typ: 1 }],
  ])("refuses %s", async (_, header) => {
    await expectRefusal(rfc9068.verify(await as.token({ header })), "invalid_token", "the token type (typ) must be at+jwt");
  });
});

describe("without tokenType, other access-token shapes pass but ID tokens do not", () => {
  it.each([
    ["typ JWT (Keycloak, Auth0 access_token dialect)", { typ: "JWT" }],
    ["no typ (Okta)", { typ: undefined }],
    ["typ at+jwt", { typ: "at+jwt" }],
  ])("accepts %s", async (_, header) => {
    await expect(generic.verify(await as.token({ header }))).resolves.toMatchObject({ subject: "alice" });
  });

  it.each(["id_token+jwt", "logout+jwt", "secevent+jwt", "dpop+jwt", "application/example"])("refuses the header typ %j", async (typ) => {
    await expectRefusal(generic.verify(await as.token({ header: { typ } })), "invalid_token", "the token type (typ) is not an access token type");
  });

  it.each(["ID", "Refresh", "Logout", "Offline", 1])("refuses a Keycloak-style typ claim %j", async (typ) => {
    const token = await as.token({ header: { typ: "JWT" }, claims: { typ, azp: "desktop-agent" } });
    await expectRefusal(generic.verify(token), "invalid_token", "the token is not an access token (its typ claim is not Bearer)");
  });

  it("accepts Keycloak's access-token typ claim Bearer", async () => {
    const token = await as.token({ header: { typ: "JWT" }, claims: { typ: "Bearer", azp: "desktop-agent", client_id: undefined } });
    await expect(generic.verify(token)).resolves.toMatchObject({ clientId: "desktop-agent" });
  });

  it.each(["nonce", "at_hash", "c_hash", "s_hash"])("refuses a token carrying the ID-token claim %s", async (claim) => {
    const token = await as.token({ header: { typ: "JWT" }, claims: { [claim]: "x" } });
    await expectRefusal(generic.verify(token), "invalid_token", "the token is an ID token (it carries nonce, at_hash, c_hash or s_hash), not an access token");
  });

  it("refuses a token addressed only to the client it was issued to (aud equals azp)", async () => {
    const token = await as.token({ header: { typ: "JWT" }, claims: { aud: RESOURCE, azp: RESOURCE } });
    await expectRefusal(generic.verify(token), "invalid_token", "the token is addressed only to the client it was issued to (aud equals azp), as ID tokens are");
  });

  it("refuses ID tokens with the RFC 9068 verifier too (defence in depth)", async () => {
    await expectRefusal(rfc9068.verify(await as.token({ claims: { nonce: "n" } })), "invalid_token", "the token is an ID token (it carries nonce, at_hash, c_hash or s_hash), not an access token");
  });
});
