/**
 * Which JWS algorithms a verifier accepts. Only asymmetric ones: a resource server holds no secret it
 * shares with the issuer, and accepting HMAC would let anyone sign with the (public) verification key.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */

/** Accepted when `algorithms` is not given: RSA, RSA-PSS, ECDSA and EdDSA with every hash size. */
export const DEFAULT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"] as const;

/** Every asymmetric JWS algorithm jose can verify (ML-DSA where the runtime supports it). */
const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set([...DEFAULT_ALGORITHMS, "ML-DSA-44", "ML-DSA-65", "ML-DSA-87"]);

/**
 * Checks the `algorithms` option and returns the allow-list; a symmetric, `none` or unknown entry is a
 * programming error, reported when the verifier is created rather than on the first request.
 */
export function allowedAlgorithms(algorithms: readonly string[] | undefined): readonly string[] {
  if (algorithms === undefined) return DEFAULT_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new TypeError("createTokenVerifier: algorithms must be a non-empty array of asymmetric JWS algorithms such as [\"RS256\"]");
  }
  for (const algorithm of algorithms) {
    if (typeof algorithm === "string" && /^HS\d+$/i.test(algorithm)) {
      throw new TypeError(`createTokenVerifier: algorithm ${JSON.stringify(algorithm)} is symmetric (HMAC); a resource server verifies with public keys only, use one of ${[...ASYMMETRIC_ALGORITHMS].join(", ")}`);
    }
    if (typeof algorithm !== "string" || !ASYMMETRIC_ALGORITHMS.has(algorithm)) {
      throw new TypeError(`createTokenVerifier: algorithm ${JSON.stringify(algorithm)} is not an asymmetric JWS algorithm; use one of ${[...ASYMMETRIC_ALGORITHMS].join(", ")}`);
    }
  }
  return [...new Set(algorithms)];
}
