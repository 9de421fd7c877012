import { createHash } from "node:crypto";

/** How many failed sign-ins a username may have, and for how long it is refused after that. */
export interface SignInLimits {
  /** Failures within `windowSeconds` that lock the username. */
  readonly maxFailures: number;
  /** Failures older than this (counted from the first of a series) are forgotten. */
  readonly windowSeconds: number;
  /** How long a locked username is refused, counted from the failure that locked it. */
  readonly coolDownSeconds: number;
  /** At most this many usernames are remembered; the one whose last failure is oldest is forgotten first. */
  readonly maxTrackedUsernames: number;
}

/** The dev server's limits: 5 failures in 15 minutes lock a username for 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { maxFailures: 5, windowSeconds: 15 * 60, coolDownSeconds: 15 * 60, maxTrackedUsernames: 10_000 };

interface FailureRecord {
  firstFailureAt: number;
  failures: number;
  lockedUntil: number | undefined;
}

/**
 * Counts failed sign-ins per username and refuses a username after too many, so a password cannot be guessed
 * at the speed of a loop.
 *
 * Every submitted username is counted the same way, whether or not such a user exists, and a locked
 * username is refused before its password is looked at: the limiter adds no way to tell users apart.
 * Counters are per username, so one user's success or lock never touches another's. Memory is bounded:
 * usernames are kept as SHA-256 digests, and at most `maxTrackedUsernames` of them; when full, expired
 * records go first, then the one whose last failure is oldest. (Pushing a locked username out takes that
 * many failed sign-ins with other names, which still slows guessing by that factor.)
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
 */
export class SignInLimiter {
  /** Insertion order is the order of last failure: a failure moves its record to the end. */
  private readonly records = new Map<string, FailureRecord>();

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    /** Milliseconds since the epoch; injectable so tests need not wait. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Seconds until `username` may try again (rounded up), or 0 when it may try now. */
  retryAfterSeconds(username: string): number {
    const key = digest(username);
    const record = this.current(key);
    if (record?.lockedUntil === undefined) return 0;
    return Math.ceil((record.lockedUntil - this.now()) / 1000);
  }

  /** Counts a failed sign-in for `username`; the failure that reaches the limit starts the cool-down. */
  recordFailure(username: string): void {
    const key = digest(username);
    const now = this.now();
    const record = this.current(key) ?? { firstFailureAt: now, failures: 0, lockedUntil: undefined };
    record.failures += 1;
    if (record.failures >= this.limits.maxFailures) record.lockedUntil = now + this.limits.coolDownSeconds * 1000;
    this.records.delete(key);
    this.makeRoom();
    this.records.set(key, record);
  }

  /** Forgets the failures of `username` (and only of it) after it signed in. */
  recordSuccess(username: string): void {
    this.records.delete(digest(username));
  }

  /** How many usernames are remembered. */
  get size(): number {
    return this.records.size;
  }

  /** The record of `key` if it still counts; an expired one is dropped. */
  private current(key: string): FailureRecord | undefined {
    const record = this.records.get(key);
    if (record === undefined || !this.expired(record, this.now())) return record;
    this.records.delete(key);
    return undefined;
  }

  private expired(record: FailureRecord, now: number): boolean {
    if (record.lockedUntil !== undefined) return now >= record.lockedUntil;
    return now >= record.firstFailureAt + this.limits.windowSeconds * 1000;
  }

  private makeRoom(): void {
    if (this.records.size < this.limits.maxTrackedUsernames) return;
    const now = this.now();
    for (const [key, record] of this.records) if (this.expired(record, now)) this.records.delete(key);
    for (const key of this.records.keys()) {
      if (this.records.size < this.limits.maxTrackedUsernames) break;
      this.records.delete(key);
    }
  }
}

function digest(username: string): string {
  return createHash("sha256").update(username).digest("base64url");
}
