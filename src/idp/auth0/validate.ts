import type { Plan } from "../../plan/types.js";
import type { ConfigIssue } from "../../schema/config-error.js";
import { AUTH0_LIMITS, lifetimeIssues } from "../../schema/idp-limits.js";

/**
 * Auth0 API identifiers hold at most 600 characters (Management API `POST /resource-servers`,
 * `identifier.maxLength`).
 */
export const AUTH0_IDENTIFIER_MAX_LENGTH = 600;

/** Auth0 scope (permission) values hold 1 to 280 characters (`scopes[].value.maxLength`). */
export const AUTH0_SCOPE_MAX_LENGTH = 280;

// Auth0 refuses both characters in API and application names (resource server `name`, client `name`).
const FORBIDDEN_NAME_CHARACTERS = /[<>]/;

/**
 * Everything in a valid config that Auth0 cannot hold, each issue naming Auth0 and what to write instead.
 * The schema already enforces the rules every IdP shares; these are Auth0's own limits.
 * @see SECURITY.md §A.7 (lifetimes an IdP cannot hold) and §A.9 (unsupported features per IdP)
 */
export function auth0Issues(plan: Plan): ConfigIssue[] {
  const issues: ConfigIssue[] = [...lifetimeIssues(plan, AUTH0_LIMITS)];
  for (const resource of plan.resources) {
    if (resource.uri.length > AUTH0_IDENTIFIER_MAX_LENGTH) {
      issues.push({
        path: `resources.${resource.key}.uri`,
        message: `is ${resource.uri.length} characters; Auth0 API identifiers hold at most ${AUTH0_IDENTIFIER_MAX_LENGTH}, so give this MCP server a shorter canonical URI`,
      });
    }
    if (FORBIDDEN_NAME_CHARACTERS.test(resource.name)) {
      issues.push({
        path: `resources.${resource.key}.name`,
        message: "contains < or >, which Auth0 refuses in API names; remove them (or omit name to use the key)",
      });
    }
    for (const scope of resource.scopes) {
      if (scope.name.length > AUTH0_SCOPE_MAX_LENGTH) {
        issues.push({
          path: `resources.${resource.key}.scopes.${scope.name}`,
          message: `is ${scope.name.length} characters; Auth0 holds scope names of at most ${AUTH0_SCOPE_MAX_LENGTH}, so use a shorter scope name`,
        });
      }
    }
  }
  issues.push(...registrationPolicyIssues(plan));
  for (const client of plan.clients) {
    if (FORBIDDEN_NAME_CHARACTERS.test(client.name)) {
      issues.push({
        path: `clients.${client.key}.name`,
        message: "contains < or >, which Auth0 refuses in application names; remove them (or omit name to use the key)",
      });
    }
  }
  return issues;
}

/**
 * The parts of a registration policy Auth0 cannot enforce, refused rather than printed as if they held:
 * Auth0 has no limit on dynamically registered clients that a tenant setting could carry, and its client
 * ID metadata document support is one tenant switch with no list of allowed hosts.
 * @see https://www.rfc-editor.org/rfc/rfc7591
 */
function registrationPolicyIssues(plan: Plan): ConfigIssue[] {
  const { registration } = plan;
  const issues: ConfigIssue[] = [];
  if (registration.dynamic && registration.maxClients !== undefined) {
    issues.push({
      path: "registration.dynamic.maxClients",
      message: "cannot be enforced on Auth0: the tenant has no setting that limits dynamically registered clients (only its plan's application quota); write registration.dynamic: true",
    });
  }
  if (registration.clientIdMetadataDocuments && registration.metadataDocumentHosts !== undefined) {
    issues.push({
      path: "registration.clientIdMetadataDocuments.allowedHosts",
      message:
        "cannot be enforced on Auth0: its client ID metadata document support is one tenant switch (clientIdMetadataDocumentSupported) with no list of allowed hosts; write registration.clientIdMetadataDocuments: true, or register known agents with auth0.ClientCimd yourself",
    });
  }
  return issues;
}
