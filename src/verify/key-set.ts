import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { discoverJwksUri } from "./discovery.js";
import type { ResolvedVerifierOptions } from "./resolve-options.js";

/** The issuer's keys could not be obtained (fetch failed, timed out, non-200, not a key set, no metadata). */
export class KeySetUnavailable extends Error {
  override readonly name = "KeySetUnavailable";
  constructor(cause: unknown) {
    super("the issuer's signing keys cannot be fetched", { cause });
  }
}

/**
 * jose errors that describe the token (its `kid`, its `alg`) rather than the key set; everything else
 * from the key resolver — raw fetch `TypeError`s included — means the keys are unavailable.
 */
const TOKEN_PROBLEM_CODES: ReadonlySet<string> = new Set([
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JOSE_ALG_NOT_ALLOWED",
]);

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;
type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The key resolver handed to `jwtVerify`: jose's remote key set (cache, one shared in-flight fetch, one
 * refetch per cooldown for unknown `kid`s), behind a discovery step and a failure gate. jose retries a
 * failed fetch on the very next token; the gate makes a failing endpoint cost at most one request per
 * cooldown too, answering meanwhile from the keys still held, or as unavailable when there are none.
 */
export function createKeyResolver(options: ResolvedVerifierOptions): JWTVerifyGetKey {
  let remote: RemoteKeySet | undefined;
  let pendingRemote: Promise<RemoteKeySet> | undefined;
  let failure: { readonly at: number; readonly error: unknown; readonly heldKeys: LocalKeySet | undefined } | undefined;

  const remoteKeySet = (): Promise<RemoteKeySet> => {
    if (remote) return Promise.resolve(remote);
    pendingRemote ??= (options.jwksUri ? Promise.resolve(options.jwksUri) : discoverJwksUri(options.issuer, options.httpTimeoutMs))
      .then((jwksUri) => (remote = createRemoteJWKSet(jwksUri, { cooldownDuration: options.jwksCooldownMs, timeoutDuration: options.httpTimeoutMs })))
      .finally(() => (pendingRemote = undefined));
    return pendingRemote;
  };

  return async (protectedHeader, token) => {
    if (failure && Date.now() - failure.at < options.jwksCooldownMs) {
      if (failure.heldKeys && remote?.fresh) return failure.heldKeys(protectedHeader, token);
      throw new KeySetUnavailable(failure.error);
    }
    try {
      const keySet = await remoteKeySet();
      const key = await keySet(protectedHeader, token);
      failure = undefined;
      return key;
    } catch (error) {
      if (isTokenProblem(error)) throw error;
      const held = remote?.jwks();
      failure = { at: Date.now(), error, heldKeys: remote?.fresh && held ? createLocalJWKSet(held) : undefined };
      throw new KeySetUnavailable(error);
    }
  };
}

function isTokenProblem(error: unknown): boolean {
  return typeof error === "object" && error !== null && TOKEN_PROBLEM_CODES.has(String((error as { code?: unknown }).code));
}
