import { describe, expect, it } from "vitest";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { expectRefusal } from "../../support/refusals.js";
import { b64u, nowSeconds, RESOURCE } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

// SECURITY.md §C, claim and format rules: refused with 401 invalid_token after (or before) the signature.
const fixture = useVerifiedIssuer();

const header = () => ({ alg: "RS256", kid: fixture.as.key.kid, typ: "at+jwt" });
const claimsJson = (extra: string) => `{"iss":${JSON.stringify(fixture.as.issuer)},"aud":${JSON.stringify(RESOURCE)},"sub":"alice",${extra}}`;

describe("issuer (SECURITY.md §C: iss exactly the issuer)", () => {
  it.each([
    ["with a trailing slash added", (issuer: string) => `${issuer}/`],
    ["in another case", (issuer: string) => issuer.replace("http://", "HTTP://")],
    ["of another server", () => "https://evil.example.com"],
    ["as an array", (issuer: string) => [issuer]],
  ])("refuses iss %s", async (_, issOf) => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { iss: issOf(fixture.as.issuer) } })), "invalid_token", "the token was issued by another issuer (iss)");
  });

  it("refuses a token without iss", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { iss: undefined } })), "invalid_token", "the token has no iss claim");
  });

  it("compares the configured issuer exactly too: a verifier configured with a trailing slash refuses the slash-less iss", async () => {
    const slashed = createTokenVerifier({ issuer: `${fixture.as.issuer}/`, resource: RESOURCE, jwksUri: fixture.as.jwksUri });
    await expectRefusal(slashed.verify(await fixture.as.token()), "invalid_token", "the token was issued by another issuer (iss)");
    await expect(slashed.verify(await fixture.as.token({ claims: { iss: `${fixture.as.issuer}/` } }))).resolves.toMatchObject({ subject: "alice" });
  });
});

describe("audience (SECURITY.md §C: aud contains the resource and nothing not allowed)", () => {
  it("refuses a token without aud", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { aud: undefined } })), "invalid_token", "the token has no aud claim");
  });

  it.each([
    ["another resource", "https://mcp.example.com/jira"],
    ["the resource with a trailing slash", `${RESOURCE}/`],
    ["the resource in another case", RESOURCE.toUpperCase()],
    ["an empty list", []],
  ])("refuses aud naming %s", async (_, aud) => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { aud } })), "invalid_token", "the token is not meant for this resource (aud)");
  });

  it("refuses a token also meant for another audience", async () => {
    const token = await fixture.as.token({ claims: { aud: [RESOURCE, "https://mcp.example.com/jira"] } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token is also meant for an audience this server does not accept");
  });

  it("accepts an extra audience only when it is explicitly allowed (Auth0's /userinfo)", async () => {
    const userinfo = "https://tenant.example.com/userinfo";
    const token = await fixture.as.token({ claims: { aud: [RESOURCE, userinfo] } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token is also meant for an audience this server does not accept");
    const auth0Style = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, allowedExtraAudiences: [userinfo] });
    await expect(auth0Style.verify(token)).resolves.toMatchObject({ audience: [RESOURCE, userinfo] });
  });

  it("refuses a token whose only audience is an allowed extra one", async () => {
    const auth0Style = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, allowedExtraAudiences: ["https://tenant.example.com/userinfo"] });
    const token = await fixture.as.token({ claims: { aud: "https://tenant.example.com/userinfo" } });
    await expectRefusal(auth0Style.verify(token), "invalid_token", "the token is not meant for this resource (aud)");
  });
});

