import { jwtVerify, type JWTVerifyOptions } from "jose";
import { readVerifiedClaims, type VerifiedAccessToken } from "./claims.js";
import { TokenVerificationError } from "./errors.js";
import { checkProtectedHeader } from "./header-rules.js";
import { fromJoseError, isJoseCode } from "./jose-errors.js";
import { createKeyResolver } from "./key-set.js";
import type { TokenVerifierOptions } from "./options.js";
import { resolveVerifierOptions } from "./resolve-options.js";
import { checkPayloadEncoding, splitCompactToken } from "./token-format.js";

/** Per-call options of {@link TokenVerifier.verify}. */
export interface VerifyOptions {
  /** Scopes the request needs; a token missing any of them is refused with 403 `insufficient_scope`. */
  readonly requiredScopes?: readonly string[] | undefined;
}

/** A verifier bound to one issuer and one resource; create it once and share it (it caches the keys). */
export interface TokenVerifier {
  readonly issuer: string;
  /** The canonical resource URI this verifier requires in `aud`. */
  readonly resource: string;
  /**
   * Resolves with the token's meaning, or rejects with a {@link TokenVerificationError} — never with
   * anything else for a bad token or an unreachable key set.
   */
  verify(token: string, options?: VerifyOptions): Promise<VerifiedAccessToken>;
}

/** RFC 6749 §3.3 scope-token; checked so that scope names can travel in a `WWW-Authenticate` header. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Creates the access-token verifier of an MCP server: every refusal of SECURITY.md §C, with jose doing
 * the cryptography and the claim basics, and this module adding what jose leaves to the caller.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 * @see https://www.rfc-editor.org/rfc/rfc8725
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#token-handling
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const resolved = resolveVerifierOptions(options);
  const keys = createKeyResolver(resolved);
  const joseOptions: JWTVerifyOptions = {
    issuer: resolved.issuer,
    audience: resolved.resource,
    algorithms: [...resolved.algorithms],
    clockTolerance: resolved.clockToleranceSeconds,
    // jose requires neither by default: a token without exp would never expire.
    requiredClaims: ["exp", "sub"],
    ...(resolved.tokenType ? { typ: resolved.tokenType } : {}),
  };

  return {
    issuer: resolved.issuer,
    resource: resolved.resource,
    async verify(token, verifyOptions = {}) {
      const requiredScopes = checkRequiredScopes(verifyOptions.requiredScopes);
      const { header, encodedPayload } = splitCompactToken(token, resolved.maxTokenBytes);
      checkProtectedHeader(header, resolved.algorithms, resolved.tokenType);
      let verified: VerifiedAccessToken;
      try {
        // The key in hand when it is known (the usual case), else the resolver: the same key either way.
        const key = keys.known(header);
        // jose decodes the payload as strict UTF-8 and requires a JSON object (claim-refusals.test.ts holds it to that).
        const { payload } = await (key ? jwtVerify(token, key, joseOptions) : jwtVerify(token, keys.resolve, joseOptions));
        verified = readVerifiedClaims(payload, resolved.acceptedAudiences, resolved.clockToleranceSeconds);
      } catch (error) {
        // jose says only "not a valid JWT" for a payload that is not a JSON object; say what is wrong with it.
        if (isJoseCode(error, "ERR_JWT_INVALID")) checkPayloadEncoding(encodedPayload);
        throw fromJoseError(error);
      }
      const missing = requiredScopes.filter((scope) => !verified.scopes.includes(scope));
      if (missing.length > 0) {
        throw new TokenVerificationError("insufficient_scope", `the token lacks the scope ${missing.join(" ")}`, { requiredScopes });
      }
      return verified;
    },
  };
}

function checkRequiredScopes(scopes: readonly string[] | undefined): readonly string[] {
  if (scopes === undefined) return [];
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && SCOPE_TOKEN.test(scope))) {
    throw new TypeError(`verify: requiredScopes must be an array of RFC 6749 scope tokens, got ${JSON.stringify(scopes)}`);
  }
  return scopes;
}
