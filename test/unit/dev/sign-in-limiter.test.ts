import { describe, expect, it } from "vitest";
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from "../../../src/dev/sign-in-limiter.js";

/** A limiter on a clock the test moves by hand: 3 failures in 60 s lock for 120 s; 4 usernames kept. */
function limiterOnTestClock(limits: Partial<SignInLimits> = {}) {
  let now = 1_000_000;
  const limiter = new SignInLimiter({ maxFailures: 3, windowSeconds: 60, coolDownSeconds: 120, maxTrackedUsernames: 4, ...limits }, () => now);
  return {
    limiter,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
    fail: (username: string, times = 1) => {
      for (let i = 0; i < times; i++) limiter.recordFailure(username);
    },
  };
}

describe("SignInLimiter", () => {
  it("has documented defaults: 5 failures in 15 minutes lock for 15 minutes, 10000 usernames kept", () => {
    expect(DEFAULT_SIGN_IN_LIMITS).toEqual({ maxFailures: 5, windowSeconds: 900, coolDownSeconds: 900, maxTrackedUsernames: 10_000 });
  });

  it("lets a username try until its failures reach the limit, then refuses it for the cool-down", () => {
    const { limiter, fail, advance } = limiterOnTestClock();
    fail("alice", 2);
    expect(limiter.retryAfterSeconds("alice")).toBe(0);
    fail("alice");
    expect(limiter.retryAfterSeconds("alice")).toBe(120);
    advance(119.5);
    expect(limiter.retryAfterSeconds("alice")).toBe(1);
    advance(0.5);
    expect(limiter.retryAfterSeconds("alice")).toBe(0);
  });

  it("starts counting from zero after a cool-down", () => {
    const { limiter, fail, advance } = limiterOnTestClock();
    fail("alice", 3);
    advance(120);
    fail("alice", 2);
    expect(limiter.retryAfterSeconds("alice")).toBe(0);
    fail("alice");
    expect(limiter.retryAfterSeconds("alice")).toBe(120);
  });

  it("forgets failures older than the window, counted from the first of the series", () => {
    const { limiter, fail, advance } = limiterOnTestClock();
    fail("alice", 2);
    advance(59);
    fail("alice");
    expect(limiter.retryAfterSeconds("alice")).toBe(120);

    fail("bob", 2);
    advance(60);
    fail("bob");
    expect(limiter.retryAfterSeconds("bob")).toBe(0);
  });

  it("counts each username on its own: one's success or lock leaves the others as they are", () => {
    const { limiter, fail } = limiterOnTestClock();
    fail("alice", 2);
    fail("bob", 2);
    fail("carol", 3);
    limiter.recordSuccess("alice");
    expect([limiter.retryAfterSeconds("alice"), limiter.retryAfterSeconds("bob"), limiter.retryAfterSeconds("carol")]).toEqual([0, 0, 120]);
    fail("bob");
    fail("alice", 2);
    expect([limiter.retryAfterSeconds("alice"), limiter.retryAfterSeconds("bob"), limiter.retryAfterSeconds("carol")]).toEqual([0, 120, 120]);
  });

  it("tells usernames apart exactly, as the sign-in does", () => {
    const { limiter, fail } = limiterOnTestClock();
    fail("alice", 3);
    expect([limiter.retryAfterSeconds("alice"), limiter.retryAfterSeconds("Alice"), limiter.retryAfterSeconds("alice ")]).toEqual([120, 0, 0]);
  });

  it("keeps at most maxTrackedUsernames, dropping expired records first, then the oldest failure", () => {
    const { limiter, fail, advance } = limiterOnTestClock();
    fail("expired");
    advance(30);
    fail("a", 3);
    fail("b");
    fail("c");
    advance(30);
    fail("d");
    expect(limiter.size).toBe(4);
    expect(limiter.retryAfterSeconds("a")).toBe(90);
    fail("e");
    expect(limiter.size).toBe(4);
    fail("f");
    expect(limiter.size).toBe(4);
    // "expired" went first (its window had passed), then "a", whose last failure was the oldest.
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  it("stays bounded under a flood of distinct, long usernames", () => {
    const { limiter, fail } = limiterOnTestClock({ maxTrackedUsernames: 100 });
    for (let i = 0; i < 1000; i++) fail(`${"x".repeat(10_000)}${i}`);
    expect(limiter.size).toBe(100);
  });
});
