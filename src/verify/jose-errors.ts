import { invalidToken, TokenVerificationError } from "./errors.js";
import { KeySetUnavailable } from "./key-set.js";

/** Fixed, client-safe messages per jose error code; jose's own messages contain quotes and claim values. */
const MESSAGES_BY_CODE: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: "the token has expired",
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "the token signature is invalid",
  ERR_JWKS_NO_MATCHING_KEY: "no signing key of the issuer matches the token (unknown kid or algorithm)",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: "the token names no kid and several signing keys of the issuer match",
  ERR_JOSE_ALG_NOT_ALLOWED: "the token algorithm is not in the allowed list",
  ERR_JOSE_NOT_SUPPORTED: "the token uses a JOSE feature this verifier does not support",
  ERR_JWS_INVALID: "the token is not a valid JWS",
  ERR_JWT_INVALID: "the token is not a valid JWT",
};

const CLAIM_MESSAGES: Readonly<Record<string, string>> = {
  iss: "the token was issued by another issuer (iss)",
  aud: "the token is not meant for this resource (aud)",
  nbf: "the token is not valid yet (nbf)",
  typ: "the token type (typ) must be at+jwt",
};

/**
 * Maps whatever `jwtVerify` threw to a {@link TokenVerificationError}: token faults are `invalid_token`,
 * unavailable keys and anything unexpected are `server_error` — a failure is never turned into a pass.
 */
export function fromJoseError(error: unknown): TokenVerificationError {
  if (error instanceof TokenVerificationError) return error;
  if (error instanceof KeySetUnavailable) return new TokenVerificationError("server_error", error.message, { cause: error.cause });
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
    const { claim, reason } = error as { claim?: string; reason?: string };
    if (reason === "missing") return invalidToken(`the token has no ${claim} claim`, error);
    if (reason === "invalid") return invalidToken(`the ${claim} claim is not a number`, error);
    return invalidToken(CLAIM_MESSAGES[claim ?? ""] ?? `the ${claim} claim is not acceptable`, error);
  }
  const message = typeof code === "string" ? MESSAGES_BY_CODE[code] : undefined;
  if (message) return invalidToken(message, error);
  // Not a token fault jose knows (e.g. a key the runtime cannot import): the server's side, never a pass.
  return new TokenVerificationError("server_error", "the token could not be checked", { cause: error });
}
