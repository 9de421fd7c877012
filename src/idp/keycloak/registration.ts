import type { Plan } from "../../plan/types.js";
import { byCodeUnits } from "../../plan/build-plan.js";
import type { OutputRef, ResourceSpec } from "../spec.js";
import { KEYCLOAK_BUILTIN_CLIENTS, KEYCLOAK_TYPES } from "./keycloak-names.js";

/**
 * What Keycloak holds for clients nobody declared: anonymous dynamic registration (RFC 7591) is governed by
 * realm client registration policies, and client ID metadata documents by a client policy of Keycloak's
 * `cimd` feature. Pure data; {@link keycloakRegistrationSpecs} turns a plan into the specs.
 */

/**
 * Keycloak's default for the number of clients a realm holds before anonymous registration stops (the
 * `max-clients` policy it creates in every realm); the limit when `registration.dynamic` names none.
 */
export const KEYCLOAK_DEFAULT_MAX_CLIENTS = 200;

/**
 * Redirect URI hosts a registered client may use: loopback only. Keycloak's `trusted-hosts` policy compares
 * hosts, not whole URIs, so an https host listed here would let anyone register a redirect to any path on
 * it; native MCP agents (desktop and IDE clients, the SDKs) listen on loopback. `localhost` is kept because
 * the SDKs' own examples register it; `[::1]` is how Java spells the IPv6 loopback host of a URI.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export const REGISTRATION_REDIRECT_HOSTS: readonly string[] = ["127.0.0.1", "[::1]", "localhost"];

/**
 * The anonymous registration policies Keycloak creates in every realm, by name. Keycloak applies every
 * policy of a kind (a registration must pass all of them), and its default "Trusted Hosts" trusts no host,
 * so it refuses every anonymous registration; "Allowed Client Scopes" admits only the realm's default
 * scopes. The provider can take them over only by a manual import, so an administrator deletes them once:
 * the component declares its own policy of each of these kinds.
 */
export const KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES: readonly string[] = [
  "Trusted Hosts",
  "Consent Required",
  "Full Scope Disabled",
  "Max Clients Limit",
  "Allowed Protocol Mapper Types",
  "Allowed Client Scopes",
];

/** The Keycloak server feature behind client ID metadata documents (experimental in 26.7). */
export const KEYCLOAK_CIMD_FEATURE = "cimd";

/** Names the component gives its client policy profile and policy (realm-wide, so they carry a prefix). */
export const CIMD_PROFILE_NAME = "mcp-client-id-metadata-documents";

/** Spec keys of the registration objects. */
export const keycloakRegistrationKey = {
  policy: (kind: string) => `registration-policy/${kind}`,
  cimdProfile: "cimd-profile",
  cimdPolicy: "cimd-policy",
} as const;

