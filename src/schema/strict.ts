import { z } from "zod";

/** Resource and client keys: they become parts of Pulumi and IdP names, so they stay short and plain. */
export const KEY_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
export const KEY_FORM = "a lower-case letter followed by up to 39 lower-case letters, digits or hyphens (^[a-z][a-z0-9-]{0,39}$)";

export const keySchema = z.string().regex(KEY_PATTERN, {
  error: (issue) => `key ${JSON.stringify(issue.input)} must be ${KEY_FORM}`,
});

/** An error message for a field's type that says "is required" when the field is missing altogether. */
export function requiredOr(message: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `is required and ${message}` : message);
}

/** Advice for keys people carry over from confidential-client setups. */
const KEY_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/secret/i, "agent clients are public and hold no secret; PKCE (S256) protects the authorization code"],
];

/**
 * A strict object whose unknown keys are reported one by one at their own path, each with the keys that
 * are allowed and, for a near miss, the key that was probably meant.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "invalid_type") return `must be an object with the keys ${allowed.join(", ")}`;
      if (issue.code !== "unrecognized_keys") return undefined;
      // One line per key, in the order of issue.keys; issues.ts splits them into separate issues.
      return issue.keys.map((key) => unknownKeyMessage(key, allowed)).join("\n");
    },
  });
}

export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const hint = KEY_HINTS.find(([pattern]) => pattern.test(key))?.[1];
  const suggestion = closestKey(key, allowed);
  const unknown = `unknown key ${JSON.stringify(key)}`;
  const head = hint ? `${unknown}; ${hint}` : suggestion ? `${unknown} (did you mean ${JSON.stringify(suggestion)}?)` : unknown;
  return `${head}; allowed keys: ${allowed.join(", ")}`;
}

/** The allowed key within edit distance 2, differing only in case, or starting with `key`, if there is one. */
function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const byPrefix = lower.length >= 3 ? allowed.filter((candidate) => candidate.toLowerCase().startsWith(lower)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
