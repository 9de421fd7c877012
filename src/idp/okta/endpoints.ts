import type { PlannedResource } from "../../plan/types.js";
import type { ProtectedResourceMetadata } from "../../verify/metadata.js";
import { plannedResourceMetadata } from "../resource-metadata.js";
import type { TokenVerifierOptions } from "../../verify/options.js";

/**
 * What an MCP server needs from one Okta custom authorization server, derived from its issuer alone.
 * Pure, so it is tested without Pulumi; outputs.ts applies it to the server's `issuer` output.
 */

// The issuer stays byte for byte in `iss` checks; only URL building drops a trailing slash.
const base = (issuer: string) => issuer.replace(/\/+$/, "");

/** Okta serves a custom authorization server's keys at `{issuer}/v1/keys`. */
export function oktaJwksUri(issuer: string): string {
  return `${base(issuer)}/v1/keys`;
}

/**
 * RFC 8414 metadata under the issuer (`{issuer}/.well-known/oauth-authorization-server`): every Okta org
 * has served it there for years. Orgs on Okta's 2026 releases also answer the RFC 8414 §3.1
 * path-inserted location, which MCP clients try first; the under-issuer form is the one that works on
 * every org, so it is the one the outputs name.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export function oktaAuthorizationServerMetadataUrl(issuer: string): string {
  return `${base(issuer)}/.well-known/oauth-authorization-server`;
}

/**
 * The options `createTokenVerifier` takes for tokens of this server: Okta signs access tokens with
 * RS256, sets `aud` to the server's single audience (a string) and puts scopes in `scp`; it does not
 * mark them `typ: at+jwt`, so no token type is required.
 */
export function oktaVerifierOptions(issuer: string, resource: PlannedResource): TokenVerifierOptions {
  return { issuer, resource: resource.uri, jwksUri: oktaJwksUri(issuer), algorithms: ["RS256"] };
}

/** The RFC 9728 document of this resource, naming its own Okta server as the only authorization server. */
export function oktaProtectedResourceMetadata(issuer: string, resource: PlannedResource): ProtectedResourceMetadata {
  return plannedResourceMetadata(resource, issuer);
}
