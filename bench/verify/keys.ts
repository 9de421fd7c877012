import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/** The issuer and resource every verifier benchmark uses; they only need to be well-formed URLs. */
export const ISSUER = "https://issuer.example.com/";
export const RESOURCE = "https://mcp.example.com/github";
export const KID = "bench-key";

/** A signing key, its JWKS served on loopback, and a realistic access token signed with it. */
export interface BenchIssuer {
  readonly alg: string;
  readonly publicKey: CryptoKey;
  readonly jwksUri: string;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Generates a key pair for `alg`, serves its public JWK at `http://127.0.0.1:<port>/jwks` (so every
 * verifier fetches the same key the same way once, then works from its cache), and signs one access
 * token shaped like an IdP's RFC 9068 token: typ at+jwt, kid, iss, sub, aud, client_id, scope, iat, exp, jti.
 */
export async function startBenchIssuer(alg: string): Promise<BenchIssuer> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg, use: "sig" };
  const body = JSON.stringify({ keys: [jwk] });
  const server: Server = createServer((req, res) => {
    if (req.url !== "/jwks") {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const token = await new SignJWT({ client_id: "agent-client-id", scope: "github:read github:write" })
    .setProtectedHeader({ alg, kid: KID, typ: "at+jwt" })
    .setIssuer(ISSUER)
    .setSubject("user-123")
    .setAudience(RESOURCE)
    .setIssuedAt()
    // Long enough for the whole benchmark run.
    .setExpirationTime("2h")
    .setJti("bench-token")
    .sign(privateKey);
  return {
    alg,
    publicKey,
    jwksUri: `http://127.0.0.1:${port}/jwks`,
    token,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
