import type { Plan } from "../../plan/types.js";
import type { ConfigIssue } from "../../schema/config-error.js";
import { unsupportedRegistrationIssues } from "../registration-issues.js";
import { KEYCLOAK_BUILTIN_CLIENTS, KEYCLOAK_BUILTIN_SCOPES } from "./keycloak-names.js";

/**
 * What a valid config may still ask of Keycloak that this component cannot deliver (SECURITY.md §A.8–9):
 * no realm named, scope names or client keys that collide with what every realm already holds, and
 * run-time client registration. Each issue names Keycloak and says what to write instead.
 * @see https://www.rfc-editor.org/rfc/rfc7591 (dynamic client registration, refused here)
 */
export function keycloakIssues(plan: Plan): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (plan.settings.keycloak === undefined) {
    issues.push({
      path: "keycloak.realm",
      message: "is required to deploy to Keycloak: name the realm that holds the MCP scopes and clients, e.g. keycloak: { realm: mcp, createRealm: true }",
    });
  }
  for (const resource of plan.resources) {
    for (const scope of resource.scopes) {
      const builtin = findIgnoringCase(KEYCLOAK_BUILTIN_SCOPES, scope.name);
      if (builtin === undefined) continue;
      issues.push({
        path: `resources.${resource.key}.scopes.${scope.name}`,
        message: `collides with the client scope ${JSON.stringify(builtin)} that Keycloak creates in every realm; choose a resource-specific name such as ${resource.key}:read`,
      });
    }
  }
  for (const client of plan.clients) {
    if (!KEYCLOAK_BUILTIN_CLIENTS.includes(client.key)) continue;
    issues.push({
      path: `clients.${client.key}`,
      message: `becomes the Keycloak clientId ${JSON.stringify(client.key)}, which Keycloak already uses in every realm (${KEYCLOAK_BUILTIN_CLIENTS.join(", ")}); choose another client key`,
    });
  }
  issues.push(...refreshRotationIssues(plan));
  issues.push(
    ...unsupportedRegistrationIssues(plan, {
      dynamic:
        "is not supported for Keycloak by pulumi-mcp-auth: Keycloak governs anonymous registration with realm client registration policies, which this component does not manage, so registered clients would not be held to registration.access; declare each agent under clients instead",
      clientIdMetadataDocuments:
        "is not supported for Keycloak by pulumi-mcp-auth: Keycloak 26.7 accepts client ID metadata documents only behind the experimental cimd feature, which this component does not configure; declare each agent under clients instead",
    }),
  );
  return issues;
}

/**
 * Public clients' refresh tokens must rotate, and a reused one must be refused (OAuth 2.1 §4.3.1, RFC 9700
 * §2.2.2). Keycloak holds that per realm (`revokeRefreshToken`, `refreshTokenMaxReuse: 0`), which the
 * component sets only on a realm it creates: on an existing realm it can neither set nor read it, so a
 * client with refresh tokens is refused unless the file states that the realm rotates them.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.2.2
 */
function refreshRotationIssues(plan: Plan): ConfigIssue[] {
  const settings = plan.settings.keycloak;
  if (settings === undefined || settings.createRealm || settings.realmRotatesRefreshTokens) return [];
  return plan.clients
    .filter((client) => client.refreshToken !== undefined)
    .map((client) => ({
      path: `clients.${client.key}.refreshTokens`,
      message: `needs refresh tokens that rotate, which Keycloak sets per realm and this component sets only on a realm it creates; the realm ${JSON.stringify(settings.realm)} is not created here, so either set keycloak.createRealm: true, or turn on Revoke Refresh Token with Refresh Token Max Reuse 0 in that realm and state it with keycloak.realmRotatesRefreshTokens: true, or set refreshTokens: false`,
    }));
}

// Scope names are compared without case: a database with a case-insensitive collation would refuse both.
function findIgnoringCase(names: readonly string[], name: string): string | undefined {
  return names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}
