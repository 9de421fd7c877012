import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenVerificationError, wwwAuthenticate } from "../../../src/verify/index.js";
import { b64u, RESOURCE } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

const PRM = "https://mcp.example.com/.well-known/oauth-protected-resource/github";
/** RFC 9110 §11.3 challenge with auth-params whose values are quoted-strings, nothing else. */
const QUOTED = String.raw`"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"`;
const CHALLENGE = new RegExp(String.raw`^Bearer [a-z_]+=${QUOTED}(?:, [a-z_]+=${QUOTED})*$`);

describe("properties", () => {
  it("any error message yields one well-formed challenge with exactly the expected parameters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.constantFrom("invalid_token", "insufficient_scope", "invalid_request") as fc.Arbitrary<"invalid_token">, (message, code) => {
        const header = wwwAuthenticate(new TokenVerificationError(code, message), { resourceMetadataUrl: PRM, scope: ["github:read"] });
        expect(header).toMatch(CHALLENGE);
        expect([...header.matchAll(/(?:^Bearer |, )([a-z_]+)=/g)].map((m) => m[1])).toEqual(["error", "error_description", "scope", "resource_metadata"]);
      }),
      { numRuns: 500 },
    );
  });

  describe("verify never accepts, and only ever rejects with TokenVerificationError", () => {
    const fixture = useVerifiedIssuer();

    const refusesWithCode = async (token: string) => {
      const outcome = await fixture.verifier.verify(token).then(
        () => "accepted",
        (error: unknown) => (error instanceof TokenVerificationError ? error.code : `other: ${String(error)}`),
      );
      expect(outcome).toBe("invalid_token");
    };

    it("for arbitrary strings", async () => {
      await fc.assert(fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), refusesWithCode), { numRuns: 300 });
    });

    it("for unsigned-looking JWTs with arbitrary JSON headers and payloads and a junk signature", async () => {
      const json = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
      const header = fc.tuple(json, fc.constantFrom("RS256", "ES256", "none", "HS256", "PS256")).map(([h, alg]) => ({ ...h, alg }));
      await fc.assert(
        fc.asyncProperty(header, json, fc.string({ maxLength: 40 }), (h, payload, signature) =>
          refusesWithCode(`${b64u(JSON.stringify(h))}.${b64u(JSON.stringify({ iss: fixture.as.issuer, aud: RESOURCE, sub: "a", exp: 4_000_000_000, ...payload }))}.${b64u(signature)}`),
        ),
        { numRuns: 200 },
      );
    });
  });
});
