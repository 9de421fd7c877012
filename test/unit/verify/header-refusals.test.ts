import { CompactEncrypt, exportJWK, exportSPKI, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { startLoopbackServer, type LoopbackServer } from "../../support/loopback-server.js";
import { expectRefusal } from "../../support/refusals.js";
import { b64u, generateSigningKey, nowSeconds, RESOURCE, type SigningKey } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

// SECURITY.md §C, header and signature rules: every token here is refused with 401 invalid_token.
const fixture = useVerifiedIssuer();
let attacker: LoopbackServer;
let attackerKey: SigningKey;

beforeAll(async () => {
  attackerKey = await generateSigningKey("RS256", "attacker-key");
  attacker = await startLoopbackServer({ "/jwks": { json: { keys: [attackerKey.publicJwk] } } });
});
afterAll(() => attacker.close());

const claims = () => ({ iss: fixture.as.issuer, aud: RESOURCE, sub: "alice", scope: "github:read", exp: nowSeconds() + 600 });

describe("header and signature refusals (SECURITY.md §C)", () => {
  it("accepts the well-formed token these cases are derived from", async () => {
    await expect(fixture.verifier.verify(await fixture.as.token())).resolves.toMatchObject({ subject: "alice", scopes: ["github:read"] });
  });

  it.each(["none", "None", "NONE", "nOnE"])("refuses an unsigned token with alg %j", async (alg) => {
    const token = `${b64u(JSON.stringify({ alg, typ: "at+jwt" }))}.${b64u(JSON.stringify(claims()))}.`;
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "unsigned tokens (alg none) are refused");
  });

  it("refuses a correctly signed token whose algorithm is outside the allow-list", async () => {
    const esOnly = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, algorithms: ["ES256"] });
    await expectRefusal(esOnly.verify(await fixture.as.token()), "invalid_token", "the token algorithm is not in the allowed list");
  });

  it.each([
    ["the SPKI PEM", async (key: SigningKey) => new TextEncoder().encode(await exportSPKI(key.publicKey))],
    ["the public JWK as JSON", async (key: SigningKey) => new TextEncoder().encode(JSON.stringify(key.publicJwk))],
    ["the RSA modulus", async (key: SigningKey) => Buffer.from(String((await exportJWK(key.publicKey)).n), "base64url")],
  ])("refuses an HS256 token whose HMAC key is %s of the issuer's public key", async (_, secretOf) => {
    const secret = await secretOf(fixture.as.key);
    const { CompactSign } = await import("jose");
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims())))
      .setProtectedHeader({ alg: "HS256", kid: fixture.as.key.kid, typ: "at+jwt" })
      .sign(secret);
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token algorithm is not in the allowed list");
  });

  it("refuses a token whose signature was altered", async () => {
    const [header, payload, signature = ""] = (await fixture.as.token()).split(".");
    const middle = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, middle) + (signature[middle] === "A" ? "B" : "A") + signature.slice(middle + 1);
    await expectRefusal(fixture.verifier.verify(`${header}.${payload}.${flipped}`), "invalid_token", "the token signature is invalid");
  });

  it("refuses a token whose payload was swapped under a valid signature", async () => {
    const [header, , signature] = (await fixture.as.token()).split(".");
    const forged = b64u(JSON.stringify({ ...claims(), scope: "github:read github:write" }));
    await expectRefusal(fixture.verifier.verify(`${header}.${forged}.${signature}`), "invalid_token", "the token signature is invalid");
  });

  it("refuses a token signed by a key the issuer does not publish, even with the issuer's kid", async () => {
    const token = await fixture.as.token({ key: attackerKey, header: { kid: fixture.as.key.kid } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token signature is invalid");
  });

  it("refuses a JWE (five-part compact encryption) without trying to decrypt it", async () => {
    const { publicKey } = await generateKeyPair("RSA-OAEP-256");
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims())))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", typ: "at+jwt" })
      .encrypt(publicKey);
    expect(jwe.split(".")).toHaveLength(5);
    await expectRefusal(fixture.verifier.verify(jwe), "invalid_token", "encrypted tokens (JWE) are not accepted; send a signed JWT");
  });

  it("refuses a signed token whose header declares an encryption (enc)", async () => {
    const token = await fixture.as.token({ header: { enc: "A256GCM" } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "encrypted tokens (JWE) are not accepted; send a signed JWT");
  });

  it.each(["JWT", "jwt", "application/JWT"])("refuses a nested JWT (cty %j) even when the outer signature is the issuer's", async (cty) => {
    const inner = await fixture.as.token();
    const token = await fixture.as.signRaw({ alg: "RS256", kid: fixture.as.key.kid, typ: "at+jwt", cty }, inner);
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "nested tokens (cty JWT) are not accepted");
  });

  it.each([
    ["jku", () => `${attacker.origin}/jwks`],
    ["x5u", () => `${attacker.origin}/cert.pem`],
    ["jwk", () => attackerKey.publicJwk],
    ["x5c", () => ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]],
  ])("refuses a token carrying %s and never fetches what it points to", async (name, value) => {
    const requestsBefore = fixture.as.server.requests.length;
    const token = await fixture.as.token({ key: attackerKey, header: { [name]: value() } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "tokens that carry or point to their own key (jku, x5u, jwk, x5c) are refused");
    expect(attacker.requests).toEqual([]);
    expect(fixture.as.server.requests.length).toBe(requestsBefore);
  });

  it("refuses a token with a critical extension it does not understand, even when correctly signed", async () => {
    const token = await fixture.as.signRaw({ alg: "RS256", kid: fixture.as.key.kid, typ: "at+jwt", crit: ["exp2"], exp2: true }, JSON.stringify(claims()));
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token header lists critical extensions (crit) this verifier does not support");
  });
});
