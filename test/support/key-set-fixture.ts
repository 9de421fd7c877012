import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../../src/verify/index.js";
import { generateSigningKey, RESOURCE, startTokenIssuer, type SigningKey, type TokenIssuer } from "./token-issuer.js";

/**
 * An issuer publishing one key, a stranger's key it never publishes, and a fresh verifier per test, with
 * only `Date` faked: jose's cooldown and cache read `Date.now()`, while sockets and timeouts stay real.
 */
export function useKeySetFixture() {
  let issuer: TokenIssuer | undefined;
  let stranger: SigningKey | undefined;
  let verifier: TokenVerifier | undefined;
  beforeAll(async () => {
    issuer = await startTokenIssuer();
    stranger = await generateSigningKey();
  });
  afterAll(() => issuer?.close());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T00:00:00Z") });
    const as = defined(issuer);
    as.publish([as.key]);
    as.server.requests.length = 0;
    verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri });
  });
  afterEach(() => vi.useRealTimers());
  return {
    get as(): TokenIssuer {
      return defined(issuer);
    },
    get stranger(): SigningKey {
      return defined(stranger);
    },
    get verifier(): TokenVerifier {
      return defined(verifier);
    },
    advanceSeconds: (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000),
    jwksFetches: () => defined(issuer).server.count("/jwks"),
  };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the key set fixture is used outside a test");
  return value;
}
