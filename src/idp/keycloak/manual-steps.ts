import type { Plan } from "../../plan/types.js";
import { keycloakClientPolicies, KEYCLOAK_CIMD_FEATURE, KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES } from "./registration.js";

/**
 * What the Keycloak component cannot do itself and an administrator does once, in plain sentences: server
 * start flags, Keycloak's default registration policies, and realm settings the file only states. Empty
 * when the plan needs nothing by hand. `plan --idp keycloak` prints these, and the component exposes them
 * as its `manualSteps` output.
 */
export function keycloakManualSteps(plan: Plan): string[] {
  const settings = plan.settings.keycloak;
  if (settings === undefined) return [];
  const realm = JSON.stringify(settings.realm);
  const steps: string[] = [];
  if (plan.registration.dynamic) {
    steps.push(
      `In realm ${realm}, delete Keycloak's default anonymous client registration policies (Realm settings → Client registration → Anonymous access policies: ${KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES.join(", ")}): Keycloak applies every policy, and its default Trusted Hosts refuses every anonymous registration; the component declares its own mcp-* policy of each kind.`,
    );
  }
  if (plan.registration.clientIdMetadataDocuments) {
    steps.push(
      `Start Keycloak with --features=${KEYCLOAK_CIMD_FEATURE} (experimental in Keycloak 26.7): without it Keycloak ignores the client policy that admits client ID metadata documents, and an https client_id is an unknown client.`,
      "Keycloak fetches each metadata document with its own HTTP client: the certificate of every allowed host must chain to a CA in Keycloak's truststore (--truststore-paths).",
    );
  }
  const clientPolicies = keycloakClientPolicies(plan);
  if (clientPolicies) {
    steps.push(
      `In realm ${realm}, add these client profiles and client policies beside the realm's others (Realm settings → Client policies, or PUT /admin/realms/${settings.realm}/client-policies/profiles and …/policies): they make registered clients PKCE S256${plan.registration.clientIdMetadataDocuments ? " and admit metadata documents from the allowed hosts" : ""}. @pulumi/keycloak sends client policy settings as strings, which Keycloak refuses for these lists, so the component cannot declare them. ${JSON.stringify(clientPolicies)}`,
    );
  }
  if (!settings.createRealm && settings.realmRotatesRefreshTokens && plan.clients.some((client) => client.refreshToken !== undefined)) {
    steps.push(
      `Keep Revoke Refresh Token on with Refresh Token Max Reuse 0 in realm ${realm}: the file states it (keycloak.realmRotatesRefreshTokens), and the component neither sets nor checks it on a realm it does not create.`,
    );
  }
  return steps;
}
