import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { MAX_JWKS_BYTES, MAX_JWKS_KEYS } from "../../../src/verify/bounded-fetch.js";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { startLoopbackServer } from "../../support/loopback-server.js";
import { expectRefusal } from "../../support/refusals.js";
import { useKeySetFixture } from "../../support/key-set-fixture.js";
import { generateSigningKey, RESOURCE } from "../../support/token-issuer.js";

// SECURITY.md §C: unknown kid after one refetch, refetches rate-limited, an unfetchable JWKS is 503.
const UNKNOWN_KID = "no signing key of the issuer matches the token (unknown kid or algorithm)";
const UNAVAILABLE = "the issuer's signing keys cannot be fetched";

const keySet = useKeySetFixture();

describe("key set refetches (SECURITY.md §C)", () => {
  it("refuses an unknown kid after exactly one refetch", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    expect(keySet.jwksFetches()).toBe(1);
    keySet.advanceSeconds(31);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(2);
  });

  it("a burst of unknown kids costs at most one fetch per cooldown", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    const burst = async () => {
      const tokens = await Promise.all(Array.from({ length: 25 }, async (_, i) => keySet.as.token({ key: keySet.stranger, header: { kid: `unknown-${i}` } })));
      const results = await Promise.allSettled(tokens.map((token) => keySet.verifier.verify(token)));
      expect(results.map((result) => result.status === "rejected" && (result.reason as Error).message)).toEqual(tokens.map(() => UNKNOWN_KID));
    };
    await burst(); // within the cooldown of the first fetch: no refetch at all
    expect(keySet.jwksFetches()).toBe(1);
    keySet.advanceSeconds(31);
    await burst();
    expect(keySet.jwksFetches()).toBe(2);
    await burst();
    expect(keySet.jwksFetches()).toBe(2);
    keySet.advanceSeconds(31);
    await burst();
    expect(keySet.jwksFetches()).toBe(3);
  });

  it("picks up a rotated key with one refetch once the cooldown allows it", async () => {
    const next = await generateSigningKey();
    await keySet.verifier.verify(await keySet.as.token());
    keySet.as.publish([keySet.as.key, next]);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: next })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(1);
    keySet.advanceSeconds(31);
    await expect(keySet.verifier.verify(await keySet.as.token({ key: next }))).resolves.toMatchObject({ subject: "alice" });
    expect(keySet.jwksFetches()).toBe(2);
  });

  it("honours a configured cooldown", async () => {
    const quick = createTokenVerifier({ issuer: keySet.as.issuer, resource: RESOURCE, jwksUri: keySet.as.jwksUri, jwksCooldownSeconds: 5 });
    await quick.verify(await keySet.as.token());
    keySet.advanceSeconds(4);
    await expectRefusal(quick.verify(await keySet.as.token({ key: keySet.stranger })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(1);
    keySet.advanceSeconds(2);
    await expectRefusal(quick.verify(await keySet.as.token({ key: keySet.stranger })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(2);
  });

  it("refuses a token without kid when several keys of its algorithm are published", async () => {
    keySet.as.publish([keySet.as.key, await generateSigningKey()]);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ header: { kid: undefined } })), "invalid_token", "the token names no kid and several signing keys of the issuer match");
  });
});

describe("a key set that cannot be fetched is 503 server_error, never a pass (SECURITY.md §C)", () => {
  it("connection refused: the raw fetch TypeError is classified as unavailable", async () => {
    const gone = await startLoopbackServer();
    await gone.close();
    const offline = createTokenVerifier({ issuer: keySet.as.issuer, resource: RESOURCE, jwksUri: `${gone.origin}/jwks` });
    const error = await expectRefusal(offline.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ name: "TypeError", message: "fetch failed" });
  });

  it.each([
    ["HTTP 500", { json: { error: "boom" }, status: 500 }, "ERR_JOSE_GENERIC"],
    ["a redirect, even to the valid key set", (_: unknown, res: ServerResponse): void => {
        res.writeHead(302, { location: "/jwks" }).end();
      }, "ERR_JOSE_GENERIC"],
    ["a body that is not JSON", (_: unknown, res: ServerResponse): void => {
        res.writeHead(200).end("<html>");
      }, "ERR_JOSE_GENERIC"],
    ["JSON without keys", { json: { kids: [] } }, "ERR_JWKS_INVALID"],
  ] as const)("%s", async (_, route, code) => {
    keySet.as.server.route("/broken-jwks", route as never);
    const broken = createTokenVerifier({ issuer: keySet.as.issuer, resource: RESOURCE, jwksUri: `${keySet.as.issuer}/broken-jwks` });
    const error = await expectRefusal(broken.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ code });
  });

  it("a key set slower than httpTimeoutSeconds", async () => {
    vi.useRealTimers();
    keySet.as.server.route("/slow-jwks", () => undefined); // never answers
    const impatient = createTokenVerifier({ issuer: keySet.as.issuer, resource: RESOURCE, jwksUri: `${keySet.as.issuer}/slow-jwks`, httpTimeoutSeconds: 0.2 });
    const error = await expectRefusal(impatient.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ code: "ERR_JWKS_TIMEOUT" });
  });

  it("a failing key set is asked at most once per cooldown, then again", async () => {
    keySet.as.server.route("/jwks", { json: {}, status: 500 });
    for (let i = 0; i < 5; i += 1) await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(keySet.jwksFetches()).toBe(1);
    keySet.advanceSeconds(31);
    keySet.as.publish([keySet.as.key]);
    await expect(keySet.verifier.verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(keySet.jwksFetches()).toBe(2);
  });

  it("during an outage, keys already held still verify and unknown kids are refused without fetching", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    keySet.advanceSeconds(31);
    keySet.as.server.route("/jwks", { json: {}, status: 503 });
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger })), "server_error", UNAVAILABLE);
    expect(keySet.jwksFetches()).toBe(2);
    await expect(keySet.verifier.verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger })), "invalid_token", UNKNOWN_KID);
    expect(keySet.jwksFetches()).toBe(2);
  });
});

