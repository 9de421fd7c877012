import { invalidToken } from "./errors.js";

/** Header parameters that name or carry a key. Keys come from the issuer's key set only (RFC 8725 §3.10). */
const KEY_BEARING_HEADERS = ["jku", "x5u", "jwk", "x5c"] as const;

/** `typ` values an access token may carry when the IdP does not issue RFC 9068 tokens. */
const GENERIC_TYPES: ReadonlySet<string> = new Set(["jwt", "at+jwt"]);

/**
 * Header checks done before the signature, each a refusal of a known attack rather than a format nicety:
 * unsigned tokens, algorithm confusion, encrypted or nested tokens, attacker-supplied keys, extensions
 * this verifier would silently skip, and JWTs of another type (ID, logout, …) replayed as access tokens.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function checkProtectedHeader(header: Readonly<Record<string, unknown>>, allowedAlgorithms: readonly string[], tokenType: "at+jwt" | undefined): void {
  const { alg } = header;
  if (typeof alg !== "string" || alg === "") throw invalidToken("the token header has no alg");
  if (alg.toLowerCase() === "none") throw invalidToken("unsigned tokens (alg none) are refused");
  if (!allowedAlgorithms.includes(alg)) throw invalidToken("the token algorithm is not in the allowed list");
  if ("enc" in header) throw invalidToken("encrypted tokens (JWE) are not accepted; send a signed JWT");
  if (typeof header.cty === "string" && mediaType(header.cty) === "jwt") throw invalidToken("nested tokens (cty JWT) are not accepted");
  if ("crit" in header) throw invalidToken("the token header lists critical extensions (crit) this verifier does not support");
  if (KEY_BEARING_HEADERS.some((name) => name in header)) {
    throw invalidToken("tokens that carry or point to their own key (jku, x5u, jwk, x5c) are refused");
  }
  const typ = header.typ === undefined ? undefined : typeof header.typ === "string" ? mediaType(header.typ) : "";
  if (tokenType === "at+jwt") {
    if (typ !== "at+jwt") throw invalidToken("the token type (typ) must be at+jwt");
  } else if (typ !== undefined && !GENERIC_TYPES.has(typ)) {
    throw invalidToken("the token type (typ) is not an access token type");
  }
}

/** RFC 7515 §4.1.9: compare case-insensitively, with the `application/` prefix optional. */
function mediaType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith("application/") ? lower.slice("application/".length) : lower;
}
