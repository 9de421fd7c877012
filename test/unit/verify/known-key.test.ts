import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../../../src/verify/index.js";
import { expectRefusal } from "../../support/refusals.js";
import { generateSigningKey, RESOURCE, startTokenIssuer, type SigningKey, type TokenIssuer } from "../../support/token-issuer.js";

// The verifier hands jose the last key it found when the next token names the same kid and alg
// (src/verify/key-set.ts). These tests pin down that this shortcut never accepts a token jose's key set
// would refuse: not after a refetch dropped the key, not once jose's copy of the set has aged.
const UNKNOWN_KID = "no signing key of the issuer matches the token (unknown kid or algorithm)";
// jose's default cacheMaxAge: after it, the next token makes jose fetch the key set again.
const CACHE_MAX_AGE_SECONDS = 600;

let as: TokenIssuer;
let stranger: SigningKey;
let verifier: TokenVerifier;

beforeAll(async () => {
  as = await startTokenIssuer();
  stranger = await generateSigningKey();
});
afterAll(() => as.close());
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T00:00:00Z") });
  as.publish([as.key]);
  as.server.requests.length = 0;
  verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri });
});
afterEach(() => vi.useRealTimers());

const advanceSeconds = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);
const jwksFetches = () => as.server.count("/jwks");

describe("the last key found is reused only while jose would return it", () => {
  it("verifies a stream of tokens from one key with a single fetch", async () => {
    for (let i = 0; i < 5; i++) await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(jwksFetches()).toBe(1);
  });

  it("refuses the last key used once a refetch (caused by another token) has removed it from the set", async () => {
    await verifier.verify(await as.token());
    as.publish([stranger]);
    advanceSeconds(31);
    // A token with another kid makes jose refetch; the new set lacks the key used so far.
    await expect(verifier.verify(await as.token({ key: stranger }))).resolves.toMatchObject({ subject: "alice" });
    expect(jwksFetches()).toBe(2);
    await expectRefusal(verifier.verify(await as.token()), "invalid_token", UNKNOWN_KID);
  });

  it("refuses it too when the refetching token was itself refused", async () => {
    await verifier.verify(await as.token());
    as.publish([]);
    advanceSeconds(31);
    await expectRefusal(verifier.verify(await as.token({ key: stranger })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(2);
    await expectRefusal(verifier.verify(await as.token()), "invalid_token", UNKNOWN_KID);
  });

  it("asks jose again once its copy of the key set has aged, and follows what the fresh copy says", async () => {
    await verifier.verify(await as.token());
    advanceSeconds(CACHE_MAX_AGE_SECONDS + 1);
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(jwksFetches()).toBe(2);
    as.publish([stranger]);
    advanceSeconds(CACHE_MAX_AGE_SECONDS + 1);
    await expectRefusal(verifier.verify(await as.token()), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(3);
  });

  it("does not reuse a key for a token naming another algorithm with the same kid", async () => {
    await verifier.verify(await as.token());
    const sameKid = await generateSigningKey("PS256", as.key.kid);
    await expectRefusal(verifier.verify(await as.token({ key: sameKid })), "invalid_token", UNKNOWN_KID);
  });
});
