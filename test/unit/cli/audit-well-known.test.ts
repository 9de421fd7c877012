import { describe, expect, it } from "vitest";
import { authorizationServerMetadataCandidates, protectedResourceMetadataCandidates } from "../../../src/cli/audit/well-known.js";

describe("protectedResourceMetadataCandidates (RFC 9728 §3.1, MCP 2025-11-25 fallback order)", () => {
  it.each([
    ["https://example.com/public/mcp", ["https://example.com/.well-known/oauth-protected-resource/public/mcp", "https://example.com/.well-known/oauth-protected-resource"]],
    ["https://example.com/mcp/", ["https://example.com/.well-known/oauth-protected-resource/mcp", "https://example.com/.well-known/oauth-protected-resource"]],
    ["https://example.com:8443/mcp", ["https://example.com:8443/.well-known/oauth-protected-resource/mcp", "https://example.com:8443/.well-known/oauth-protected-resource"]],
    ["http://127.0.0.1:3000/a/b", ["http://127.0.0.1:3000/.well-known/oauth-protected-resource/a/b", "http://127.0.0.1:3000/.well-known/oauth-protected-resource"]],
    ["https://example.com", ["https://example.com/.well-known/oauth-protected-resource"]],
    ["https://example.com/", ["https://example.com/.well-known/oauth-protected-resource"]],
  ])("%s → %j", (serverUrl, expected) => {
    expect(protectedResourceMetadataCandidates(serverUrl)).toEqual(expected);
  });
});

describe("authorizationServerMetadataCandidates (RFC 8414 §3.1, OIDC Discovery §4, in MCP order)", () => {
  it.each([
    [
      "https://auth.example.com/tenant1",
      [
        "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
        "https://auth.example.com/.well-known/openid-configuration/tenant1",
        "https://auth.example.com/tenant1/.well-known/openid-configuration",
      ],
    ],
    [
      "https://kc.example.com/realms/mcp/",
      [
        "https://kc.example.com/.well-known/oauth-authorization-server/realms/mcp",
        "https://kc.example.com/.well-known/openid-configuration/realms/mcp",
        "https://kc.example.com/realms/mcp/.well-known/openid-configuration",
      ],
    ],
    ["https://auth.example.com", ["https://auth.example.com/.well-known/oauth-authorization-server", "https://auth.example.com/.well-known/openid-configuration"]],
    ["https://tenant.auth0.com/", ["https://tenant.auth0.com/.well-known/oauth-authorization-server", "https://tenant.auth0.com/.well-known/openid-configuration"]],
  ])("%s → %j", (issuer, expected) => {
    expect(authorizationServerMetadataCandidates(issuer)).toEqual(expected);
  });
});