describe("time claims (SECURITY.md §C: exp, nbf, bounded clock tolerance)", () => {
  it("refuses a token that expired longer ago than the default 30 s tolerance", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { exp: nowSeconds() - 31 } })), "invalid_token", "the token has expired");
  });

  it("accepts a token that expired within the tolerance, and honours a larger configured tolerance", async () => {
    await expect(fixture.verifier.verify(await fixture.as.token({ claims: { exp: nowSeconds() - 20 } }))).resolves.toMatchObject({ subject: "alice" });
    const expiredMinute = await fixture.as.token({ claims: { exp: nowSeconds() - 60 } });
    await expectRefusal(fixture.verifier.verify(expiredMinute), "invalid_token", "the token has expired");
    const lenient = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, clockToleranceSeconds: 120 });
    await expect(lenient.verify(expiredMinute)).resolves.toMatchObject({ subject: "alice" });
  });

  it("refuses a token that is not valid yet (nbf beyond the tolerance)", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { nbf: nowSeconds() + 60 } })), "invalid_token", "the token is not valid yet (nbf)");
    await expect(fixture.verifier.verify(await fixture.as.token({ claims: { nbf: nowSeconds() + 20 } }))).resolves.toMatchObject({ subject: "alice" });
  });

  it.each([
    ["an hour", 3600],
    ["a minute", 60],
    ["a year", 365 * 86_400],
  ])("refuses a token issued %s in the future (iat beyond the tolerance)", async (_, ahead) => {
    const token = await fixture.as.token({ claims: { iat: nowSeconds() + ahead, exp: nowSeconds() + ahead + 600 } });
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token was issued in the future (iat), beyond the clock tolerance");
  });

  it("accepts iat in the future within the tolerance, and honours a larger configured tolerance", async () => {
    await expect(fixture.verifier.verify(await fixture.as.token({ claims: { iat: nowSeconds() + 20 } }))).resolves.toMatchObject({ subject: "alice" });
    const minuteAhead = await fixture.as.token({ claims: { iat: nowSeconds() + 60 } });
    await expectRefusal(fixture.verifier.verify(minuteAhead), "invalid_token", "the token was issued in the future (iat), beyond the clock tolerance");
    const lenient = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, clockToleranceSeconds: 120 });
    await expect(lenient.verify(minuteAhead)).resolves.toMatchObject({ subject: "alice" });
    const strict = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, clockToleranceSeconds: 0 });
    await expectRefusal(strict.verify(await fixture.as.token({ claims: { iat: nowSeconds() + 5 } })), "invalid_token", "the token was issued in the future (iat), beyond the clock tolerance");
  });

  it("accepts a token without iat (RFC 9068 requires it, but IdPs differ and exp still bounds the token)", async () => {
    await expect(fixture.verifier.verify(await fixture.as.token({ claims: { iat: undefined } }))).resolves.toMatchObject({ subject: "alice" });
  });

  it("refuses a token without exp (jose would accept it)", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { exp: undefined } })), "invalid_token", "the token has no exp claim");
  });

  it.each([
    ["exp as a string", { exp: "9999999999" }, "the exp claim is not a number"],
    ["nbf as a string", { nbf: "0" }, "the nbf claim is not a number"],
    ["iat as a string", { iat: "0" }, "the iat claim is not a number"],
    ["iat as a numeric string in the future", { iat: "99999999999" }, "the iat claim is not a number"],
    ["iat as null", { iat: null }, "the iat claim is not a number"],
    ["iat as an array", { iat: [1] }, "the iat claim is not a number"],
    ["iat as an object", { iat: { at: 1 } }, "the iat claim is not a number"],
    ["exp as null", { exp: null }, "the exp claim is not a number"],
    ["exp as a boolean", { exp: true }, "the exp claim is not a number"],
  ])("refuses %s", async (_, claims, message) => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims })), "invalid_token", message);
  });

  it.each(["exp", "iat"])("refuses %s = 1e400, which JSON.parse turns into Infinity", async (claim) => {
    const exp = claim === "exp" ? "1e400" : String(nowSeconds() + 600);
    const iat = claim === "iat" ? "1e400" : String(nowSeconds());
    const token = await fixture.as.signRaw(header(), claimsJson(`"exp":${exp},"iat":${iat}`));
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", `the ${claim} claim is not a finite number`);
  });
});

describe("subject", () => {
  it("refuses a token without sub", async () => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.token({ claims: { sub: undefined } })), "invalid_token", "the token has no sub claim");
  });
});

describe("size and encoding (SECURITY.md §C: refused before parsing; invalid UTF-8 or JSON)", () => {
  it("refuses a token one byte over the default 8192-byte limit without parsing it or fetching keys", async () => {
    const fresh = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri });
    const requestsBefore = fixture.as.server.requests.length;
    await expectRefusal(fresh.verify("x".repeat(8193)), "invalid_token", "the access token exceeds 8192 bytes");
    // A real, correctly signed token that is merely too large is refused by size, not by anything else.
    const big = await fixture.as.token({ claims: { padding: "p".repeat(9000) } });
    await expectRefusal(fresh.verify(big), "invalid_token", "the access token exceeds 8192 bytes");
    expect(fixture.as.server.requests.length).toBe(requestsBefore);
    const roomy = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, maxTokenBytes: 16_384 });
    await expect(roomy.verify(big)).resolves.toMatchObject({ subject: "alice" });
  });

  it("counts bytes, not characters: a token within the limit in characters but not in bytes is refused", async () => {
    const limited = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: fixture.as.jwksUri, maxTokenBytes: 4000 });
    const token = `${"é".repeat(3000)}.a.b`; // 3004 characters, 6004 bytes
    await expectRefusal(limited.verify(token), "invalid_token", "the access token contains characters outside base64url");
    await expectRefusal(limited.verify("é".repeat(4001)), "invalid_token", "the access token exceeds 4000 bytes");
  });

  it("refuses a correctly signed token whose payload is not valid UTF-8", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(claimsJson(`"exp":${nowSeconds() + 600},"name":"`)), 0xc3, 0x28, ...new TextEncoder().encode('"}')]);
    await expectRefusal(fixture.verifier.verify(await fixture.as.signRaw(header(), bytes)), "invalid_token", "the token payload is not valid base64url-encoded UTF-8");
  });

  it.each([
    ["not JSON", "exp=1", "the token payload is not valid JSON"],
    ["truncated JSON", '{"iss":', "the token payload is not valid JSON"],
    ["a JSON array", "[1,2]", "the token payload is not a JSON object"],
    ["JSON null", "null", "the token payload is not a JSON object"],
  ])("refuses a correctly signed token whose payload is %s", async (_, payload, message) => {
    await expectRefusal(fixture.verifier.verify(await fixture.as.signRaw(header(), payload)), "invalid_token", message);
  });

  it("refuses a header that is not valid UTF-8 JSON", async () => {
    const token = `${b64u(new Uint8Array([0x7b, 0xff, 0x7d]))}.${b64u(claimsJson(`"exp":${nowSeconds() + 600}`))}.c2ln`;
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", "the token header is not valid base64url-encoded UTF-8");
  });

  it.each([
    ["an empty string", "", "the access token is empty"],
    ["two parts", "a.b", "the access token is not a compact JWS (three dot-separated parts)"],
    ["four parts", "a.b.c.d", "the access token is not a compact JWS (three dot-separated parts)"],
    ["padding and spaces", "a=.b.c d", "the access token contains characters outside base64url"],
  ])("refuses %s", async (_, token, message) => {
    await expectRefusal(fixture.verifier.verify(token), "invalid_token", message);
  });
});
