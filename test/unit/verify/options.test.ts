import { describe, expect, it } from "vitest";
import { createTokenVerifier, DEFAULT_ALGORITHMS, type TokenVerifierOptions } from "../../../src/verify/index.js";

const base: TokenVerifierOptions = { issuer: "https://as.example.com", resource: "https://mcp.example.com/github" };
const COOLDOWN_WHY = "at least 5 so that tokens with unknown key ids cannot make the verifier fetch the key set on every request";
const ASYMMETRIC = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519, ML-DSA-44, ML-DSA-65, ML-DSA-87";

describe("createTokenVerifier options are checked when the verifier is created", () => {
  it("exposes issuer and resource, and defaults to asymmetric algorithms only", () => {
    expect(createTokenVerifier(base)).toMatchObject({ issuer: base.issuer, resource: base.resource });
    expect(DEFAULT_ALGORITHMS).toEqual(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"]);
  });

  it.each(["HS256", "HS384", "HS512", "hs256"])("refuses the symmetric algorithm %s with a TypeError that names the alternatives", (alg) => {
    expect(() => createTokenVerifier({ ...base, algorithms: ["RS256", alg] })).toThrow(
      new TypeError(`createTokenVerifier: algorithm ${JSON.stringify(alg)} is symmetric (HMAC); a resource server verifies with public keys only, use one of ${ASYMMETRIC}`),
    );
  });

  it.each(["none", "RSA-OAEP", "rs256", ""])("refuses the non-JWS or unknown algorithm %j", (alg) => {
    expect(() => createTokenVerifier({ ...base, algorithms: [alg] })).toThrow(
      new TypeError(`createTokenVerifier: algorithm ${JSON.stringify(alg)} is not an asymmetric JWS algorithm; use one of ${ASYMMETRIC}`),
    );
  });

  it("refuses an empty algorithm list", () => {
    expect(() => createTokenVerifier({ ...base, algorithms: [] })).toThrow(
      new TypeError('createTokenVerifier: algorithms must be a non-empty array of asymmetric JWS algorithms such as ["RS256"]'),
    );
  });

  it.each([301, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses clockToleranceSeconds %s (0 to 300)", (value) => {
    expect(() => createTokenVerifier({ ...base, clockToleranceSeconds: value })).toThrow(
      new TypeError(`createTokenVerifier: clockToleranceSeconds must be a number of seconds from 0 to 300, got ${JSON.stringify(value)}`),
    );
  });

  it("accepts the bounds of clockToleranceSeconds", () => {
    expect(() => createTokenVerifier({ ...base, clockToleranceSeconds: 0 })).not.toThrow();
    expect(() => createTokenVerifier({ ...base, clockToleranceSeconds: 300 })).not.toThrow();
  });

  it.each([0, -5, 1.5])("refuses maxTokenBytes %s", (value) => {
    expect(() => createTokenVerifier({ ...base, maxTokenBytes: value })).toThrow(new TypeError(`createTokenVerifier: maxTokenBytes must be a positive integer, got ${value}`));
  });

  it.each([
    ["issuer", { issuer: "as.example.com" }, 'createTokenVerifier: issuer must be an absolute http(s) URL, got "as.example.com"'],
    ["resource", { resource: "" }, 'createTokenVerifier: resource must be an absolute http(s) URL, got ""'],
    ["jwksUri", { jwksUri: "ftp://as.example.com/jwks" }, 'createTokenVerifier: jwksUri must be an absolute http(s) URL, got "ftp://as.example.com/jwks"'],
    ["allowedExtraAudiences", { allowedExtraAudiences: [""] }, "createTokenVerifier: allowedExtraAudiences must be an array of non-empty strings"],
    ["tokenType", { tokenType: "JWT" }, 'createTokenVerifier: tokenType must be "at+jwt" or absent, got "JWT"'],
    ["jwksCooldownSeconds", { jwksCooldownSeconds: -1 }, `createTokenVerifier: jwksCooldownSeconds must be a number of seconds from 5 to 86400 (${COOLDOWN_WHY}), got -1`],
    ["jwksCooldownSeconds of 0", { jwksCooldownSeconds: 0 }, `createTokenVerifier: jwksCooldownSeconds must be a number of seconds from 5 to 86400 (${COOLDOWN_WHY}), got 0`],
    ["jwksCooldownSeconds below the floor", { jwksCooldownSeconds: 4.999 }, `createTokenVerifier: jwksCooldownSeconds must be a number of seconds from 5 to 86400 (${COOLDOWN_WHY}), got 4.999`],
    ["jwksCooldownSeconds above a day", { jwksCooldownSeconds: 86_401 }, `createTokenVerifier: jwksCooldownSeconds must be a number of seconds from 5 to 86400 (${COOLDOWN_WHY}), got 86401`],
    ["httpTimeoutSeconds", { httpTimeoutSeconds: 0 }, "createTokenVerifier: httpTimeoutSeconds must be a number of seconds from 0.001 to 300, got 0"],
  ])("refuses a bad %s", (_, change, message) => {
    expect(() => createTokenVerifier({ ...base, ...(change as Partial<TokenVerifierOptions>) })).toThrow(new TypeError(message));
  });
});
