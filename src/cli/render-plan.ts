import { formatDuration } from "../schema/duration.js";
import type { ConfigIssue } from "../schema/config-error.js";
import type { Plan } from "../plan/types.js";

/** A readable summary of what will exist: resources, audiences, scopes, and who may get which tokens. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`MCP resources (${plan.resources.length}) — each is one token audience`);
  for (const resource of plan.resources) {
    lines.push(`  ${resource.key}: ${resource.name}`);
    lines.push(`    audience:      ${resource.uri}`);
    lines.push(`    access tokens: ${formatDuration(resource.accessTokenLifetimeSeconds)}${resource.offlineAccess ? ", refresh tokens allowed" : ""}`);
    for (const scope of resource.scopes) {
      const who = scope.clientKeys.length > 0 ? scope.clientKeys.join(", ") : "no client yet";
      lines.push(`    scope ${scope.name}${scope.consent === "required" ? " (consent required)" : ""}: ${scope.description} — ${who}`);
    }
  }
  lines.push("", `Agent clients (${plan.clients.length}) — public, PKCE S256 only, no secret`);
  for (const client of plan.clients) {
    lines.push(`  ${client.key}: ${client.name}`);
    lines.push(`    grant types:   ${client.grantTypes.join(", ")}`);
    if (client.refreshToken) {
      const { idleLifetimeSeconds, absoluteLifetimeSeconds } = client.refreshToken;
      lines.push(`    refresh:       rotating, idle ${formatDuration(idleLifetimeSeconds)}, absolute ${formatDuration(absoluteLifetimeSeconds)}`);
    }
    for (const uri of client.redirectUris) lines.push(`    redirect:      ${uri}`);
  }
  lines.push("", "Who may get which tokens");
  if (plan.grants.length === 0) lines.push("  nobody: no client is granted a resource");
  for (const grant of plan.grants) {
    lines.push(`  ${grant.clientKey} → ${grant.resourceKey} (aud ${grant.audience}): ${grant.scopes.join(" ")}${grant.offlineAccess ? " + offline_access" : ""}`);
  }
  const { registration } = plan;
  if (registration.dynamic || registration.clientIdMetadataDocuments) {
    const modes = [registration.dynamic && "dynamic registration", registration.clientIdMetadataDocuments && "client ID metadata documents"].filter(Boolean);
    lines.push("", `Registered clients (${modes.join(", ")})`);
    for (const access of registration.access) lines.push(`  any registered client → ${access.resourceKey} (aud ${access.audience}): ${access.scopes.join(" ")}`);
  }
  return lines.join("\n");
}

export function renderWarnings(warnings: readonly ConfigIssue[]): string {
  return [`Warnings (${warnings.length}):`, ...warnings.map((w) => `  - ${w.path}: ${w.message}`)].join("\n");
}
