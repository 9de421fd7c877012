/**
 * Tokens no authorization server issued, for the checks that a server refuses them. The keys are
 * generated in this process for each audit and never leave it, so a server that accepts one of these
 * tokens accepts tokens anyone can make.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
import { generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { randomUUID } from "node:crypto";

/** Claims a real access token for this server would carry (RFC 9068 §2.2), valid for five minutes. */
export function plausibleClaims(issuer: string, audience: string, scope: string | undefined): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: audience,
    sub: "pulumi-mcp-auth-audit",
    client_id: "pulumi-mcp-auth-audit",
    ...(scope ? { scope } : {}),
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: randomUUID(),
  };
}

/** An unsecured JWT (`alg: none`, empty signature). */
export function forgeUnsigned(claims: JWTPayload): string {
  return new UnsecuredJWT(claims).encode();
}

/** Which key the forged signature pretends to come from: one the authorization server really publishes. */
export interface KeyHint {
  readonly kid: string;
  readonly alg: string;
}

/** The algorithms the audit can generate a key for; others fall back to ES256 without the hint. */
const GENERATABLE = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"]);

/** Signs `claims` with a fresh key of the hinted algorithm under the hinted `kid`, else ES256 with a random `kid`. */
export async function forgeSigned(claims: JWTPayload, hint: KeyHint | undefined): Promise<{ token: string; how: string }> {
  const usable = hint !== undefined && GENERATABLE.has(hint.alg) ? hint : undefined;
  const alg = usable?.alg ?? "ES256";
  const kid = usable?.kid ?? `audit-${randomUUID()}`;
  const { privateKey } = await generateKeyPair(alg);
  const token = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: "at+jwt" }).sign(privateKey);
  const how = usable
    ? `signed ${alg} by a key the audit generated, under kid ${JSON.stringify(kid)} which the authorization server publishes`
    : `signed ${alg} by a key the audit generated, under a kid nobody publishes`;
  return { token, how };
}

/** The first signing key of a JWKS whose `kid` and algorithm the audit can imitate. */
export function keyHintFrom(jwks: Record<string, unknown>): KeyHint | undefined {
  const keys = Array.isArray(jwks["keys"]) ? (jwks["keys"] as unknown[]) : [];
  for (const key of keys) {
    if (typeof key !== "object" || key === null) continue;
    const { kid, alg, kty, crv, use } = key as Record<string, unknown>;
    if (typeof kid !== "string" || (use !== undefined && use !== "sig")) continue;
    const algorithm = typeof alg === "string" ? alg : kty === "RSA" ? "RS256" : kty === "EC" && crv === "P-256" ? "ES256" : kty === "OKP" && crv === "Ed25519" ? "EdDSA" : undefined;
    if (algorithm !== undefined && GENERATABLE.has(algorithm)) return { kid, alg: algorithm };
  }
  return undefined;
}

/** The payload of a JWS-shaped token, unverified, or undefined when the token is not one (e.g. opaque). */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
