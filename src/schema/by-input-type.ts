import { z } from "zod";

type Kind = "string" | "boolean" | "object";
type Branches = Partial<Record<Kind, z.ZodType>>;
type OutputOf<B extends Branches> = { [K in keyof B]: B[K] extends z.ZodType ? z.output<B[K]> : never }[keyof B];
type InputOf<B extends Branches> = { [K in keyof B]: B[K] extends z.ZodType ? z.input<B[K]> : never }[keyof B];

/** Branch schemas of each field built with {@link byInputType}, for the JSON Schema (`anyOf`). */
export const inputTypeAlternatives = new WeakMap<object, readonly z.ZodType[]>();

/**
 * A field that takes one of several JSON types (`"description"` or `{ description, consent }`), parsed by
 * the branch for the input's type. Unlike `z.union`, a mistake inside the object form is reported at its
 * own path with its own message rather than as "Invalid input" on the whole field.
 */
export function byInputType<B extends Branches>(
  branches: B,
  { typeError, description }: { typeError: string; description: string },
): z.ZodType<OutputOf<B>, InputOf<B>> {
  const schema = z.unknown().transform((value, ctx) => {
    const branch = branches[kindOf(value) ?? "object"];
    if (kindOf(value) === undefined || branch === undefined) {
      ctx.addIssue({ code: "custom", message: typeError });
      return z.NEVER;
    }
    const result = branch.safeParse(value);
    if (result.success) return result.data as OutputOf<B>;
    for (const issue of result.error.issues) {
      for (const flat of flattenIssue(issue)) ctx.addIssue({ code: "custom", path: flat.path, message: flat.message });
    }
    return z.NEVER;
  }).meta({ description });
  // Registered after .meta(), which returns a new instance: the JSON Schema override looks this one up.
  inputTypeAlternatives.set(schema, Object.values(branches) as z.ZodType[]);
  return schema as unknown as z.ZodType<OutputOf<B>, InputOf<B>>;
}

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return "object";
  return undefined;
}

/**
 * One zod issue as path/message pairs: an unknown-keys issue becomes one issue per key at that key's path
 * (strictObject writes one message line per key), an invalid record key takes its inner messages.
 */
export function flattenIssue(issue: z.core.$ZodIssue): Array<{ path: PropertyKey[]; message: string }> {
  if (issue.code === "unrecognized_keys") {
    const lines = issue.message.split("\n");
    return issue.keys.map((key, index) => ({ path: [...issue.path, key], message: lines[index] ?? `unknown key ${JSON.stringify(key)}` }));
  }
  if (issue.code === "invalid_key") {
    return [{ path: issue.path, message: issue.issues.map((inner) => inner.message).join("; ") }];
  }
  return [{ path: issue.path, message: issue.message }];
}
