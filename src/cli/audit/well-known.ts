/**
 * The URLs an MCP client tries, in order, to find a server's protected resource metadata and its
 * authorization servers' metadata (MCP authorization 2025-11-25, "Authorization Server Discovery").
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery
 */
import { authorizationServerMetadataUrls } from "../../verify/discovery.js";

/**
 * Where to look for the RFC 9728 document when the 401 names none: the well-known suffix inserted between
 * the host and the server URL's path, then at the root. A server URL without a path has only the root.
 * @example protectedResourceMetadataCandidates("https://example.com/public/mcp")
 *   // → ["https://example.com/.well-known/oauth-protected-resource/public/mcp",
 *   //    "https://example.com/.well-known/oauth-protected-resource"]
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function protectedResourceMetadataCandidates(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  const root = `${url.origin}/.well-known/oauth-protected-resource`;
  // RFC 9728 §3.1 (as RFC 8414 §3.1): a terminating "/" of the path is removed before the suffix is inserted.
  const path = url.pathname.replace(/\/+$/, "");
  return path === "" ? [root] : [`${root}${path}`, root];
}

/**
 * Where an authorization server's metadata may be, in the MCP order: RFC 8414 with path insertion,
 * OpenID Connect with path insertion, OpenID Connect with the path appended (only the first two
 * at the root for an issuer without a path).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export function authorizationServerMetadataCandidates(issuer: string): string[] {
  return authorizationServerMetadataUrls(issuer);
}
