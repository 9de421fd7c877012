/**
 * The one error a token check produces. `code` is the RFC 6750 §3.1 error code (plus `server_error`) and
 * `status` the HTTP status that goes with it, so a server can answer without a mapping table of its own.
 */

/** RFC 6750 §3.1 error codes, plus `server_error` for a key set or discovery that cannot be reached. */
export type TokenVerificationErrorCode = "invalid_token" | "insufficient_scope" | "invalid_request" | "server_error";

/** HTTP status per error code: RFC 6750 §3.1 for the first three; 503 because an outage is not the token's fault. */
export const STATUS_BY_CODE = {
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_request: 400,
  server_error: 503,
} as const satisfies Record<TokenVerificationErrorCode, number>;

export type TokenVerificationStatus = (typeof STATUS_BY_CODE)[TokenVerificationErrorCode];

export interface TokenVerificationErrorOptions {
  /** The scopes the request needed; they go into the challenge's `scope` attribute. */
  readonly requiredScopes?: readonly string[] | undefined;
  /** The underlying failure (a jose error, a fetch error), for server logs only; never sent to the client. */
  readonly cause?: unknown;
}

/**
 * Why a bearer token was refused. The message is safe to send to the client: it never repeats token
 * content and never contains `"` or `\`, so it can travel in a `WWW-Authenticate` header.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export class TokenVerificationError extends Error {
  override readonly name = "TokenVerificationError";
  readonly code: TokenVerificationErrorCode;
  readonly status: TokenVerificationStatus;
  /** Set on `insufficient_scope`: every scope the request needed (not only the missing ones). */
  readonly requiredScopes: readonly string[] | undefined;

  constructor(code: TokenVerificationErrorCode, message: string, options: TokenVerificationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.requiredScopes = options.requiredScopes === undefined ? undefined : [...options.requiredScopes];
  }
}

/** Shorthand for the most common refusal. */
export function invalidToken(message: string, cause?: unknown): TokenVerificationError {
  return new TokenVerificationError("invalid_token", message, { cause });
}
