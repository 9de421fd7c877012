import type { Plan, PlannedRefreshToken, PlannedResource } from "../../plan/types.js";

/**
 * One Okta access policy on one authorization server, with the one rule its clients share.
 *
 * Why grouped this way: a policy admits clients (`clientWhitelists`) but a rule cannot name clients —
 * its conditions are grant types, scopes and people. So every client admitted by a policy gets whatever
 * any of its rules allows, and one policy with a rule per scope set would let a client obtain another
 * client's scopes. Clients whose grants are identical (same scopes, same refresh token lifetimes) can
 * share a policy; clients whose grants differ cannot. Hence the minimum: one policy (+ one rule) per
 * distinct grant on each server.
 */
export interface PolicyGroup {
  readonly resourceKey: string;
  /** The smallest client key of the group: names the policy and rule, so only schema keys name them. */
  readonly nameKey: string;
  /** Sorted. */
  readonly clientKeys: readonly string[];
  /** The granted scopes, sorted. */
  readonly scopes: readonly string[];
  /** Refresh token lifetimes of these clients; `undefined` when they hold none. */
  readonly refreshToken: PlannedRefreshToken | undefined;
  /** 1..N on its server, in nameKey order. */
  readonly priority: number;
}

/** The policy groups of one resource, in priority order. */
export function policyGroups(plan: Plan, resource: PlannedResource): PolicyGroup[] {
  const groups = new Map<string, { nameKey: string; clientKeys: string[]; scopes: readonly string[]; refreshToken: PlannedRefreshToken | undefined }>();
  // plan.grants is sorted by client key, so the first client of each group is its smallest key.
  for (const grant of plan.grants.filter((candidate) => candidate.resourceKey === resource.key)) {
    const refreshToken = plan.clients.find((client) => client.key === grant.clientKey)?.refreshToken;
    const identity = JSON.stringify([grant.scopes, refreshToken ? [refreshToken.idleLifetimeSeconds, refreshToken.absoluteLifetimeSeconds] : null]);
    const group = groups.get(identity);
    if (group) group.clientKeys.push(grant.clientKey);
    else groups.set(identity, { nameKey: grant.clientKey, clientKeys: [grant.clientKey], scopes: grant.scopes, refreshToken });
  }
  return [...groups.values()].map((group, index) => ({ resourceKey: resource.key, ...group, priority: index + 1 }));
}
