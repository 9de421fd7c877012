import type { ConfigIssue } from "./config-error.js";
import { MAX_CLIENTS, MAX_CONFIG_DEPTH, MAX_RESOURCES, MAX_SCOPES_PER_RESOURCE } from "./limits.js";
import { entriesOf, recordOf } from "./records.js";

/**
 * The checks that must pass before any other rule reads the input: it is a tree (no cycles), at most
 * {@link MAX_CONFIG_DEPTH} levels deep, and within the counts of resources, scopes and clients. Every later
 * step recurses over the input or is linear in its size; these bound both. The walk itself never goes
 * deeper than the limit, so it cannot overflow the stack, and visits each object once.
 */
export function structureIssues(input: unknown): ConfigIssue[] {
  const depthIssue = depthProblem(input);
  if (depthIssue) return [depthIssue];
  const issues: ConfigIssue[] = [];
  const config = recordOf(input);
  const resources = entriesOf(config["resources"]);
  if (resources.length > MAX_RESOURCES) {
    issues.push({ path: "resources", message: `declares ${resources.length} resources; at most ${MAX_RESOURCES} are allowed in one config (split it by team or environment)` });
  } else {
    for (const [key, resource] of resources) {
      const count = Object.keys(recordOf(recordOf(resource)["scopes"])).length;
      if (count > MAX_SCOPES_PER_RESOURCE) {
        issues.push({ path: `resources.${key}.scopes`, message: `declares ${count} scopes; at most ${MAX_SCOPES_PER_RESOURCE} are allowed per resource (a scope names a kind of access, not an object)` });
      }
    }
  }
  const clients = Object.keys(recordOf(config["clients"])).length;
  if (clients > MAX_CLIENTS) {
    issues.push({ path: "clients", message: `declares ${clients} clients; at most ${MAX_CLIENTS} are allowed in one config (let agents register themselves with registration instead)` });
  }
  return issues;
}

/**
 * The first place where the input nests too deep or refers back to itself. Heights are remembered per
 * object, so shared subtrees (YAML aliases) are walked once.
 */
function depthProblem(input: unknown): ConfigIssue | undefined {
  const heights = new Map<object, number>();
  const onPath = new Set<object>();
  let problem: ConfigIssue | undefined;

  const visit = (value: unknown, depth: number, path: readonly string[]): number => {
    if (problem || typeof value !== "object" || value === null) return 0;
    const here = path.join(".");
    if (onPath.has(value)) {
      problem = { path: here, message: "refers to an object that contains it (a cycle); a config must be a tree of plain values" };
      return 0;
    }
    if (depth > MAX_CONFIG_DEPTH) {
      problem = { path: here, message: `nests deeper than ${MAX_CONFIG_DEPTH} levels; no part of a config is that deep` };
      return 0;
    }
    const known = heights.get(value);
    if (known !== undefined) {
      if (depth + known - 1 > MAX_CONFIG_DEPTH) problem = { path: here, message: `nests deeper than ${MAX_CONFIG_DEPTH} levels; no part of a config is that deep` };
      return known;
    }
    onPath.add(value);
    let height = 1;
    for (const [key, child] of Object.entries(value)) {
      height = Math.max(height, 1 + visit(child, depth + 1, [...path, key]));
      if (problem) break;
    }
    onPath.delete(value);
    heights.set(value, height);
    return height;
  };

  visit(input, 1, []);
  return problem;
}
