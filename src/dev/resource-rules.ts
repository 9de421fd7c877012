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

/** The grant types whose token requests must name their resource. */
const RESOURCE_BOUND_GRANTS: ReadonlySet<string> = new Set(["authorization_code", "refresh_token"]);

/**
 * Checks the `resource` of a token request before oidc-provider sees it. oidc-provider resolves the resource
 * only after it has consumed the authorization code or rotated the refresh token, so a refusal there would
 * also spend the code; refusing here leaves the client able to retry correctly.
 *
 * @param accessOf the access of the client named in the request; `undefined` for a client oidc-provider does
 *   not know (it then answers `invalid_client` itself).
 * @returns the `error_description` of an `invalid_target` refusal, or `undefined` to let the request through.
 */
export async function tokenRequestRefusal(
  form: URLSearchParams,
  policy: DevPolicy,
  accessOf: (clientId: string) => Promise<DevClientAccess | undefined>,
): Promise<string | undefined> {
  if (!RESOURCE_BOUND_GRANTS.has(form.get("grant_type") ?? "")) return undefined;
  const resources = form.getAll("resource");
  if (resources.length === 0) return RESOURCE_REQUIRED;
  if (resources.length > 1) return ONE_RESOURCE_ONLY;
  const clientId = form.get("client_id");
  if (clientId === null) return undefined;
  const access = await accessOf(clientId);
  if (access === undefined) return undefined;
  return resourceRefusal(policy, resources[0] as string, clientId, access);
}
