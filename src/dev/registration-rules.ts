import { checkRedirectUri } from "../schema/redirect-uri.js";

/** An RFC 7591 §3.2.2 error for a registration request. */
export interface RegistrationRefusal {
  readonly error: "invalid_redirect_uri" | "invalid_client_metadata";
  readonly error_description: string;
}

/** What a registration may obtain, or has been granted: resource URI → scopes of that resource. */
export type ScopesByResource = ReadonlyMap<string, readonly string[]>;

/** A registration that passed the checks: what to store, and what the client is granted. */
export interface CheckedRegistration {
  /** The metadata oidc-provider registers: the kept fields as sent, made public and native, `scope` taken out (see below). */
  readonly metadata: Record<string, unknown>;
  /** The resource scopes the client may obtain: those it asked for within `registration.access`, or all of it. */
  readonly scopesByResource: ScopesByResource;
  /** The `scope` the registration response states (RFC 7591 §3.2.1): the granted scopes, space-separated. */
  readonly scope: string;
}

/** A loopback http redirect URI with a port: clients register the port they happen to listen on. */
export const LOOPBACK_WITH_PORT = /^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)):[0-9]{1,5}(?=[/?]|$)/i;

/**
 * Client metadata naming a URL the authorization server itself would request (SSRF), with why it is not
 * needed here. The dev server makes no request to a URL a client names; the only outbound request it makes
 * is the client ID metadata document fetch, under its own rules.
 */
const SERVER_FETCHED_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["sector_identifier_uri", "subject identifiers are public, so no sector identifier is used"],
  ["jwks_uri", "clients are public (token_endpoint_auth_method none) and sign nothing the server verifies"],
  ["request_uris", "request objects by reference are not supported"],
  ["backchannel_logout_uri", "back-channel logout is not offered"],
  ["backchannel_client_notification_endpoint", "client-initiated backchannel authentication (CIBA) is not offered"],
];

/**
 * The client metadata a registered client keeps (RFC 7591 §2 lets the server ignore the rest). Everything
 * else is dropped before oidc-provider sees it: a signing or encryption algorithm such as
 * `request_object_signing_alg: HS256` or `id_token_encrypted_response_alg: dir` would make oidc-provider
 * mint a client secret for a public client, and display URLs (`logo_uri`, `client_uri`, …) would put
 * links the client chose on the consent page.
 */
const KEPT_FIELDS = new Set(["redirect_uris", "client_name", "grant_types", "response_types"]);

/** Scopes of OpenID Connect itself: `openid` is granted when asked for; `offline_access` never (no refresh tokens). */
const OPENID = "openid";

/**
 * Checks a dynamic client registration (RFC 7591) against the rules declared clients follow
 * (SECURITY.md §A.3, §A.6) before oidc-provider stores the client: public (no secret: a requested
 * `token_endpoint_auth_method` such as `client_secret_post`, the default of some SDKs' client metadata, is
 * replaced by `none`, as RFC 7591 §3.2.1 allows, and the response says so); redirect URIs that
 * are https, http on loopback, or a private-use scheme named after a domain (a registered client may name
 * the loopback port it listens on; the port does not matter when the redirect is compared); no metadata
 * that would make the server fetch a URL the client names.
 *
 * `scope` (RFC 7591 §2) is **trimmed**, not refused: the client is granted the scopes it asked for that
 * `allowed` (`registration.access`) contains, and the response states exactly those (§3.2.1 lets the server
 * replace requested values). Only when none of the requested resource scopes can be granted is the
 * registration refused, since the client could then obtain nothing it asked for. Without `scope` the client
 * is granted all of `allowed`. The granted scopes are kept by the dev server, not in oidc-provider's client
 * metadata, where `scope` may name only OpenID scopes.
 *
 * Grant types are narrowed to what the client will really get: `refresh_token` is dropped (registered
 * clients receive no refresh token); anything else is left for oidc-provider to refuse.
 *
 * @param allowed what registered clients may obtain, per resource URI (`registration.access`)
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2
 */
