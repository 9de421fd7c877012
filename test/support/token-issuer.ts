import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server.js";

export const RESOURCE = "https://mcp.example.com/github";
export const CLIENT_ID = "desktop-agent";

/** A signing key with its public JWK as a key set would publish it. */
export interface SigningKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function generateSigningKey(alg = "RS256", kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export interface TokenSpec {
  /** Merged over the default claims; a value of `undefined` removes the claim. */
  readonly claims?: Record<string, unknown>;
  /** Merged over `{ alg, kid, typ: "at+jwt" }`; `undefined` removes the parameter. */
  readonly header?: Record<string, unknown>;
  readonly key?: SigningKey;
}

/**
 * A fake authorization server on loopback: publishes a JWKS at /jwks (and RFC 8414 metadata when
 * asked), mints tokens with keys generated in the test, and counts what the verifier fetched.
 */
export interface TokenIssuer {
  readonly server: LoopbackServer;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly key: SigningKey;
  /** Publishes exactly these keys at /jwks from now on. */
  publish(keys: readonly SigningKey[]): void;
  /** A token with default claims (iss, aud = RESOURCE, sub, client_id, scope, iat, exp = now + 600). */
  token(spec?: TokenSpec): Promise<string>;
  /** Signs any payload bytes with any protected header, as an attacker or a broken IdP could. */
  signRaw(header: Record<string, unknown>, payload: Uint8Array | string, key?: SigningKey): Promise<string>;
  close(): Promise<void>;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export async function startTokenIssuer(options: { key?: SigningKey; metadata?: boolean } = {}): Promise<TokenIssuer> {
  const key = options.key ?? (await generateSigningKey());
  const server = await startLoopbackServer();
  const issuer = server.origin;
  const jwksUri = `${issuer}/jwks`;
  const publish = (keys: readonly SigningKey[]) => server.route("/jwks", { json: { keys: keys.map((k) => k.publicJwk) } });
  publish([key]);
  if (options.metadata) server.route("/.well-known/oauth-authorization-server", { json: { issuer, jwks_uri: jwksUri } });

  const signRaw = (header: Record<string, unknown>, payload: Uint8Array | string, signer: SigningKey = key) => {
    const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
    const crit = Array.isArray(header["crit"]) ? Object.fromEntries((header["crit"] as string[]).map((name) => [name, true])) : undefined;
    return new CompactSign(bytes).setProtectedHeader(header as never).sign(signer.privateKey, crit ? { crit } : undefined);
  };

  return {
    server,
    issuer,
    jwksUri,
    key,
    publish,
    signRaw,
    async token(spec = {}) {
      const signer = spec.key ?? key;
      const now = nowSeconds();
      const claims = withoutUndefined({ iss: issuer, aud: RESOURCE, sub: "alice", client_id: CLIENT_ID, scope: "github:read", iat: now, exp: now + 600, ...spec.claims });
      const header = withoutUndefined({ alg: signer.alg, kid: signer.kid, typ: "at+jwt", ...spec.header });
      return signRaw(header, JSON.stringify(claims), signer);
    },
    close: () => server.close(),
  };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** Base64url of a string or bytes, for hand-built tokens. */
export function b64u(value: string | Uint8Array): string {
  return Buffer.from(value).toString("base64url");
}
