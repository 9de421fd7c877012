import { describe, expect, it } from "vitest";
import { TokenVerificationError, wwwAuthenticate } from "../../../src/verify/index.js";

const PRM = "https://mcp.example.com/.well-known/oauth-protected-resource/github";

describe("wwwAuthenticate (RFC 6750 §3, RFC 9728 §5.1)", () => {
  it("challenges a request without credentials with scope and resource_metadata only", () => {
    expect(wwwAuthenticate(null, { resourceMetadataUrl: PRM, scope: ["github:read", "github:write"] })).toBe(
      `Bearer scope="github:read github:write", resource_metadata="${PRM}"`,
    );
    expect(wwwAuthenticate(undefined, { resourceMetadataUrl: PRM })).toBe(`Bearer resource_metadata="${PRM}"`);
  });

  it("names the error and its description for invalid_token", () => {
    const error = new TokenVerificationError("invalid_token", "the token has expired");
    expect(wwwAuthenticate(error, { resourceMetadataUrl: PRM })).toBe(`Bearer error="invalid_token", error_description="the token has expired", resource_metadata="${PRM}"`);
  });

  it("puts the error's required scopes into scope= on insufficient_scope", () => {
    const error = new TokenVerificationError("insufficient_scope", "the token lacks the scope github:write", { requiredScopes: ["github:read", "github:write"] });
    expect(wwwAuthenticate(error, { resourceMetadataUrl: PRM })).toBe(
      `Bearer error="insufficient_scope", error_description="the token lacks the scope github:write", scope="github:read github:write", resource_metadata="${PRM}"`,
    );
  });

  it("lets options.scope override the error's scopes, as a list or a space-separated string", () => {
    const error = new TokenVerificationError("insufficient_scope", "x", { requiredScopes: ["a"] });
    expect(wwwAuthenticate(error, { resourceMetadataUrl: PRM, scope: "b  c" })).toBe(`Bearer error="insufficient_scope", error_description="x", scope="b c", resource_metadata="${PRM}"`);
  });

  it("names invalid_request", () => {
    const error = new TokenVerificationError("invalid_request", "the Authorization header must be Bearer followed by exactly one token");
    expect(wwwAuthenticate(error, { resourceMetadataUrl: PRM })).toBe(
      `Bearer error="invalid_request", error_description="the Authorization header must be Bearer followed by exactly one token", resource_metadata="${PRM}"`,
    );
  });

  it("gives server_error (not an RFC 6750 code) a bare challenge", () => {
    expect(wwwAuthenticate(new TokenVerificationError("server_error", "down"), { resourceMetadataUrl: PRM })).toBe(`Bearer resource_metadata="${PRM}"`);
  });

  it("keeps error_description within the RFC 6750 character set, so a message cannot break the header", () => {
    const error = new TokenVerificationError("invalid_token", 'bad "sig" \\ here\r\nSet-Cookie: a=b\tand é');
    expect(wwwAuthenticate(error, { resourceMetadataUrl: PRM })).toBe(
      `Bearer error="invalid_token", error_description="bad 'sig' / here Set-Cookie: a=b and", resource_metadata="${PRM}"`,
    );
  });

  it('escapes " and \\ in resource_metadata as quoted-pairs', () => {
    expect(wwwAuthenticate(null, { resourceMetadataUrl: 'https://x.example/a"b\\c' })).toBe('Bearer resource_metadata="https://x.example/a\\"b\\\\c"');
  });

  it.each([
    ["a CR LF header injection", "https://x.example/a\r\nSet-Cookie: a=b", 'wwwAuthenticate: "https://x.example/a\\r\\nSet-Cookie: a=b" contains characters that cannot appear in an HTTP header'],
    ["a relative URL", "/.well-known/oauth-protected-resource", 'wwwAuthenticate: resourceMetadataUrl must be an absolute http(s) URL, got "/.well-known/oauth-protected-resource"'],
  ])("refuses %s in resourceMetadataUrl", (_, url, message) => {
    expect(() => wwwAuthenticate(null, { resourceMetadataUrl: url })).toThrow(new TypeError(message));
  });

  it.each(['a"b', "a\\b", "é"])("refuses the scope %j, which is not an RFC 6749 scope token", (scope) => {
    expect(() => wwwAuthenticate(null, { resourceMetadataUrl: PRM, scope: [scope] })).toThrow(new TypeError(`wwwAuthenticate: ${JSON.stringify(scope)} is not an RFC 6749 scope token`));
  });
});
