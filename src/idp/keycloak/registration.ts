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
 * the component declares its own policy of each of these kinds. The seventh default, "Allowed Registration
 * Web Origins", stays: it only limits the CORS origins a registered client may name.
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

/** The name of the client policy profile and policy for client ID metadata documents (realm-wide, so prefixed). */
export const CIMD_PROFILE_NAME = "mcp-client-id-metadata-documents";

/** Spec keys of the registration objects. */
export const keycloakRegistrationKey = {
  policy: (kind: string) => `registration-policy/${kind}`,
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
 * Client ID metadata documents are not declared: see {@link keycloakCimdClientPolicies}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export function keycloakRegistrationSpecs(plan: Plan, name: string, realmId: string | OutputRef, declaredClients: number): ResourceSpec[] {
  const specs: ResourceSpec[] = [];
  if (!plan.registration.dynamic) return specs;
  const accessScopes = plan.registration.access.flatMap((access) => access.scopes).sort(byCodeUnits);
  // Every MCP scope's client scope, so a registered client never names a scope that does not exist yet.
  const scopeKeys = accessScopes.flatMap((scope) => [`scope/${scope}`, `audience/${scope}`]);
  {
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
      ["allowed-client-scopes", "allowed-client-templates", { "allowed-client-scopes": accessScopes.join(","), "allow-default-scopes": "true" }],
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
  return specs;
}

/** Client policy profiles and policies, in the shape of Keycloak's Admin REST API. */
export interface KeycloakClientPolicies {
  /** Entries of `PUT /admin/realms/REALM/client-policies/profiles` (beside the realm's other profiles). */
  readonly profiles: ReadonlyArray<{ readonly name: string; readonly description: string; readonly executors: ReadonlyArray<{ executor: string; configuration: Record<string, unknown> }> }>;
  /** Entries of `PUT /admin/realms/REALM/client-policies/policies` (beside the realm's other policies). */
  readonly policies: ReadonlyArray<{
    readonly name: string;
    readonly description: string;
    readonly enabled: boolean;
    readonly profiles: readonly string[];
    readonly conditions: ReadonlyArray<{ condition: string; configuration: Record<string, unknown> }>;
  }>;
}

/** Profile and policy names (realm-wide, so prefixed). */
export const REGISTERED_CLIENTS_PROFILE = "mcp-registered-clients";
export const ANONYMOUS_CLIENTS_POLICY = "mcp-anonymous-clients";

/**
 * The client policies Keycloak needs for clients nobody declared, or `undefined` when registration is off:
 * - `mcp-registered-clients` (profile): PKCE S256 (`pkce-enforcer`), consent and full scope off, set on
 *   each such client when it is created (`auto-configure`). Registration policies cannot require PKCE, and
 *   without it Keycloak hands a registered public client a code with no `code_challenge` at all.
 * - `mcp-anonymous-clients` (policy): applies it to clients created anonymously
 *   (`client-updater-context`: ByAnonymous), which is how Keycloak creates both a dynamically registered
 *   client and the client of a metadata document (the suite shows both get PKCE S256 from it).
 * - with client ID metadata documents, the `mcp-client-id-metadata-documents` profile (the
 *   `client-id-metadata-document` executor: https only, documents and redirect URIs only on the allowed
 *   hosts, public clients accepted) and a policy applying it to client ids that are https URLs on those
 *   hosts (`client-id-uri`). Keycloak runs it only with `--features=cimd`.
 *
 * Not declared through `@pulumi/keycloak`: its client policy inputs carry every configuration value as a
 * string, and Keycloak 26.7 reads these host, scheme and source lists as JSON arrays, refusing a string with
 * 500 "Cannot parse the JSON" (pinned by the real-Keycloak suite). So `plan --idp keycloak` and the
 * component's `manualSteps` give this JSON to apply once, and the suite applies exactly it.
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export function keycloakClientPolicies(plan: Plan): KeycloakClientPolicies | undefined {
  const { dynamic, clientIdMetadataDocuments } = plan.registration;
  if (!dynamic && !clientIdMetadataDocuments) return undefined;
  // One profile for every client nobody declared; the cimd profile only admits documents.
  const registered = {
    name: REGISTERED_CLIENTS_PROFILE,
    description: "pulumi-mcp-auth: clients nobody declared are public, PKCE S256, consent on first use, no full scope",
    executors: [
      { executor: "pkce-enforcer", configuration: { "auto-configure": "true" } },
      { executor: "consent-required", configuration: { "auto-configure": "true" } },
      { executor: "full-scope-disabled", configuration: { "auto-configure": "true" } },
    ],
  };
  const profiles: Array<KeycloakClientPolicies["profiles"][number]> = [registered];
  const policies: Array<KeycloakClientPolicies["policies"][number]> = [
    {
      name: ANONYMOUS_CLIENTS_POLICY,
      description: "pulumi-mcp-auth: applies to clients created anonymously (RFC 7591 registration, client ID metadata documents)",
      enabled: true,
      profiles: [REGISTERED_CLIENTS_PROFILE],
      conditions: [{ condition: "client-updater-context", configuration: { "update-client-source": ["ByAnonymous"] } }],
    },
  ];
  if (clientIdMetadataDocuments) {
    // keycloakIssues has refused "any host"; Keycloak's `*.suffix` also admits the suffix, which the checks
    // allow only when the file lists the suffix too.
    const hosts = [...(plan.registration.metadataDocumentHosts ?? [])];
    profiles.push({
      name: CIMD_PROFILE_NAME,
      description: "pulumi-mcp-auth: clients identified by a client ID metadata document",
      executors: [
        {
          executor: "client-id-metadata-document",
          configuration: {
            "cimd-allow-http-scheme": false,
            "cimd-allow-permitted-domains": hosts,
            "cimd-restrict-same-domain": false,
            "only-allow-confidential-client": false,
          },
        },
      ],
    });
    policies.push({
      name: CIMD_PROFILE_NAME,
      description: "pulumi-mcp-auth: applies to client ids that are https URLs on the allowed hosts",
      enabled: true,
      profiles: [CIMD_PROFILE_NAME],
      conditions: [{ condition: "client-id-uri", configuration: { "client-id-uri-scheme": ["https"], "client-id-uri-allow-permitted-domains": hosts } }],
    });
  }
  return { profiles, policies };
}
