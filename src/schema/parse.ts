import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError, joinPath, type ConfigIssue } from "./config-error.js";
import { flattenIssue } from "./by-input-type.js";
import { configSchema } from "./config-schema.js";
import { crossCheckIssues } from "./cross-checks.js";

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
 * Validates a config object and returns its resolved form.
 * @throws ConfigError listing every problem, each with its dotted path and what is allowed instead.
 */
export function parseConfig(input: unknown): ResolvedConfig {
  const result = configSchema.safeParse(input);
  const issues = [...(result.success ? [] : toConfigIssues(result.error.issues)), ...crossCheckIssues(input)];
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
 * Reads a config file: YAML (`.yaml`, `.yml`) or JSON (`.json`), chosen by extension.
 * @throws ConfigError for a missing file, a syntax error (with line and column) or an invalid config.
 */
export function loadConfigFile(path: string): ResolvedConfig {
  const extension = extname(path).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(extension)) {
    throw new ConfigError([{ path: "", message: `${path}: the file name must end in .yaml, .yml or .json` }], "Cannot read config file");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError([{ path: "", message: `${path}: ${reason}` }], "Cannot read config file");
  }
  // An empty file (or YAML holding only comments) parses to nothing; say so rather than "invalid JSON" or
  // "must be an object".
  const empty = () => new ConfigError([{ path: "", message: `${path}: the file is empty; it needs at least version: 1 and resources` }], "Cannot read config file");
  if (text.trim() === "") throw empty();
  const input = extension === ".json" ? parseJson(path, text) : parseYaml(path, text);
  if (input === null || input === undefined) throw empty();
  try {
    return parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.issues, `Invalid pulumi-mcp-auth config in ${path}`);
    throw error;
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: "", message: `${path}: invalid JSON: ${(error as Error).message}` }], "Cannot read config file");
  }
}

function parseYaml(path: string, text: string): unknown {
  // uniqueKeys: a key written twice is an error, never a silent override.
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => ({ path: "", message: `${path}: invalid YAML: ${error.message.split("\n")[0]}` }));
    throw new ConfigError(issues, "Cannot read config file");
  }
  return document.toJS({ maxAliasCount: 100 });
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