export function checkRegistration(metadata: unknown, allowed: ScopesByResource): { readonly refusal: RegistrationRefusal } | CheckedRegistration {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return refuse("invalid_client_metadata", "the registration must be a JSON object of client metadata");
  }
  const { scope, ...fields } = metadata as Record<string, unknown>;
  const refusal = registrationRefusal(fields);
  if (refusal !== undefined) return { refusal };
  const granted = grantedScopes(scope, allowed);
  if ("refusal" in granted) return granted;
  const kept = Object.fromEntries(Object.entries(fields).filter(([field]) => KEPT_FIELDS.has(field)));
  return {
    // Public and native whatever the client asked for: no secret, loopback redirects on any port (RFC 8252 §7.3).
    metadata: { ...kept, application_type: "native", token_endpoint_auth_method: "none", ...narrowedGrantTypes(fields["grant_types"]) },
    scopesByResource: granted.scopesByResource,
    scope: granted.scope,
  };
}

function registrationRefusal(metadata: Record<string, unknown>): RegistrationRefusal | undefined {
  const { redirect_uris: redirectUris } = metadata;
  for (const [field, reason] of SERVER_FETCHED_FIELDS) {
    if (metadata[field] !== undefined) {
      return {
        error: "invalid_client_metadata",
        error_description: `${field} is not accepted: this server makes no request to a URL a client names, and ${reason}`,
      };
    }
  }
  if (!Array.isArray(redirectUris) || redirectUris.length === 0 || !redirectUris.every((uri) => typeof uri === "string")) {
    return { error: "invalid_redirect_uri", error_description: "redirect_uris must list at least one redirect URI" };
  }
  for (const uri of redirectUris as string[]) {
    const verdict = checkRedirectUri(uri.replace(LOOPBACK_WITH_PORT, "$1"));
    if (verdict && "error" in verdict) return { error: "invalid_redirect_uri", error_description: `${uri} ${verdict.error}` };
  }
  return undefined;
}

function grantedScopes(scope: unknown, allowed: ScopesByResource): { readonly refusal: RegistrationRefusal } | { scopesByResource: ScopesByResource; scope: string } {
  const allowedList = [...allowed.values()].flat();
  if (scope === undefined) return { scopesByResource: allowed, scope: allowedList.join(" ") };
  if (typeof scope !== "string") return refuse("invalid_client_metadata", "scope must be a string of space-separated scope values (RFC 7591 §2)");
  const requested = new Set(scope.split(" ").filter((value) => value !== ""));
  const scopesByResource = new Map(
    [...allowed].map(([resource, scopes]) => [resource, scopes.filter((value) => requested.has(value))] as const).filter(([, scopes]) => scopes.length > 0),
  );
  if (scopesByResource.size === 0) {
    return refuse(
      "invalid_client_metadata",
      `scope names no scope a registered client may obtain; registered clients may ask for ${allowedList.join(" ")} (registration.access)`,
    );
  }
  const granted = [...(requested.has(OPENID) ? [OPENID] : []), ...[...scopesByResource.values()].flat()];
  return { scopesByResource, scope: granted.join(" ") };
}

/** `grant_types` without `refresh_token`, which registered clients are never issued; `{}` when the client sent none. */
function narrowedGrantTypes(grantTypes: unknown): { grant_types?: unknown } {
  if (!Array.isArray(grantTypes)) return grantTypes === undefined ? {} : { grant_types: grantTypes };
  const narrowed = grantTypes.filter((grantType) => grantType !== "refresh_token");
  return { grant_types: narrowed.length > 0 ? narrowed : ["authorization_code"] };
}

function refuse(error: RegistrationRefusal["error"], description: string): { readonly refusal: RegistrationRefusal } {
  return { refusal: { error, error_description: description } };
}
