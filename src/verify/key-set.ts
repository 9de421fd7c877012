import { createLocalJWKSet, createRemoteJWKSet, customFetch, type FlattenedJWSInput, type JWSHeaderParameters, type JWTVerifyGetKey } from "jose";
import { fetchKeySetBounded, ResponseTooLarge, UnusableKeySet } from "./bounded-fetch.js";
import { discoverJwksUri } from "./discovery.js";
import type { ResolvedVerifierOptions } from "./resolve-options.js";

/**
 * The issuer's keys could not be obtained (fetch failed, timed out, non-200, not a key set, no metadata)
 * or cannot be used (larger than allowed, too many keys, no keys at all; see bounded-fetch.ts).
 */
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
 *
 * The last key found is remembered with the `kid` and `alg` it was found for: {@link KeyResolver.known}
 * returns it for the next token naming the same pair — the common case of an MCP server, whose tokens
 * all come from one current key — so the verifier hands jose the key itself, saving the key-set search
 * and the resolver's promise hops on every token. It is the key jose would pick: it is used only while
 * jose's copy of the set is fresh (else jose would refetch), and forgotten whenever a token goes to the
 * key set, since any such call may refetch and change the set.
 */
export function createKeyResolver(options: ResolvedVerifierOptions): KeyResolver {
  let remote: RemoteKeySet | undefined;
  let pendingRemote: Promise<RemoteKeySet> | undefined;
  let failure: { readonly at: number; readonly error: unknown; readonly heldKeys: LocalKeySet | undefined } | undefined;
  let lastKey: { readonly kid: unknown; readonly alg: unknown; readonly key: ResolvedKey; readonly calls: number } | undefined;
  // Calls that reached jose's key set; a remembered key is valid only if none started after it was found.
  let joseCalls = 0;

  const remoteKeySet = (): Promise<RemoteKeySet> => {
    if (remote) return Promise.resolve(remote);
    pendingRemote ??= (options.jwksUri ? Promise.resolve(options.jwksUri) : discoverJwksUri(options.issuer, options.httpTimeoutMs))
      .then(
        (jwksUri) =>
          (remote = createRemoteJWKSet(jwksUri, {
            cooldownDuration: options.jwksCooldownMs,
            timeoutDuration: options.httpTimeoutMs,
            [customFetch]: fetchKeySetBounded,
          })),
      )
      .finally(() => (pendingRemote = undefined));
    return pendingRemote;
  };

  const resolve = async (protectedHeader: JWSHeaderParameters, token: FlattenedJWSInput): Promise<ResolvedKey> => {
    if (failure && Date.now() - failure.at < options.jwksCooldownMs) {
      if (failure.heldKeys && remote?.fresh) return failure.heldKeys(protectedHeader, token);
      throw new KeySetUnavailable(failure.error);
    }
    try {
      const keySet = await remoteKeySet();
      const calls = ++joseCalls;
      const key = await keySet(protectedHeader, token);
      failure = undefined;
      if (calls === joseCalls) lastKey = { kid: protectedHeader.kid, alg: protectedHeader.alg, key, calls };
      return key;
    } catch (error) {
      if (isTokenProblem(error)) throw error;
      // Keys already held keep working through an outage, but not when the issuer answered with a key set
      // this verifier refuses to use (empty, too large, too many keys): that answer is the issuer's current word.
      const held = error instanceof UnusableKeySet || error instanceof ResponseTooLarge ? undefined : remote?.jwks();
      failure = { at: Date.now(), error, heldKeys: remote?.fresh && held ? createLocalJWKSet(held) : undefined };
      throw new KeySetUnavailable(error);
    }
  };

  return {
    resolve,
    known(protectedHeader) {
      const known = lastKey;
      return known && known.calls === joseCalls && known.kid === protectedHeader["kid"] && known.alg === protectedHeader["alg"] && remote?.fresh ? known.key : undefined;
    },
  };
}

/** A public key as jose's key sets return it. */
export type ResolvedKey = Awaited<ReturnType<RemoteKeySet>>;

/** How the verifier obtains the key of a token. */
export interface KeyResolver {
  /** The key resolver handed to `jwtVerify` (fetches, caches, refetches, gates failures). */
  readonly resolve: JWTVerifyGetKey;
  /** The key `resolve` would return for this header, when it is the one it returned last and still valid; else `undefined`. */
  known(protectedHeader: Readonly<Record<string, unknown>>): ResolvedKey | undefined;
}

function isTokenProblem(error: unknown): boolean {
  return typeof error === "object" && error !== null && TOKEN_PROBLEM_CODES.has(String((error as { code?: unknown }).code));
}
