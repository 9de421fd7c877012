import type { DevClientAccess, DevPolicy } from "./policy.js";

/*
 * RFC 8707 as the dev server applies it: every authorization and token request names exactly one resource,
 * that resource is declared, and the client is granted it. The descriptions stay within the characters
 * RFC 6749 §5.2 allows in error_description (no double quote, no backslash).
 */

export const RESOURCE_REQUIRED =
  "the resource parameter is required: name the one MCP resource this token is for (RFC 8707)";
export const ONE_RESOURCE_ONLY =
  "exactly one resource per request: every access token is bound to one MCP resource";

/** Why `client` may not use `resource`, or `undefined` when it may. */
export function resourceRefusal(policy: DevPolicy, resource: string, clientId: string, access: DevClientAccess | undefined): string | undefined {
  if (!policy.resources.has(resource)) return `${resource} is not a resource of this authorization server`;
  if (!access?.scopesByResource.has(resource)) return `client ${clientId} is not granted ${resource}`;
  return undefined;
}

/**
 * Why a client may not ask for `requested` scopes at `resource`, or `undefined` when it may: every scope it
 * asks for must be one the config grants it for that resource. OpenID scopes (`openid`, `offline_access`)
 * belong to no resource; leave them out of `requested`.
 *
 * @param allowed the scopes of `resource` the client is granted
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1 (invalid_scope)
 */
export function scopeRefusal(requested: readonly string[], resource: string, clientId: string, allowed: readonly string[]): string | undefined {
  const refused = [...new Set(requested)].filter((scope) => !allowed.includes(scope));
  if (refused.length === 0) return undefined;
  return `client ${clientId} may not obtain ${refused.length === 1 ? "scope" : "scopes"} ${refused.join(" ")} for ${resource}; it may ask for ${allowed.join(" ")}`;
}

/** A token request as oidc-provider parsed it, after it authenticated the client. */
export interface TokenRequest {
  readonly grantType: string;
  /** Every `resource` parameter sent: none, one, or (refused) several. */
  readonly resources: readonly string[];
  readonly clientId: string;
  /** The authorization code or refresh token presented, if any. */
  readonly presented: string | undefined;
}

/**
 * Looks up the resource an authorization code or refresh token was issued for; `undefined` when it cannot be
 * found (oidc-provider then answers `invalid_grant` itself).
 */
export type BoundResourceLookup = (grantType: "authorization_code" | "refresh_token", value: string) => Promise<string | undefined>;

/**
 * Checks the `resource` of a token request before the code or refresh token is used. oidc-provider resolves
 * the resource only after it has consumed the authorization code or rotated the refresh token, so a refusal
 * there would also spend the code or the refresh token; refused here, the client can retry with the right
 * resource.
 *
 * @returns the `error_description` of an `invalid_target` refusal, or `undefined` to let the request through.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2
 */
export async function tokenRequestRefusal(request: TokenRequest, policy: DevPolicy, boundResource: BoundResourceLookup): Promise<string | undefined> {
  const { grantType, resources, clientId, presented } = request;
  if (grantType !== "authorization_code" && grantType !== "refresh_token") return undefined;
  if (resources.length === 0) return RESOURCE_REQUIRED;
  if (resources.length > 1) return ONE_RESOURCE_ONLY;
  const resource = resources[0] as string;
  const refusal = resourceRefusal(policy, resource, clientId, policy.clientAccess(clientId));
  if (refusal !== undefined) return refusal;
  const bound = presented === undefined ? undefined : await boundResource(grantType, presented);
  if (bound !== undefined && bound !== resource) {
    return `this ${grantType === "authorization_code" ? "authorization code" : "refresh token"} was issued for ${bound}; ask for a token for that resource`;
  }
  return undefined;
}