/**
 * Plan → the Keycloak objects for clients that register at run time; none when registration is off.
 *
 * Dynamic registration, six anonymous registration policies (Keycloak requires a registration to pass all):
 * `trusted-hosts` (any sender, redirect URIs on loopback only), `allowed-client-templates` (the scopes of
 * `registration.access` and nothing else, not even the realm's defaults), `consent-required`, `scope` (full
 * scope off, so no realm role reaches a token), `max-clients` and `allowed-protocol-mappers` (none: a
 * registered client adds no claim, so none can rewrite `aud`).
 *
 * Client ID metadata documents, one client policy profile with the `client-id-metadata-document` executor
 * (documents only from the allowed hosts, over https, public clients only) plus consent, full-scope-off and
 * PKCE S256 executors, and one client policy that applies it to every client whose id is an https URL on an
 * allowed host (`client-id-uri` condition). Keycloak fetches such documents only with `--features=cimd`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export function keycloakRegistrationSpecs(plan: Plan, name: string, realmId: string | OutputRef, declaredClients: number): ResourceSpec[] {
  const specs: ResourceSpec[] = [];
  const accessScopes = plan.registration.access.flatMap((access) => access.scopes).sort(byCodeUnits);
  // Every MCP scope's client scope, so a registered client never names a scope that does not exist yet.
  const scopeKeys = accessScopes.flatMap((scope) => [`scope/${scope}`, `audience/${scope}`]);
  if (plan.registration.dynamic) {
    // Keycloak counts every client of the realm: its own, the declared agents and resource clients.
    const maxClients = (plan.registration.maxClients ?? KEYCLOAK_DEFAULT_MAX_CLIENTS) + KEYCLOAK_BUILTIN_CLIENTS.length + declaredClients;
    const policies: Array<[kind: string, providerId: string, config: Record<string, string> | undefined]> = [
      [
        "trusted-hosts",
        "trusted-hosts",
        {
          "trusted-hosts": REGISTRATION_REDIRECT_HOSTS.join(","),
          "host-sending-registration-request-must-match": "false",
          "client-uris-must-match": "true",
        },
      ],
      ["allowed-client-scopes", "allowed-client-templates", { "allowed-client-scopes": accessScopes.join(","), "allow-default-scopes": "false" }],
      ["consent-required", "consent-required", undefined],
      ["full-scope-disabled", "scope", undefined],
      ["max-clients", "max-clients", { "max-clients": String(maxClients) }],
      ["allowed-protocol-mappers", "allowed-protocol-mappers", { "allowed-protocol-mapper-types": "" }],
    ];
    for (const [kind, providerId, config] of policies) {
      specs.push({
        key: keycloakRegistrationKey.policy(kind),
        type: KEYCLOAK_TYPES.registrationPolicy,
        name: `${name}-registration-${kind}`,
        args: { realmId, name: `mcp-${kind}`, providerId, subType: "anonymous", ...(config ? { config } : {}) },
        dependsOn: kind === "allowed-client-scopes" ? scopeKeys : [],
      });
    }
  }
  if (plan.registration.clientIdMetadataDocuments) {
    // keycloakIssues has refused "any host": Keycloak admits only the hosts it lists. Its `*.suffix` also
    // admits the bare suffix, which the checks allow only when the file lists the suffix too.
    const permitted = (plan.registration.metadataDocumentHosts ?? []).join(",");
    specs.push(
      {
        key: keycloakRegistrationKey.cimdProfile,
        type: KEYCLOAK_TYPES.clientPolicyProfile,
        name: `${name}-cimd-profile`,
        args: {
          realmId,
          name: CIMD_PROFILE_NAME,
          description: "pulumi-mcp-auth: clients identified by a client ID metadata document",
          executors: [
            {
              name: "client-id-metadata-document",
              configuration: {
                "cimd-allow-http-scheme": "false",
                "cimd-allow-permitted-domains": permitted,
                "cimd-restrict-same-domain": "false",
                "only-allow-confidential-client": "false",
              },
            },
            { name: "consent-required", configuration: { "auto-configure": "true" } },
            { name: "full-scope-disabled", configuration: { "auto-configure": "true" } },
            { name: "pkce-enforcer", configuration: { "auto-configure": "true" } },
          ],
        },
        dependsOn: scopeKeys,
      },
      {
        key: keycloakRegistrationKey.cimdPolicy,
        type: KEYCLOAK_TYPES.clientPolicy,
        name: `${name}-cimd-policy`,
        args: {
          realmId,
          name: CIMD_PROFILE_NAME,
          description: "pulumi-mcp-auth: applies the client ID metadata document profile to https client ids on the allowed hosts",
          enabled: true,
          profiles: [CIMD_PROFILE_NAME],
          conditions: [{ name: "client-id-uri", configuration: { "client-id-uri-scheme": "https", "client-id-uri-allow-permitted-domains": permitted } }],
        },
        dependsOn: [keycloakRegistrationKey.cimdProfile],
      },
    );
  }
  return specs;
}
