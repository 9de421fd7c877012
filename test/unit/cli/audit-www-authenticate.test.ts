import { describe, expect, it } from "vitest";
import { bearerChallenge, parseChallenges } from "../../../src/cli/audit/www-authenticate.js";

describe("parseChallenges (RFC 9110 §11.6.1)", () => {
  it.each([
    ['Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"', [{ scheme: "Bearer", params: { resource_metadata: "https://mcp.example.com/.well-known/oauth-protected-resource/mcp" } }]],
    [
      'Bearer error="invalid_token", error_description="the token has expired", scope="a b", resource_metadata="https://x/.well-known/oauth-protected-resource"',
      [{ scheme: "Bearer", params: { error: "invalid_token", error_description: "the token has expired", scope: "a b", resource_metadata: "https://x/.well-known/oauth-protected-resource" } }],
    ],
    // Parameter names are case-insensitive; values keep their case; token values need no quotes.
    ["bearer Error=invalid_token,Scope=Read", [{ scheme: "bearer", params: { error: "invalid_token", scope: "Read" } }]],
    // Several challenges in one header, a token68 one first.
    ['Negotiate abc123==, Basic realm="x, y", Bearer realm="mcp"', [{ scheme: "Negotiate", params: {} }, { scheme: "Basic", params: { realm: "x, y" } }, { scheme: "Bearer", params: { realm: "mcp" } }]],
    // Quoted-pair escapes inside a quoted-string.
    ['Bearer error_description="say \\"no\\" \\\\ twice"', [{ scheme: "Bearer", params: { error_description: 'say "no" \\ twice' } }]],
    ["Bearer", [{ scheme: "Bearer", params: {} }]],
    ["", []],
    // An unterminated quoted-string ends parsing; what came before stays.
    ['Bearer scope="a", resource_metadata="https://x', [{ scheme: "Bearer", params: { scope: "a" } }]],
  ])("%s", (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});

describe("bearerChallenge", () => {
  it("finds the Bearer challenge among others, whatever the scheme's case", () => {
    expect(bearerChallenge(new Headers({ "www-authenticate": 'Basic realm="x", BEARER resource_metadata="https://m"' }))).toEqual({ scheme: "BEARER", params: { resource_metadata: "https://m" } });
  });

  it("is undefined without the header or without a Bearer challenge", () => {
    expect(bearerChallenge(new Headers())).toBeUndefined();
    expect(bearerChallenge(new Headers({ "www-authenticate": 'Basic realm="x"' }))).toBeUndefined();
  });
});
