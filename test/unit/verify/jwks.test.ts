import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenVerifier, type TokenVerifier } from "../../../src/verify/index.js";
import { startLoopbackServer } from "../../support/loopback-server.js";
import { expectRefusal } from "../../support/refusals.js";
import { generateSigningKey, RESOURCE, startTokenIssuer, type SigningKey, type TokenIssuer } from "../../support/token-issuer.js";

// SECURITY.md §C: unknown kid after one refetch, refetches rate-limited, an unfetchable JWKS is 503.
const UNKNOWN_KID = "no signing key of the issuer matches the token (unknown kid or algorithm)";
const UNAVAILABLE = "the issuer's signing keys cannot be fetched";

let as: TokenIssuer;
let stranger: SigningKey;
let verifier: TokenVerifier;

beforeAll(async () => {
  as = await startTokenIssuer();
  stranger = await generateSigningKey();
});
afterAll(() => as.close());
beforeEach(() => {
  // Only Date is faked: jose's cooldown and cache read Date.now(); sockets and timeouts stay real.
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T00:00:00Z") });
  as.publish([as.key]);
  as.server.requests.length = 0;
  verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri });
});
afterEach(() => vi.useRealTimers());

const advanceSeconds = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);
const jwksFetches = () => as.server.count("/jwks");

describe("key set refetches (SECURITY.md §C)", () => {
  it("refuses an unknown kid after exactly one refetch", async () => {
    await verifier.verify(await as.token());
    expect(jwksFetches()).toBe(1);
    advanceSeconds(31);
    await expectRefusal(verifier.verify(await as.token({ key: stranger })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(2);
  });

  it("a burst of unknown kids costs at most one fetch per cooldown", async () => {
    await verifier.verify(await as.token());
    const burst = async () => {
      const tokens = await Promise.all(Array.from({ length: 25 }, async (_, i) => as.token({ key: stranger, header: { kid: `unknown-${i}` } })));
      const results = await Promise.allSettled(tokens.map((token) => verifier.verify(token)));
      expect(results.map((result) => result.status === "rejected" && (result.reason as Error).message)).toEqual(tokens.map(() => UNKNOWN_KID));
    };
    await burst(); // within the cooldown of the first fetch: no refetch at all
    expect(jwksFetches()).toBe(1);
    advanceSeconds(31);
    await burst();
    expect(jwksFetches()).toBe(2);
    await burst();
    expect(jwksFetches()).toBe(2);
    advanceSeconds(31);
    await burst();
    expect(jwksFetches()).toBe(3);
  });

  it("picks up a rotated key with one refetch once the cooldown allows it", async () => {
    const next = await generateSigningKey();
    await verifier.verify(await as.token());
    as.publish([as.key, next]);
    await expectRefusal(verifier.verify(await as.token({ key: next })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(1);
    advanceSeconds(31);
    await expect(verifier.verify(await as.token({ key: next }))).resolves.toMatchObject({ subject: "alice" });
    expect(jwksFetches()).toBe(2);
  });

  it("honours a configured cooldown", async () => {
    const quick = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: as.jwksUri, jwksCooldownSeconds: 5 });
    await quick.verify(await as.token());
    advanceSeconds(4);
    await expectRefusal(quick.verify(await as.token({ key: stranger })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(1);
    advanceSeconds(2);
    await expectRefusal(quick.verify(await as.token({ key: stranger })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(2);
  });

  it("refuses a token without kid when several keys of its algorithm are published", async () => {
    as.publish([as.key, await generateSigningKey()]);
    await expectRefusal(verifier.verify(await as.token({ header: { kid: undefined } })), "invalid_token", "the token names no kid and several signing keys of the issuer match");
  });
});

describe("a key set that cannot be fetched is 503 server_error, never a pass (SECURITY.md §C)", () => {
  it("connection refused: the raw fetch TypeError is classified as unavailable", async () => {
    const gone = await startLoopbackServer();
    await gone.close();
    const offline = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: `${gone.origin}/jwks` });
    const error = await expectRefusal(offline.verify(await as.token()), "server_error", UNAVAILABLE);
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
    as.server.route("/broken-jwks", route as never);
    const broken = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: `${as.issuer}/broken-jwks` });
    const error = await expectRefusal(broken.verify(await as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ code });
  });

  it("a key set slower than httpTimeoutSeconds", async () => {
    vi.useRealTimers();
    as.server.route("/slow-jwks", () => undefined); // never answers
    const impatient = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE, jwksUri: `${as.issuer}/slow-jwks`, httpTimeoutSeconds: 0.2 });
    const error = await expectRefusal(impatient.verify(await as.token()), "server_error", UNAVAILABLE);
    expect(error.cause).toMatchObject({ code: "ERR_JWKS_TIMEOUT" });
  });

  it("a failing key set is asked at most once per cooldown, then again", async () => {
    as.server.route("/jwks", { json: {}, status: 500 });
    for (let i = 0; i < 5; i += 1) await expectRefusal(verifier.verify(await as.token()), "server_error", UNAVAILABLE);
    expect(jwksFetches()).toBe(1);
    advanceSeconds(31);
    as.publish([as.key]);
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(jwksFetches()).toBe(2);
  });

  it("during an outage, keys already held still verify and unknown kids are refused without fetching", async () => {
    await verifier.verify(await as.token());
    advanceSeconds(31);
    as.server.route("/jwks", { json: {}, status: 503 });
    await expectRefusal(verifier.verify(await as.token({ key: stranger })), "server_error", UNAVAILABLE);
    expect(jwksFetches()).toBe(2);
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    await expectRefusal(verifier.verify(await as.token({ key: stranger })), "invalid_token", UNKNOWN_KID);
    expect(jwksFetches()).toBe(2);
  });
});
