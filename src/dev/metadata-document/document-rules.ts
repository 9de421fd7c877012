import type { ClientMetadata } from "oidc-provider";
import { checkRedirectUri } from "../../schema/redirect-uri.js";
import { LOOPBACK_WITH_PORT } from "../registration-rules.js";

/** Grant types a metadata document may list; a client gets `authorization_code` only (no refresh tokens). */
const ACCEPTED_GRANT_TYPES: ReadonlySet<string> = new Set(["authorization_code", "refresh_token"]);

/** The longest `client_name` shown on the sign-in and consent pages. */
const MAX_CLIENT_NAME = 200;

/**
 * Turns a fetched client ID metadata document into the metadata of a public, PKCE-only client, or says why
 * it cannot be one.
 *
 * The document must be a JSON object whose `client_id` is exactly the URL it was fetched from; it may not
 * carry a secret or ask for another authentication method than `none` (nothing can be shared with a client
 * that only publishes a document); its `redirect_uris` follow the rules of declared clients, a loopback port
 * excepted as for dynamic registration; its grant and response types stay within the authorization code flow.
 * The client built from it takes only what the dev server uses (`client_name`, `redirect_uris`): fields such as
 * `jwks_uri`, `sector_identifier_uri` or `logo_uri` are dropped, so the server never fetches a URL a document
 * names.
 *
 * @returns the client metadata, or `{ refusal }` with the reason (it reads after "the document ...: ").
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ (Client ID Metadata
 *   Document), https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function clientFromDocument(clientId: string, document: unknown): { readonly metadata: ClientMetadata } | { readonly refusal: string } {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return { refusal: "it is not a JSON object" };
  const fields = document as Record<string, unknown>;
  if (fields["client_id"] !== clientId) {
    const named = typeof fields["client_id"] === "string" ? `names client_id ${fields["client_id"]}` : "has no client_id";
    return { refusal: `it ${named}; a document must name exactly the URL it is served at` };
  }
  if ("client_secret" in fields || "client_secret_expires_at" in fields) {
    return { refusal: "it contains a client_secret: a client identified by a metadata document is public and cannot hold a secret" };
  }
  const authMethod = fields["token_endpoint_auth_method"];
  if (authMethod !== undefined && authMethod !== "none") {
    return { refusal: "its token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret" };
  }
  const redirectRefusal = redirectUrisRefusal(fields["redirect_uris"]);
  if (redirectRefusal !== undefined) return { refusal: redirectRefusal };
  const grantTypes = fields["grant_types"];
  if (grantTypes !== undefined && (!isStringList(grantTypes) || !grantTypes.includes("authorization_code") || !grantTypes.every((type) => ACCEPTED_GRANT_TYPES.has(type)))) {
    return { refusal: "its grant_types must be authorization_code, optionally with refresh_token" };
  }
  const responseTypes = fields["response_types"];
  if (responseTypes !== undefined && (!isStringList(responseTypes) || !responseTypes.every((type) => type === "code"))) {
    return { refusal: "its response_types must be code" };
  }
  const name = fields["client_name"];
  if (name !== undefined && (typeof name !== "string" || name.length === 0 || name.length > MAX_CLIENT_NAME)) {
    return { refusal: `its client_name must be a string of 1 to ${MAX_CLIENT_NAME} characters` };
  }
  return {
    metadata: {
      client_id: clientId,
      ...(name === undefined ? {} : { client_name: name }),
      redirect_uris: [...(fields["redirect_uris"] as string[])],
      // Native: loopback redirects match on any port (RFC 8252 §7.3); https and private-use schemes exactly.
      application_type: "native",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  };
}

function redirectUrisRefusal(value: unknown): string | undefined {
  if (!isStringList(value) || value.length === 0) return "its redirect_uris must list at least one redirect URI";
  for (const uri of value) {
    const verdict = checkRedirectUri(uri.replace(LOOPBACK_WITH_PORT, "$1"));
    if (verdict && "error" in verdict) return `its redirect URI ${uri} ${verdict.error}`;
  }
  return undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
