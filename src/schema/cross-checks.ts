import type { ConfigIssue } from "./config-error.js";
import { DEFAULT_REFRESH_ABSOLUTE_SECONDS, DEFAULT_REFRESH_IDLE_SECONDS } from "./client-schema.js";
import { parseDurationSeconds } from "./duration.js";
import { OKTA_LIMITS, lifetimeIssues, type LifetimeSubject } from "./idp-limits.js";
import { DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS } from "./resource-schema.js";
import { resourceUriProblem } from "./resource-uri.js";
import { entriesOf, recordOf } from "./records.js";
import { registrationModeOn } from "./registration-schema.js";
import { KEY_PATTERN } from "./strict.js";
import { resourceComparisonKey } from "./uri.js";

/**
 * Rules that relate one part of the file to another: duplicate audiences, scope names unique across the
 * file, access lists that name only declared resources and scopes, and Okta's lifetime bounds once the
 * file has an okta section.
 *
 * They read the raw input, so they run even when other fields failed and every issue is reported at once.
 * Each step checks the type of what it reads and skips what is malformed: the field's own rule reports that.
 */
export function crossCheckIssues(input: unknown): ConfigIssue[] {
  const config = recordOf(input);
  const resources = entriesOf(config["resources"]);
  const scopesByResource = new Map(resources.map(([key, resource]) => [key, new Set(Object.keys(recordOf(recordOf(resource)["scopes"])))]));
  const issues: ConfigIssue[] = [
    ...prototypeKeyIssues(input, []),
    ...duplicateAudienceIssues(resources),
    ...duplicateScopeIssues(resources),
    ...duplicateNameIssues("resources", resources),
    ...duplicateNameIssues("clients", entriesOf(config["clients"])),
  ];
  for (const [clientKey, client] of entriesOf(config["clients"])) {
    issues.push(...accessIssues(`clients.${clientKey}.access`, recordOf(client)["access"], scopesByResource));
  }
  const registration = recordOf(config["registration"]);
  issues.push(...accessIssues("registration.access", registration["access"], scopesByResource));
  const registrationOn = registrationModeOn(registration["dynamic"]) || registrationModeOn(registration["clientIdMetadataDocuments"]);
  if (registrationOn && entriesOf(registration["access"]).length === 0) {
    issues.push({
      path: "registration.access",
      message: "must grant at least one resource to registered clients, e.g. { github: [github:read] }",
    });
  }
  if (config["okta"] !== undefined) issues.push(...lifetimeIssues(rawLifetimes(config), OKTA_LIMITS));
  return issues;
}

/**
 * zod drops an own `__proto__` key (as JSON.parse creates) without a word, so a resource or scope of that
 * name would silently vanish; report it instead.
 */
function prototypeKeyIssues(value: unknown, path: readonly string[]): ConfigIssue[] {
  if (typeof value !== "object" || value === null) return [];
  const issues: ConfigIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (key === "__proto__") {
      issues.push({ path: childPath.join("."), message: 'must not be used as a key: "__proto__" is reserved in JavaScript objects' });
    } else {
      issues.push(...prototypeKeyIssues(child, childPath));
    }
  }
  return issues;
}

function duplicateAudienceIssues(resources: ReadonlyArray<[string, unknown]>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const firstByKey = new Map<string, string>();
  for (const [key, resource] of resources) {
    const uri = recordOf(resource)["uri"];
    if (typeof uri !== "string" || resourceUriProblem(uri) !== undefined) continue;
    const comparisonKey = resourceComparisonKey(uri);
    const first = firstByKey.get(comparisonKey);
    if (first === undefined) {
      firstByKey.set(comparisonKey, key);
      continue;
    }
    issues.push({
      path: `resources.${key}.uri`,
      message: `is the same resource as resources.${first}.uri once normalized (case, percent-encoding, dot segments, default port, trailing slash; RFC 3986 §6.2.2–6.2.3): the two would share one audience`,
    });
  }
  return issues;
}

