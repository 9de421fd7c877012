import { formatDuration } from "../schema/duration.js";
import type { ConfigIssue } from "../schema/config-error.js";
import type { Plan, PlannedRegistration } from "../plan/types.js";

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
    lines.push("", "Registered clients (not declared; they arrive at run time) — public, PKCE S256 only, no secret, consent on first use");
    if (registration.dynamic) lines.push(`  dynamic registration (RFC 7591): ${describeMaxClients(registration)}`);
    if (registration.clientIdMetadataDocuments) lines.push(`  client ID metadata documents: ${describeMetadataDocumentHosts(registration)}`);
    for (const access of registration.access) lines.push(`  any registered client → ${access.resourceKey} (aud ${access.audience}): ${access.scopes.join(" ")}`);
  }
  return lines.join("\n");
}

/**
 * The run-time registration policy in one line, as `validate` prints it; `undefined` while registration is off.
 * @see https://www.rfc-editor.org/rfc/rfc7591 (dynamic client registration)
 */
export function summarizeRegistration(plan: Plan): string | undefined {
  const { registration } = plan;
  const modes = [
    registration.dynamic && `dynamic registration, ${describeMaxClients(registration)}`,
    registration.clientIdMetadataDocuments && `client ID metadata documents ${describeMetadataDocumentHosts(registration)}`,
  ].filter((mode): mode is string => typeof mode === "string");
  if (modes.length === 0) return undefined;
  const access = registration.access.map((entry) => `${entry.resourceKey} (${entry.scopes.join(" ")})`).join(", ");
  return `registered clients: ${modes.join("; ")}; may obtain ${access}`;
}

function describeMaxClients(registration: PlannedRegistration): string {
  return registration.maxClients === undefined ? "no client limit set (the IdP's default applies)" : `at most ${registration.maxClients} clients`;
}

function describeMetadataDocumentHosts(registration: PlannedRegistration): string {
  const hosts = registration.metadataDocumentHosts;
  if (hosts === undefined) return "from any public https host";
  if (hosts.length === 0) return "from no host (allowedHosts is empty)";
  return `from ${hosts.join(", ")} only`;
}

export function renderWarnings(warnings: readonly ConfigIssue[]): string {
  return [`Warnings (${warnings.length}):`, ...warnings.map((w) => `  - ${w.path}: ${w.message}`)].join("\n");
}
