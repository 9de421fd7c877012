import { extname } from "node:path";
import type { z } from "zod";
import { ConfigError, joinPath, type ConfigIssue } from "./config-error.js";
import { flattenIssue } from "./by-input-type.js";
import { configSchema } from "./config-schema.js";
import { crossCheckIssues } from "./cross-checks.js";
import { jsonTextProblem, lineAndColumn } from "./json-text.js";
import { MAX_CONFIG_DEPTH } from "./limits.js";
import { readConfigText } from "./read-file.js";
import { structureIssues } from "./structure-limits.js";
import { readYaml } from "./yaml-text.js";

/** What users write: the YAML/JSON file or the TypeScript object, before defaults and normalization. */
export type McpAuthConfig = z.input<typeof configSchema>;

/**
 * A validated config: durations in seconds, resource URIs canonical, defaults filled in, and the
 * non-fatal `warnings` found on the way. Deeply frozen; obtain one only from `parseConfig` or `loadConfigFile`.
 */
export type ResolvedConfig = z.output<typeof configSchema> & { readonly [RESOLVED]: true };

/** Marks a parsed config so components accept it as is; `Symbol.for` so two copies of the library agree. */
export const RESOLVED: unique symbol = Symbol.for("pulumi-mcp-auth.ResolvedConfig") as never;

/**
 * Validates a config object and returns its resolved form. The input must be a tree of plain values
 * within the limits of limits.ts (depth, counts of resources, scopes and clients); those are checked
 * first, so nothing after them can recurse too deep or work on a huge input.
 * @throws ConfigError listing every problem, each with its dotted path and what is allowed instead — and
 *   nothing else, whatever the input (a getter that throws, a proxy, a cycle).
 */
export function parseConfig(input: unknown): ResolvedConfig {
  let result: ReturnType<typeof configSchema.safeParse>;
  let issues: ConfigIssue[];
  try {
    const limitIssues = structureIssues(input);
    if (limitIssues.length > 0) throw new ConfigError(limitIssues);
    result = configSchema.safeParse(input);
    issues = [...(result.success ? [] : toConfigIssues(result.error.issues)), ...crossCheckIssues(input)];
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Only an exotic input gets here (a getter or proxy that throws); it is still the input's fault.
    throw new ConfigError([{ path: "", message: `cannot be read as a config: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` }]);
  }
  if (!result.success || issues.length > 0) throw new ConfigError(issues);
  Object.defineProperty(result.data, RESOLVED, { value: true, enumerable: false });
  return deepFreeze(result.data) as ResolvedConfig;
}

/** A resolved config as is, anything else through `parseConfig`. */
export function resolveConfig(config: unknown): ResolvedConfig {
  return isResolvedConfig(config) ? config : parseConfig(config);
}

export function isResolvedConfig(value: unknown): value is ResolvedConfig {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}

/**
 * Reads a config file: YAML (`.yaml`, `.yml`) or JSON (`.json`), chosen by extension. At most 1 MiB of
 * UTF-8 is read; the limits of limits.ts apply before parsing.
 * @throws ConfigError — and nothing else — for a file that cannot be read (missing, a directory, no
 *   permission, too large, not UTF-8), a syntax error (with line and column) or an invalid config.
 */
export function loadConfigFile(path: string): ResolvedConfig {
  const extension = extname(path).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(extension)) {
    throw new ConfigError([{ path: "", message: `${path}: the file name must end in .yaml, .yml or .json` }], "Cannot read config file");
  }
  const text = readConfigText(path);
  // An empty file (or YAML holding only comments) parses to nothing; say so rather than "invalid JSON" or
  // "must be an object".
  const empty = () => new ConfigError([{ path: "", message: `${path}: the file is empty; it needs at least version: 1 and resources` }], "Cannot read config file");
  if (text.trim() === "") throw empty();
  const parsed = extension === ".json" ? readJson(path, text) : readYaml(path, text);
  if ("issues" in parsed) throw new ConfigError(parsed.issues, "Cannot read config file");
  if (parsed.value === null || parsed.value === undefined) throw empty();
  try {
    return parseConfig(parsed.value);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues, `Invalid pulumi-mcp-auth config in ${path}`);
    throw error;
  }
}

function readJson(path: string, text: string): { value: unknown } | { issues: ConfigIssue[] } {
  const problem = jsonTextProblem(text, MAX_CONFIG_DEPTH);
  if (problem) {
    const { line, column } = lineAndColumn(text, problem.offset);
    return { issues: [{ path: "", message: `${path}: invalid JSON at line ${line}, column ${column}: ${problem.message}` }] };
  }
  return { value: JSON.parse(text) };
}

/** zod issues → our issues: dotted paths, one issue per unknown key, cross-field issues last. */
function toConfigIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return dedupe(issues.flatMap(flattenIssue).map(({ path, message }) => ({ path: joinPath(path), message })));
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
