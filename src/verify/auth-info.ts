import type { VerifiedAccessToken } from "./claims.js";

/**
 * The `AuthInfo` of `@modelcontextprotocol/sdk` (server/auth/types), written out so that this module
 * needs no SDK types at all. MCP SDK transports read it from `req.auth` and hand it to tools as
 * `extra.authInfo`; both `bearerAuth` and `mcpSdkTokenVerifier` produce exactly this shape.
 */
export interface McpAuthInfo {
  readonly token: string;
  /** The client id, or `""` when the token names none (the SDK type requires a string). */
  readonly clientId: string;
  readonly scopes: string[];
  /** Seconds since the epoch; the SDK refuses tokens without it. */
  readonly expiresAt: number;
  /** The resource the token was verified for, so the SDK's `expectedResource` check passes only for it. */
  readonly resource: URL;
  readonly extra: {
    readonly subject: string;
    readonly audience: readonly string[];
    readonly claims: VerifiedAccessToken["claims"];
  };
}

export function toMcpAuthInfo(token: string, verified: VerifiedAccessToken, resource: string): McpAuthInfo {
  return {
    token,
    clientId: verified.clientId ?? "",
    scopes: [...verified.scopes],
    expiresAt: verified.expiresAt,
    resource: new URL(resource),
    extra: { subject: verified.subject, audience: verified.audience, claims: verified.claims },
  };
}
