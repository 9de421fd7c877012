import type { Plan } from "../../plan/types.js";
import type { ConfigIssue } from "../../schema/config-error.js";
import { KEYCLOAK_BUILTIN_CLIENTS, KEYCLOAK_BUILTIN_SCOPES } from "./keycloak-names.js";

/**
 * What a valid config may still ask of Keycloak that this component cannot deliver (SECURITY.md §A.8–9):
 * no realm named, scope names or client keys that collide with what every realm already holds, refresh
 * tokens on a realm whose rotation it cannot set, and metadata-document hosts Keycloak cannot list. Each
 * issue names Keycloak and says what to write instead.
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
  issues.push(...dynamicRegistrationIssues(plan));
  issues.push(...metadataDocumentHostIssues(plan));
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

/**
 * `@pulumi/keycloak` attaches a client registration policy to the realm whose internal id is the realm's
 * name, which a realm the provider creates has and a realm made elsewhere (with a generated id) may not:
 * there Keycloak would keep the policy but never apply it, and registration would run on Keycloak's
 * defaults alone. So dynamic registration needs a realm the component creates.
 */
function dynamicRegistrationIssues(plan: Plan): ConfigIssue[] {
  const settings = plan.settings.keycloak;
  if (!plan.registration.dynamic || settings === undefined || settings.createRealm) return [];
  return [
    {
      path: "registration.dynamic",
      message: `needs keycloak.createRealm: true on Keycloak: the provider attaches registration policies to the realm whose internal id is its name, which only a realm it creates is sure to have, and the realm ${JSON.stringify(settings.realm)} is not created here (in another realm the policies would be stored but never applied)`,
    },
  ];
}

/**
 * What Keycloak's `cimd` executor can hold of `registration.clientIdMetadataDocuments`: it admits only the
 * hosts it lists (no "any host"); its `*.suffix` also admits the bare suffix, so a pattern is exact only
 * when the file lists the suffix too; and it attaches every scope a document names, so `registration.access`
 * holds only when it grants every scope of the file (the real-Keycloak suite pins this).
 */
function metadataDocumentHostIssues(plan: Plan): ConfigIssue[] {
  if (!plan.registration.clientIdMetadataDocuments) return [];
  const hosts = plan.registration.metadataDocumentHosts;
  const path = "registration.clientIdMetadataDocuments";
  if (hosts === undefined) {
    return [
      {
        path,
        message:
          "is true (any host), which Keycloak cannot hold: its cimd executor fetches metadata documents only from the hosts it lists; name them, e.g. clientIdMetadataDocuments: { allowedHosts: [agents.example.com] }",
      },
    ];
  }
  const granted = new Set(plan.registration.access.flatMap((access) => access.scopes));
  const ungranted = plan.resources.flatMap((resource) => resource.scopes.map((scope) => scope.name)).filter((scope) => !granted.has(scope));
  const coverage: ConfigIssue[] =
    ungranted.length === 0
      ? []
      : [
          {
            path: "registration.access",
            message: `must list every scope of the file while clientIdMetadataDocuments is on for Keycloak: Keycloak's cimd feature gives a client every client scope its metadata document names, so it would hold ${ungranted.join(", ")} too; grant them in registration.access or turn clientIdMetadataDocuments off`,
          },
        ];
  return [...coverage, ...hosts.flatMap((host) => {
    if (!host.startsWith("*.") || hosts.includes(host.slice(2))) return [];
    return [
      {
        path: `${path}.allowedHosts`,
        message: `is ${JSON.stringify(host)}, but Keycloak's ${JSON.stringify(host)} also admits ${host.slice(2)} itself; list ${JSON.stringify(host.slice(2))} as well to allow both, or list the exact hosts`,
      },
    ];
  })];
}

// Scope names are compared without case: a database with a case-insensitive collation would refuse both.
function findIgnoringCase(names: readonly string[], name: string): string | undefined {
  return names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}
