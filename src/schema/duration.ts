import { z } from "zod";

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const DURATION_PATTERN = /^([1-9][0-9]{0,9})([smhd])$/;

/** The longest duration any lifetime in the file may have: one year, the longest an IdP here can hold. */
export const MAX_DURATION_SECONDS = 365 * 86_400;

export const DURATION_FORM = "a duration like 30s, 10m, 1h or 1d, or a whole number of seconds";

/** Parses `30s`, `10m`, `1h`, `1d` or a whole number of seconds; `undefined` when it is neither. */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  }
  if (typeof value !== "string") return undefined;
  const match = DURATION_PATTERN.exec(value);
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, keyof typeof UNIT_SECONDS];
  return Number(amount) * UNIT_SECONDS[unit];
}

/** Renders seconds in the largest whole unit, the way a user would write it (`600` → `10m`). */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

function durationError(issue: { input?: unknown }): string {
  return `must be ${DURATION_FORM}; got ${JSON.stringify(issue.input)}`;
}

/** An upper bound tighter than a year, and who imposes it. */
export interface DurationCap {
  readonly maxSeconds: number;
  readonly reason: string;
}

/** A duration field: accepts the user's forms, yields seconds. */
export function durationSchema(description: string, cap?: DurationCap) {
  return z
    .union(
      [
        z.number({ error: durationError }).int({ error: durationError }).positive({ error: durationError }),
        z.string({ error: durationError }).regex(DURATION_PATTERN, { error: durationError }),
      ],
      { error: durationError },
    )
    .transform((value, ctx) => {
      const seconds = parseDurationSeconds(value);
      if (seconds === undefined) {
        ctx.addIssue({ code: "custom", message: `must be ${DURATION_FORM}; got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      if (seconds > MAX_DURATION_SECONDS) {
        ctx.addIssue({ code: "custom", message: `must be at most 365d; got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      if (cap && seconds > cap.maxSeconds) {
        ctx.addIssue({ code: "custom", message: `must be at most ${formatDuration(cap.maxSeconds)} (${cap.reason}); got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return seconds;
    })
    .meta({ description: `${description} — ${DURATION_FORM}` });
}
