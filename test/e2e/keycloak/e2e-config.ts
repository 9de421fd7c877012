import type { McpAuthConfig } from "../../../src/schema/parse.js";

export const ALPHA = "https://alpha.mcp.example.com/mcp";
export const BETA = "https://beta.mcp.example.com/mcp";

/**
 * Two resources with different lifetimes and one consent-requiring scope; one client per situation:
 * granted A only, granted A and B (with consent), both with refresh tokens, and granted B only, without.
 */
export function e2eConfig(realm: string, options: { readonly nativeResourceIndicators?: boolean } = {}): McpAuthConfig {
  return {
    version: 1,
    resources: {
      alpha: {
        uri: ALPHA,
        name: "Alpha tools",
        scopes: { "alpha:read": "Read alpha", "alpha:write": { description: "Change alpha", consent: "required" } },
        accessTokenLifetime: "4m",
      },
      beta: { uri: BETA, scopes: { "beta:read": "Read beta" }, accessTokenLifetime: "10m" },
    },
    clients: {
      "agent-a": {
        name: "Agent A",
        redirectUris: ["http://127.0.0.1/callback", "com.example.agent:/cb"],
        access: { alpha: ["alpha:read"] },
        refreshTokens: { idleLifetime: "2h", absoluteLifetime: "1d" },
      },
      "agent-ab": {
        redirectUris: ["http://127.0.0.1/callback"],
        access: { alpha: ["alpha:read", "alpha:write"], beta: ["beta:read"] },
        refreshTokens: { idleLifetime: "1h", absoluteLifetime: "8h" },
      },
      "agent-b": { redirectUris: ["http://[::1]/callback"], access: { beta: ["beta:read"] } },
    },
    keycloak: { realm, createRealm: true, nativeResourceIndicators: options.nativeResourceIndicators ?? false },
  };
}
