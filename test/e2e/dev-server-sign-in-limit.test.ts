import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CookieJar, pageForm } from "../../examples/demo/browser.js";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../src/dev/index.js";
import { AGENT_REDIRECT, HeadlessBrowser, agentRequest, authorizationUrl, authorizeHeadlessly, devConfig, pkcePair, type Visit } from "../support/dev-oauth.js";

// Issue 14.3: failed sign-ins are limited per username. 5 failures within 15 minutes lock that username
// for 15 minutes (429), whatever the password; unknown usernames are treated exactly like known ones.
const USERS = ["alice", "bob", "carol", "dave", "erin", "frank"].map((username) => ({ username, password: `${username}-secret` }));
let server: DevAuthorizationServer;
beforeAll(async () => {
  server = await startDevAuthorizationServer({ config: devConfig(), users: USERS });
});
afterAll(() => server.close());
afterEach(() => {
  vi.useRealTimers();
});

/** One answer to a sign-in: a `Visit` plus its `Retry-After` header. */
type SignInAnswer = Visit & { readonly retryAfter: string | null };

/** Opens a sign-in page and submits it once per password, on the same page; returns every answer. */
async function signIn(username: string, passwords: readonly string[]): Promise<SignInAnswer[]> {
  const jar = new CookieJar();
  const start = await jar.fetch(authorizationUrl(server.issuer, agentRequest(pkcePair().challenge)).href);
  const loginUrl = new URL(start.headers.get("location") as string, server.issuer).href;
  const action = new URL(pageForm(await (await jar.fetch(loginUrl)).text())?.action as string, server.issuer).href;
  const answers: SignInAnswer[] = [];
  for (const password of passwords) {
    const response = await jar.fetch(action, { username, password });
    const location = response.headers.get("location");
    answers.push({
      status: response.status,
      location: location === null ? undefined : location,
      contentType: response.headers.get("content-type") ?? undefined,
      text: await response.text(),
      retryAfter: response.headers.get("retry-after"),
    });
  }
  return answers;
}

const WRONG = Array.from({ length: 5 }, (_, i) => `guess-${i}`);
const LOCKED = "Too many failed sign-ins for this username. Try again in 15 minutes.";
const alertOf = (visit: Visit) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(visit.text)?.[1];

describe("failed sign-ins per username", () => {
  it("refuses a username with 429 after 5 failures, even with the right password, and says when to retry", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const answers = await signIn("alice", [...WRONG, "alice-secret"]);
    expect(answers.map((answer) => [answer.status, alertOf(answer)])).toEqual([
      ...WRONG.map(() => [401, "Wrong username or password."]),
      [429, LOCKED],
    ]);
    const locked = answers[5] as SignInAnswer;
    expect([locked.location, locked.contentType]).toEqual([undefined, "text/html; charset=utf-8"]);
    expect(answers.map((answer) => answer.retryAfter)).toEqual([null, null, null, null, null, "900"]);
    expect(pageForm(locked.text)?.id).toBe("login");
    expect(locked.text).toContain('value="alice"');
  });

  it("answers a username that does not exist exactly like one that does", async () => {
    const [known, unknown] = await Promise.all([signIn("bob", [...WRONG, "x"]), signIn("mallory", [...WRONG, "x"])]);
    const shape = (answers: Visit[]) => answers.map((answer) => [answer.status, alertOf(answer)]);
    expect(shape(unknown)).toEqual(shape(known));
    const page = (answers: Visit[], username: string) => (answers[5] as Visit).text.replace(/\/interaction\/[A-Za-z0-9_-]+\//, "/interaction/UID/").replace(`value="${username}"`, 'value="USER"');
    expect(page(unknown, "mallory")).toBe(page(known, "bob"));
  });

  it("does not let another user's success reset a counter", async () => {
    expect((await signIn("carol", WRONG.slice(0, 4))).map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    const dave = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl(server.issuer, agentRequest(pkcePair().challenge)), USERS[3] as { username: string; password: string }, AGENT_REDIRECT);
    expect(dave.kind).toBe("redirect");
    expect((await signIn("carol", ["guess", "carol-secret"])).map((answer) => answer.status)).toEqual([401, 429]);
  });

  it("forgets a user's failures once that user signs in", async () => {
    expect((await signIn("erin", [...WRONG.slice(0, 4), "erin-secret"])).map((answer) => answer.status)).toEqual([401, 401, 401, 401, 303]);
    expect((await signIn("erin", WRONG.slice(0, 4))).map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
  });

  it("lets the username sign in again after the cool-down", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const lockedAt = Date.now();
    expect((await signIn("frank", [...WRONG, "frank-secret"])).map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429]);
    vi.setSystemTime(lockedAt + 14 * 60_000);
    const [stillLocked] = await signIn("frank", ["frank-secret"]);
    expect([stillLocked?.status, stillLocked?.retryAfter, stillLocked && alertOf(stillLocked)]).toEqual([429, "60", "Too many failed sign-ins for this username. Try again in 1 minute."]);
    vi.setSystemTime(lockedAt + 15 * 60_000);
    expect((await signIn("frank", ["frank-secret"]))[0]?.status).toBe(303);
  });
});
