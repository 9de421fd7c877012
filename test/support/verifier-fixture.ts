import { afterAll, beforeAll } from "vitest";
import { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from "../../src/verify/index.js";
import { RESOURCE, startTokenIssuer, type TokenIssuer } from "./token-issuer.js";

/** A loopback token issuer and a verifier that trusts it; read the fields inside tests and hooks. */
export interface VerifierFixture {
  readonly as: TokenIssuer;
  readonly verifier: TokenVerifier;
}

/**
 * Starts a token issuer before the tests of the enclosing file or describe block and closes it after them;
 * the verifier requires RESOURCE and reads the issuer's JWKS, with `options` added (e.g. `tokenType`).
 */
export function useVerifiedIssuer(options: Partial<TokenVerifierOptions> = {}): VerifierFixture {
  let started: VerifierFixture | undefined;
  beforeAll(async () => {
    const as = await startTokenIssuer();
    started = { as, verifier: createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri, ...options }) };
  });
  afterAll(() => started?.as.close());
  const read = (): VerifierFixture => {
    if (started === undefined) throw new Error("the token issuer starts in beforeAll: read it inside a test or hook");
    return started;
  };
  return {
    get as() {
      return read().as;
    },
    get verifier() {
      return read().verifier;
    },
  };
}
