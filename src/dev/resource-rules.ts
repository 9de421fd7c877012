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

/** What the token endpoint check needs to look up in oidc-provider's storage. */
export interface TokenRequestLookups {
  /** The access of the named client; `undefined` for a client oidc-provider does not know (it answers `invalid_client` itself). */
  accessOf(clientId: string): Promise<DevClientAccess | undefined>;
  /**
   * The resource the presented code or refresh token was issued for; `undefined` when it cannot be found
   * (oidc-provider answers `invalid_grant` itself).
   */
  boundResource(grantType: "authorization_code" | "refresh_token", value: string): Promise<string | undefined>;
}

/**
 * Checks the `resource` of a token request before oidc-provider sees it. oidc-provider resolves the resource
 * only after it has consumed the authorization code or rotated the refresh token, so a refusal there would
 * also spend the code or the refresh token; refused here, the client can retry with the right resource.
 *
 * @returns the `error_description` of an `invalid_target` refusal, or `undefined` to let the request through.
 */
export async function tokenRequestRefusal(form: URLSearchParams, policy: DevPolicy, lookups: TokenRequestLookups): Promise<string | undefined> {
  const grantType = form.get("grant_type");
  if (grantType !== "authorization_code" && grantType !== "refresh_token") return undefined;
  const resources = form.getAll("resource");
  if (resources.length === 0) return RESOURCE_REQUIRED;
  if (resources.length > 1) return ONE_RESOURCE_ONLY;
  const resource = resources[0] as string;
  const clientId = form.get("client_id");
  const access = clientId === null ? undefined : await lookups.accessOf(clientId);
  if (clientId === null || access === undefined) return undefined;
  const refusal = resourceRefusal(policy, resource, clientId, access);
  if (refusal !== undefined) return refusal;
  const presented = form.get(grantType === "authorization_code" ? "code" : "refresh_token");
  const bound = presented === null ? undefined : await lookups.boundResource(grantType, presented);
  if (bound !== undefined && bound !== resource) {
    return `this ${grantType === "authorization_code" ? "authorization code" : "refresh token"} was issued for ${bound}; ask for a token for that resource`;
  }
  return undefined;
}
