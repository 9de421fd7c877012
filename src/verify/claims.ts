import type { JWTPayload } from "jose";
import { invalidToken } from "./errors.js";

/**
 * What an MCP server needs to know about a verified access token, with the IdP differences removed:
 * scopes from `scope` (Auth0, Keycloak, RFC 9068) or `scp` (Okta), the client from `client_id`
 * (RFC 9068), `azp` (Keycloak, Auth0's own dialect) or `cid` (Okta).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export interface VerifiedAccessToken {
  /** `sub`: the user (or, for client-only grants, the client) the token speaks for. */
  readonly subject: string;
  /** The OAuth client the token was issued to, when the token names it. */
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
  /** `aud` as a list; it contains the resource and at most the explicitly allowed extra audiences. */
  readonly audience: readonly string[];
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** Every claim of the verified payload, for whatever else the server wants to read. */
  readonly claims: Readonly<JWTPayload>;
}

/** Claims that only OpenID Connect ID tokens carry (OIDC Core §2, §3.3.2.11). */
const ID_TOKEN_CLAIMS = ["nonce", "at_hash", "c_hash", "s_hash"] as const;

/**
 * Checks that jose does not do and builds the result. Runs on the payload jose verified, never on the
 * pre-parse copy.
 */
export function readVerifiedClaims(payload: JWTPayload, acceptedAudiences: ReadonlySet<string>, clockToleranceSeconds: number): VerifiedAccessToken {
  for (const claim of ["exp", "nbf", "iat"] as const) {
    // JSON has no Infinity, but `1e400` parses to it, and jose's type check lets it through.
    if (payload[claim] !== undefined && !Number.isFinite(payload[claim])) throw invalidToken(`the ${claim} claim is not a finite number`);
  }
  // jose checks iat only when asked for a maximum token age. A token issued in the future comes from a
  // badly skewed or forged clock and would stay valid longer than its issuer meant (RFC 9068 §4, RFC 8725 §3.10).
  if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000) + clockToleranceSeconds) {
    throw invalidToken("the token was issued in the future (iat), beyond the clock tolerance");
  }
  const audience = typeof payload.aud === "string" ? [payload.aud] : payload.aud;
  if (!Array.isArray(audience) || audience.some((entry) => typeof entry !== "string")) throw invalidToken("the aud claim is not a string or an array of strings");
  if (audience.some((entry) => !acceptedAudiences.has(entry))) throw invalidToken("the token is also meant for an audience this server does not accept");
  refuseIdTokens(payload, audience);
  if (typeof payload.sub !== "string" || payload.sub === "") throw invalidToken("the token has no sub claim");
  return {
    subject: payload.sub,
    clientId: clientIdOf(payload),
    scopes: scopesOf(payload),
    audience,
    expiresAt: payload.exp as number,
    claims: payload,
  };
}

/**
 * ID tokens are signed by the same keys and may name the resource in `aud` on a misconfigured IdP, so
 * their distinguishing marks are refused even when the header `typ` is silent (Keycloak uses `typ: JWT`
 * for both and tells them apart with a `typ` claim).
 */
function refuseIdTokens(payload: JWTPayload, audience: readonly string[]): void {
  if (payload["typ"] !== undefined && (typeof payload["typ"] !== "string" || payload["typ"].toLowerCase() !== "bearer")) {
    throw invalidToken("the token is not an access token (its typ claim is not Bearer)");
  }
  if (ID_TOKEN_CLAIMS.some((claim) => claim in payload)) throw invalidToken("the token is an ID token (it carries nonce, at_hash, c_hash or s_hash), not an access token");
  if (typeof payload["azp"] === "string" && audience.every((entry) => entry === payload["azp"])) {
    throw invalidToken("the token is addressed only to the client it was issued to (aud equals azp), as ID tokens are");
  }
}

function clientIdOf(payload: JWTPayload): string | undefined {
  for (const claim of ["client_id", "azp", "cid"] as const) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") throw invalidToken(`the ${claim} claim is not a non-empty string`);
    return value;
  }
  return undefined;
}

function scopesOf(payload: JWTPayload): readonly string[] {
  if (payload["scope"] !== undefined) {
    if (typeof payload["scope"] !== "string") throw invalidToken("the scope claim is not a space-separated string");
    return splitScopes(payload["scope"]);
  }
  const scp = payload["scp"];
  if (scp === undefined) return [];
  // Okta sends an array; Microsoft Entra a space-separated string. Both name the same thing.
  if (typeof scp === "string") return splitScopes(scp);
  if (!Array.isArray(scp) || scp.some((scope) => typeof scope !== "string")) throw invalidToken("the scp claim is not an array of strings");
  return [...new Set(scp as string[])];
}

function splitScopes(scope: string): readonly string[] {
  return [...new Set(scope.split(" ").filter((token) => token !== ""))];
}