function duplicateScopeIssues(resources: ReadonlyArray<[string, unknown]>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const owners = new Map<string, { resource: string; scope: string }>();
  for (const [key, resource] of resources) {
    for (const scope of Object.keys(recordOf(recordOf(resource)["scopes"]))) {
      const owner = owners.get(scope.toLowerCase());
      if (owner === undefined) {
        owners.set(scope.toLowerCase(), { resource: key, scope });
        continue;
      }
      const sameSpelling = owner.scope === scope;
      issues.push({
        path: `resources.${key}.scopes.${scope}`,
        message: `${sameSpelling ? "is already declared" : `differs only in case from ${JSON.stringify(owner.scope)}, declared`} by resources.${owner.resource}; scope names must be unique across the file (a shared scope would make one token valid at both resources)`,
      });
    }
  }
  return issues;
}

/**
 * Display names (the key when none is given) become IdP object names — Okta authorization servers, Auth0
 * APIs and applications — and the names users see on consent screens, so two may not be the same.
 */
function duplicateNameIssues(section: "resources" | "clients", entries: ReadonlyArray<[string, unknown]>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const firstByName = new Map<string, string>();
  for (const [key, value] of entries) {
    if (!KEY_PATTERN.test(key)) continue; // reported as a bad key already
    const written = recordOf(value)["name"];
    const name = (typeof written === "string" ? written.trim() : key).toLowerCase();
    if (name === "") continue;
    const first = firstByName.get(name);
    if (first === undefined) {
      firstByName.set(name, key);
      continue;
    }
    issues.push({
      path: `${section}.${key}.name`,
      message: `is the same display name as ${section}.${first} (names default to the key); IdP object names and consent screens must tell them apart`,
    });
  }
  return issues;
}

function accessIssues(path: string, access: unknown, scopesByResource: ReadonlyMap<string, ReadonlySet<string>>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const declared = [...scopesByResource.keys()].join(", ") || "none";
  for (const [resourceKey, scopes] of entriesOf(access)) {
    const resourceScopes = scopesByResource.get(resourceKey);
    if (resourceScopes === undefined) {
      issues.push({ path: `${path}.${resourceKey}`, message: `names no declared resource; declared resources: ${declared}` });
      continue;
    }
    // A resource without valid scopes is reported on its own; naming each scope again would add noise.
    if (!Array.isArray(scopes) || resourceScopes.size === 0) continue;
    scopes.forEach((scope: unknown, index) => {
      if (typeof scope !== "string") return;
      if (!resourceScopes.has(scope)) {
        issues.push({
          path: `${path}.${resourceKey}.${index}`,
          message: `${JSON.stringify(scope)} is not a scope of resources.${resourceKey}; its scopes: ${[...resourceScopes].join(", ")}`,
        });
      } else if (scopes.indexOf(scope) !== index) {
        issues.push({ path: `${path}.${resourceKey}.${index}`, message: `repeats ${JSON.stringify(scope)}; list each scope once` });
      }
    });
  }
  return issues;
}

/** The lifetimes as written, in seconds with defaults applied; values that do not parse are skipped. */
function rawLifetimes(config: Record<string, unknown>): LifetimeSubject {
  const resources = entriesOf(config["resources"]).flatMap(([key, resource]) => {
    const seconds = parseDurationSeconds(recordOf(resource)["accessTokenLifetime"] ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS);
    return seconds === undefined ? [] : [{ key, accessTokenLifetimeSeconds: seconds }];
  });
  const clients = entriesOf(config["clients"]).flatMap(([key, client]) => {
    const refresh = recordOf(client)["refreshTokens"];
    if (refresh !== true && (typeof refresh !== "object" || refresh === null)) return [];
    const idle = parseDurationSeconds(recordOf(refresh)["idleLifetime"] ?? DEFAULT_REFRESH_IDLE_SECONDS);
    const absolute = parseDurationSeconds(recordOf(refresh)["absoluteLifetime"] ?? DEFAULT_REFRESH_ABSOLUTE_SECONDS);
    if (idle === undefined || absolute === undefined) return [];
    return [{ key, refreshToken: { idleLifetimeSeconds: idle, absoluteLifetimeSeconds: absolute } }];
  });
  return { resources, clients };
}
