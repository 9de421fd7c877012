import type { TokenVerificationError } from "./errors.js";

/** Options of {@link wwwAuthenticate}. */
export interface WwwAuthenticateOptions {
  /** The RFC 9728 metadata URL of this resource (see `protectedResourceMetadataUrl`). */
  readonly resourceMetadataUrl: string;
  /**
   * Scopes to name in the challenge: everything the request needs, so a client that steps up asks for
   * the whole set. Defaults to the error's `requiredScopes`.
   */
  readonly scope?: string | readonly string[] | undefined;
}

/** RFC 6749 §3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Builds the `WWW-Authenticate` value of a refusal: `Bearer error="…", error_description="…", scope="…",
 * resource_metadata="…"`. Without an error (no credentials were sent) only `scope` and
 * `resource_metadata` appear, as RFC 6750 §3.1 asks; `server_error` is not an RFC 6750 code, so it gets
 * the same bare challenge. Every value is a valid quoted-string: nothing in it can end the header.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
export function wwwAuthenticate(error: TokenVerificationError | null | undefined, options: WwwAuthenticateOptions): string {
  const parameters: string[] = [];
  if (error && error.code !== "server_error") {
    parameters.push(`error=${quotedString(error.code)}`, `error_description=${quotedString(errorDescription(error.message))}`);
  }
  const scope = scopeValue(options.scope ?? error?.requiredScopes);
  if (scope !== "") parameters.push(`scope=${quotedString(scope)}`);
  parameters.push(`resource_metadata=${quotedString(resourceMetadataUrl(options.resourceMetadataUrl))}`);
  return `Bearer ${parameters.join(", ")}`;
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E; anything else is replaced. */
function errorDescription(message: string): string {
  return message.replace(/"/g, "'").replace(/\\/g, "/").replace(/[^\x20-\x7e]+/g, " ").trim();
}

function scopeValue(scope: string | readonly string[] | undefined): string {
  const scopes = scope === undefined ? [] : typeof scope === "string" ? scope.split(" ").filter((s) => s !== "") : [...scope];
  for (const name of scopes) {
    if (typeof name !== "string" || !SCOPE_TOKEN.test(name)) throw new TypeError(`wwwAuthenticate: ${JSON.stringify(name)} is not an RFC 6749 scope token`);
  }
  return scopes.join(" ");
}

function resourceMetadataUrl(url: string): string {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new TypeError(`wwwAuthenticate: resourceMetadataUrl must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  return url;
}

/**
 * RFC 9110 §5.6.4 quoted-string: `"` and `\` become quoted-pairs; control characters (CR, LF, …) and
 * non-ASCII cannot be represented safely and are refused, which is what stops header injection.
 */
export function quotedString(value: string): string {
  if (/[^\t\x20-\x7e]/.test(value)) throw new TypeError(`${JSON.stringify(value)} contains characters that cannot appear in an HTTP header`);
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
