import type { Plan } from "../../plan/types.js";
import type { ConfigIssue } from "../../schema/config-error.js";
import { formatDuration } from "../../schema/duration.js";
import { OKTA_LIMITS, lifetimeIssues } from "../../schema/idp-limits.js";
import type { OktaSettings } from "../../schema/idp-sections.js";
import { unsupportedRegistrationIssues } from "../registration-issues.js";

/**
 * System scopes every Okta custom authorization server has; a custom scope of the same name cannot be
 * created. The schema already refuses openid, profile, email and offline_access for every IdP;
 * device_sso is on Okta's list of reserved scopes although not every org shows it.
 * @see Okta developer docs, "Create an authorization server" (reserved and system scopes)
 */
export const OKTA_SYSTEM_SCOPES: readonly string[] = ["openid", "profile", "email", "address", "phone", "offline_access", "device_sso"];

/** Okta keeps the `okta.` namespace for its own management scopes. */
export const OKTA_RESERVED_PREFIX = "okta.";

/**
 * Everything in a valid config that Okta cannot hold (SECURITY.md §A.7, §A.9), each with the IdP and
 * the alternative named: run-time client registration, reserved scope names, duplicate groups, and
 * lifetimes outside Okta's bounds, not in whole minutes, or an idle window shorter than an access token.
 */
export function oktaIssues(plan: Plan, okta: OktaSettings): ConfigIssue[] {
  // One lifetime problem per field: the bounds first, then whole minutes, then the pairing with access tokens.
  const lifetimes: ConfigIssue[] = [];
  for (const issue of [...lifetimeIssues(plan, OKTA_LIMITS), ...wholeMinuteIssues(plan), ...refreshWindowIssues(plan)]) {
    if (!lifetimes.some((reported) => reported.path === issue.path)) lifetimes.push(issue);
  }
  return [...registrationIssues(plan), ...reservedScopeIssues(plan), ...groupIssues(okta), ...lifetimes];
}

function registrationIssues(plan: Plan): ConfigIssue[] {
  return unsupportedRegistrationIssues(plan, {
    dynamic:
      "Okta cannot register agent clients dynamically: its registration endpoint (/oauth2/v1/clients) requires an admin API token, which a public agent must never hold; set registration.dynamic: false and declare each agent under clients:",
    clientIdMetadataDocuments:
      "Okta does not accept client ID metadata documents (an https URL as client_id); set registration.clientIdMetadataDocuments: false and declare each agent under clients:",
  });
}

function reservedScopeIssues(plan: Plan): ConfigIssue[] {
  return plan.resources.flatMap((resource) =>
    resource.scopes
      .filter((scope) => OKTA_SYSTEM_SCOPES.includes(scope.name.toLowerCase()) || scope.name.toLowerCase().startsWith(OKTA_RESERVED_PREFIX))
      .map((scope) => ({
        path: `resources.${resource.key}.scopes.${scope.name}`,
        message: `scope ${JSON.stringify(scope.name)} is reserved by Okta: every custom authorization server has the system scopes ${OKTA_SYSTEM_SCOPES.join(", ")}, and the okta.* namespace is Okta's own; use a resource-specific name such as ${resource.key}:read`,
      })),
  );
}

function groupIssues(okta: OktaSettings): ConfigIssue[] {
  return okta.groups.flatMap((group, index) =>
    okta.groups.indexOf(group) === index ? [] : [{ path: `okta.groups.${index}`, message: `repeats ${JSON.stringify(group)}; list each Okta group once` }],
  );
}

/** Okta policy rules hold lifetimes in minutes; rounding would silently change what the file says. */
function wholeMinuteIssues(plan: Plan): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, seconds: number) => {
    if (seconds % 60 !== 0) issues.push({ path, message: `Okta holds lifetimes in whole minutes; got ${formatDuration(seconds)}` });
  };
  for (const resource of plan.resources) check(`resources.${resource.key}.accessTokenLifetime`, resource.accessTokenLifetimeSeconds);
  for (const client of plan.clients) {
    if (!client.refreshToken) continue;
    check(`clients.${client.key}.refreshTokens.idleLifetime`, client.refreshToken.idleLifetimeSeconds);
    check(`clients.${client.key}.refreshTokens.absoluteLifetime`, client.refreshToken.absoluteLifetimeSeconds);
  }
  return issues;
}

/**
 * Okta requires refreshTokenWindowMinutes ≥ accessTokenLifetimeMinutes on a rule, so a client's idle
 * lifetime must cover the access token lifetime of every resource it may refresh tokens for.
 */
function refreshWindowIssues(plan: Plan): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const grant of plan.grants) {
    const client = plan.clients.find((candidate) => candidate.key === grant.clientKey);
    const resource = plan.resources.find((candidate) => candidate.key === grant.resourceKey);
    if (!client?.refreshToken || !resource) continue;
    if (client.refreshToken.idleLifetimeSeconds >= resource.accessTokenLifetimeSeconds) continue;
    issues.push({
      path: `clients.${client.key}.refreshTokens.idleLifetime`,
      message: `Okta needs the refresh token idle lifetime to be at least the access token lifetime of each resource the client uses; resources.${resource.key}.accessTokenLifetime is ${formatDuration(resource.accessTokenLifetimeSeconds)}, got ${formatDuration(client.refreshToken.idleLifetimeSeconds)}`,
    });
  }
  return issues;
}
