import { describe, expect, it } from "vitest";
import { expectRefusal } from "../../support/refusals.js";
import { useKeySetFixture } from "../../support/key-set-fixture.js";
import { generateSigningKey } from "../../support/token-issuer.js";

// The verifier hands jose the last key it found when the next token names the same kid and alg
// (src/verify/key-set.ts). These tests pin down that this shortcut never accepts a token jose's key set
// would refuse: not after a refetch dropped the key, not once jose's copy of the set has aged.
const UNKNOWN_KID = "no signing key of the issuer matches the token (unknown kid or algorithm)";
// jose's default cacheMaxAge: after it, the next token makes jose fetch the key set again.
const CACHE_MAX_AGE_SECONDS = 600;

const keySet = useKeySetFixture();

describe("the last key found is reused only while jose would return it", () => {
  it("verifies a stream of tokens from one key with a single fetch", async () => {
    for (let i = 0; i < 5; i++) await expect(keySet.verifier.verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(keySet.jwksFetches()).toBe(1);
  });

  it("refuses the last key used once a refetch (caused by another token) has removed it from the set", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    keySet.as.publish([keySet.stranger]);
    keySet.advanceSeconds(31);
    // A token with another kid makes jose refetch; the new set lacks the key used so far.
    await expect(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger }))).resolves.toMatchObject({ subject: "alice" });
    expect(keySet.jwksFetches()).toBe(2);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "invalid_token", UNKNOWN_KID);
  });

  it("refuses it too when the refetching token was itself refused", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    keySet.as.publish([await generateSigningKey()]);
    keySet.advanceSeconds(31);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(2);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "invalid_token", UNKNOWN_KID);
  });

  it("asks jose again once its copy of the key set has aged, and follows what the fresh copy says", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    keySet.advanceSeconds(CACHE_MAX_AGE_SECONDS + 1);
    await expect(keySet.verifier.verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(keySet.jwksFetches()).toBe(2);
    keySet.as.publish([keySet.stranger]);
    keySet.advanceSeconds(CACHE_MAX_AGE_SECONDS + 1);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(3);
  });

  it("does not reuse a key for a token naming another algorithm with the same kid", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    const sameKid = await generateSigningKey("PS256", keySet.as.key.kid);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: sameKid })), "invalid_token", UNKNOWN_KID);
  });
});
