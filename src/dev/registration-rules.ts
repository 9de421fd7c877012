import { checkRedirectUri } from "../schema/redirect-uri.js";

/** An RFC 7591 §3.2.2 error for a registration request. */
export interface RegistrationRefusal {
  readonly error: "invalid_redirect_uri" | "invalid_client_metadata";
  readonly error_description: string;
}

/** A loopback http redirect URI with a port: clients register the port they happen to listen on. */
export const LOOPBACK_WITH_PORT = /^(http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)):[0-9]{1,5}(?=[/?]|$)/i;

/**
 * Checks a dynamic client registration (RFC 7591) against the rules declared clients follow
 * (SECURITY.md §A.3, §A.6) before oidc-provider stores the client: public (no secret), and redirect URIs
 * that are https, http on loopback, or a private-use scheme named after a domain. A registered client may
 * name the loopback port it listens on; the port does not matter when the redirect is compared.
 *
 * @returns the refusal, or the metadata to register: as sent, with `token_endpoint_auth_method: none` and
 *   `application_type: native` filled in when absent (RFC 7591 §2 lets the server choose; without the
 *   auth method oidc-provider would hand out a client secret that no endpoint here accepts).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function checkRegistration(metadata: unknown): { readonly refusal: RegistrationRefusal } | { readonly metadata: Record<string, unknown> } {
  const refusal = registrationRefusal(metadata);
  if (refusal !== undefined) return { refusal };
  return { metadata: { application_type: "native", token_endpoint_auth_method: "none", ...(metadata as Record<string, unknown>) } };
}

function registrationRefusal(metadata: unknown): RegistrationRefusal | undefined {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return { error: "invalid_client_metadata", error_description: "the registration must be a JSON object of client metadata" };
  }
  const { redirect_uris: redirectUris, token_endpoint_auth_method: authMethod } = metadata as Record<string, unknown>;
  if (authMethod !== undefined && authMethod !== "none") {
    return {
      error: "invalid_client_metadata",
      error_description: "token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret",
    };
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