describe("a key set the verifier will not use is 503 server_error, never a pass (SECURITY.md §C)", () => {
  /** `count` copies of the issuer's key under distinct kids; the real key stays among them. */
  const keysOf = (count: number) => [keySet.as.key.publicJwk, ...Array.from({ length: count - 1 }, (_, i) => ({ ...keySet.as.key.publicJwk, kid: `copy-${i}` }))];
  const verifierAt = (path: string) => createTokenVerifier({ issuer: keySet.as.issuer, resource: RESOURCE, jwksUri: `${keySet.as.issuer}${path}` });

  it("an empty key set is an outage of the issuer (503), not a fault of the token (401)", async () => {
    keySet.as.server.route("/jwks", { json: { keys: [] } });
    const error = await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ name: "UnusableKeySet", message: "the issuer's key set holds no keys" });
  });

  it("an empty key set after a rotation fails closed: keys held before are not used either", async () => {
    await keySet.verifier.verify(await keySet.as.token());
    keySet.advanceSeconds(31);
    keySet.as.server.route("/jwks", { json: { keys: [] } });
    await expectRefusal(keySet.verifier.verify(await keySet.as.token({ key: keySet.stranger })), "server_error", UNAVAILABLE);
    await expectRefusal(keySet.verifier.verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(keySet.jwksFetches()).toBe(2);
  });

  it(`accepts ${MAX_JWKS_KEYS} keys and refuses ${MAX_JWKS_KEYS + 1}`, async () => {
    keySet.as.server.route("/fifty", { json: { keys: keysOf(MAX_JWKS_KEYS) } });
    await expect(verifierAt("/fifty").verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
    keySet.as.server.route("/fifty-one", { json: { keys: keysOf(MAX_JWKS_KEYS + 1) } });
    const error = await expectRefusal(verifierAt("/fifty-one").verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ name: "UnusableKeySet", message: `the issuer's key set holds ${MAX_JWKS_KEYS + 1} keys, more than the ${MAX_JWKS_KEYS} allowed` });
  });

  it(`refuses a key set larger than ${MAX_JWKS_BYTES} bytes by its Content-Length`, async () => {
    const padded = JSON.stringify({ keys: [keySet.as.key.publicJwk], padding: "x".repeat(MAX_JWKS_BYTES) });
    keySet.as.server.route("/large", (_: unknown, res: ServerResponse) => void res.writeHead(200, { "content-type": "application/json", "content-length": String(padded.length) }).end(padded));
    const error = await expectRefusal(verifierAt("/large").verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ name: "ResponseTooLarge", message: `the key set is larger than ${MAX_JWKS_BYTES} bytes (Content-Length ${padded.length})` });
  });

  it("refuses an endless key set while streaming it, without a Content-Length", async () => {
    keySet.as.server.route("/endless", (_: unknown, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys":[],"padding":"');
      const chunk = "x".repeat(16 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => res.removeAllListeners("drain"));
      pump();
    });
    const error = await expectRefusal(verifierAt("/endless").verify(await keySet.as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ name: "ResponseTooLarge", message: `the key set is larger than ${MAX_JWKS_BYTES} bytes` });
  });

  it(`accepts a key set of exactly ${MAX_JWKS_BYTES} bytes`, async () => {
    const base = JSON.stringify({ keys: [keySet.as.key.publicJwk], padding: "" });
    const exact = JSON.stringify({ keys: [keySet.as.key.publicJwk], padding: "x".repeat(MAX_JWKS_BYTES - base.length) });
    expect(exact.length).toBe(MAX_JWKS_BYTES);
    keySet.as.server.route("/exact", { json: JSON.parse(exact) });
    await expect(verifierAt("/exact").verify(await keySet.as.token())).resolves.toMatchObject({ subject: "alice" });
  });
});
