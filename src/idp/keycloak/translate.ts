import type { Plan, PlannedClient, PlannedResource, PlannedScope } from "../../plan/types.js";
import { byCodeUnits } from "../../plan/build-plan.js";
import { ConfigError } from "../../schema/config-error.js";
import type { KeycloakSettings } from "../../schema/idp-sections.js";
import { assertSpecGraph, ref, type OutputRef, type ResourceSpec } from "../spec.js";
import { keycloakIssues } from "./checks.js";
import { AGENT_DEFAULT_SCOPES, AUDIENCE_MAPPER_NAME, KEYCLOAK_TYPES, OFFLINE_ACCESS_SCOPE } from "./keycloak-names.js";
import { keycloakRegistrationSpecs } from "./registration.js";

/** Inputs of {@link translateKeycloak} besides the plan. */
export interface KeycloakTranslateOptions {
  /** The component name; every child's logical name starts with it. */
  readonly name: string;
}

/** Spec keys, stable per schema key: refs, dependsOn and tests use them. */
export const keycloakSpecKey = {
  realm: "realm",
  resourceClient: (resource: string) => `resource/${resource}`,
  scope: (scope: string) => `scope/${scope}`,
  audience: (scope: string) => `audience/${scope}`,
  client: (client: string) => `client/${client}`,
  defaultScopes: (client: string) => `client/${client}/default-scopes`,
  optionalScopes: (client: string) => `client/${client}/optional-scopes`,
} as const;

/**
 * Plan → the Keycloak objects that bind every access token to one resource: per MCP scope a client scope
 * whose audience mapper adds the resource URI to `aud`; per agent client a public, PKCE-only client that
 * holds exactly its granted MCP scopes as *optional* scopes, so `aud` names a resource only when the
 * client asks for that resource's scopes.
 *
 * Object count: `R + 2·S + 3·C`, where R is 1 when the component creates the realm (else 0), S the number
 * of scopes in the file and C the number of clients. Each scope needs its own client scope (one scope
 * string each) and mapper; each client needs itself plus both authoritative scope lists, because Keycloak
 * attaches the realm's default scopes to every new client. With `nativeResourceIndicators`, N more: one
 * bearer-only client per resource (see {@link resourceClientSpec}). With `registration.dynamic`, 6 more:
 * the anonymous registration policies of {@link keycloakRegistrationSpecs}.
 *
 * @throws ConfigError for what Keycloak cannot hold (see {@link keycloakIssues}).
 * @see https://www.rfc-editor.org/rfc/rfc8707 (resource indicators: one audience per token)
 */
export function translateKeycloak(plan: Plan, options: KeycloakTranslateOptions): ResourceSpec[] {
  const issues = keycloakIssues(plan);
  if (issues.length > 0) throw new ConfigError(issues, "Config cannot be deployed to Keycloak");
  const settings = plan.settings.keycloak as KeycloakSettings;
  const realmId: string | OutputRef = settings.createRealm ? ref(keycloakSpecKey.realm, "realm") : settings.realm;

  const specs: ResourceSpec[] = [];
  if (settings.createRealm) specs.push(realmSpec(plan, options.name, settings.realm));
  for (const resource of plan.resources) {
    if (settings.nativeResourceIndicators) specs.push(resourceClientSpec(options.name, realmId, resource));
    const audience = settings.nativeResourceIndicators
      ? { includedClientAudience: ref(keycloakSpecKey.resourceClient(resource.key), "clientId") }
      : { includedCustomAudience: resource.uri };
    for (const scope of resource.scopes) specs.push(...scopeSpecs(options.name, realmId, scope, audience));
  }
  for (const client of plan.clients) specs.push(...clientSpecs(plan, options.name, realmId, client));
  const declaredClients = plan.clients.length + (settings.nativeResourceIndicators ? plan.resources.length : 0);
  specs.push(...keycloakRegistrationSpecs(plan, options.name, realmId, declaredClients));
  assertSpecGraph(specs);
  return specs;
}

/**
 * A realm with single-use refresh tokens (reuse revokes the session's token family) and lifetimes from the
 * file. A realm holds one access token lifespan: the shortest of the file, so no client falls back to a
 * longer one; each client then sets its own (see {@link clientSpecs}).
 */
function realmSpec(plan: Plan, name: string, realm: string): ResourceSpec {
  const refresh = plan.clients.flatMap((client) => (client.refreshToken ? [client.refreshToken] : []));
  return {
    key: keycloakSpecKey.realm,
    type: KEYCLOAK_TYPES.realm,
    name: `${name}-realm`,
    args: {
      realm,
      enabled: true,
      defaultSignatureAlgorithm: "RS256",
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      accessTokenLifespan: goDuration(Math.min(...plan.resources.map((resource) => resource.accessTokenLifetimeSeconds))),
      // Offline sessions carry the refresh tokens of agents that ask for offline_access. A client can only
      // shorten the realm's bounds, so the realm holds the longest the file declares.
      ...(refresh.length > 0
        ? {
            offlineSessionIdleTimeout: goDuration(Math.max(...refresh.map((token) => token.idleLifetimeSeconds))),
            offlineSessionMaxLifespanEnabled: true,
            offlineSessionMaxLifespan: goDuration(Math.max(...refresh.map((token) => token.absoluteLifetimeSeconds))),
          }
        : {}),
    },
    dependsOn: [],
  };
}

/**
 * The resource as Keycloak's native RFC 8707 support sees it: a client whose `resource_url` is the URI.
 * With `--features=resource-indicators`, a token request carrying `resource` succeeds only when a client
 * in the token's `aud` has that `resource_url`, and `aud` is then narrowed to it; its clientId is the URI
 * itself so the audience is the same with the feature on or off. Bearer-only: it never obtains tokens.
 */
function resourceClientSpec(name: string, realmId: string | OutputRef, resource: PlannedResource): ResourceSpec {
  return {
    key: keycloakSpecKey.resourceClient(resource.key),
    type: KEYCLOAK_TYPES.client,
    name: `${name}-resource-${resource.key}`,
    args: {
      realmId,
      clientId: resource.uri,
      name: resource.name,
      accessType: "BEARER-ONLY",
      enabled: true,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      fullScopeAllowed: false,
      extraConfig: { resource_url: resource.uri },
    },
    dependsOn: [],
  };
}

/** How a mapper names the audience: the URI itself, or the resource client whose clientId is the URI. */
type AudienceInput = { readonly includedCustomAudience: string } | { readonly includedClientAudience: OutputRef };

function scopeSpecs(name: string, realmId: string | OutputRef, scope: PlannedScope, audience: AudienceInput): ResourceSpec[] {
  const scopeKey = keycloakSpecKey.scope(scope.name);
  return [
    {
      key: scopeKey,
      type: KEYCLOAK_TYPES.clientScope,
      name: `${name}-scope-${scope.name}`,
      args: {
        realmId,
        name: scope.name,
        description: scope.description,
        consentScreenText: scope.description,
        includeInTokenScope: true,
      },
      dependsOn: [],
    },
    {
      key: keycloakSpecKey.audience(scope.name),
      type: KEYCLOAK_TYPES.audienceMapper,
      name: `${name}-audience-${scope.name}`,
      args: {
        realmId,
        clientScopeId: ref(scopeKey, "id"),
        name: AUDIENCE_MAPPER_NAME,
        ...audience,
        addToAccessToken: true,
        // The provider defaults this to true; an ID token is for the client, never for the resource.
        addToIdToken: false,
        addToTokenIntrospection: true,
      },
      dependsOn: [],
    },
  ];
}

/**
 * The agent client and its two authoritative scope lists. Its access token lifespan is the shortest of the
 * resources it is granted (Keycloak holds one per client), so no token outlives what its resource allows.
 * Declared refresh lifetimes bound the client's offline sessions (scope offline_access), which is how an
 * agent keeps a refresh token beyond the browser session. Online refresh tokens follow the realm's SSO
 * session: Keycloak (26.5+) refuses a client session idle or max above the realm's SSO values, which a
 * component cannot know for an existing realm.
 */
function clientSpecs(plan: Plan, name: string, realmId: string | OutputRef, client: PlannedClient): ResourceSpec[] {
  const clientKey = keycloakSpecKey.client(client.key);
  const grants = plan.grants.filter((grant) => grant.clientKey === client.key);
  const grantedScopes = grants.flatMap((grant) => grant.scopes);
  const resources = plan.resources.filter((resource) => client.resourceKeys.includes(resource.key));
  const consentRequired = resources.some((resource) =>
    resource.scopes.some((scope) => scope.consent === "required" && grantedScopes.includes(scope.name)),
  );
  const refresh = client.refreshToken;
  const optionalScopes = [...grantedScopes, ...(refresh ? [OFFLINE_ACCESS_SCOPE] : [])].sort(byCodeUnits);
  return [
    {
      key: clientKey,
      type: KEYCLOAK_TYPES.client,
      name: `${name}-client-${client.key}`,
      args: {
        realmId,
        clientId: client.key,
        name: client.name,
        accessType: "PUBLIC",
        enabled: true,
        // Unset flow flags are sent as false by the provider: the standard flow must be switched on here.
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        pkceCodeChallengeMethod: "S256",
        // Keycloak accepts any port on a loopback redirect registered without one (RFC 8252 §7.3).
        validRedirectUris: [...client.redirectUris],
        // Without role scope mappings no role audience (e.g. "account") reaches the token.
        fullScopeAllowed: false,
        consentRequired,
        accessTokenLifespan: String(Math.min(...resources.map((resource) => resource.accessTokenLifetimeSeconds))),
        useRefreshTokens: refresh !== undefined,
        ...(refresh
          ? {
              clientOfflineSessionIdleTimeout: String(refresh.idleLifetimeSeconds),
              clientOfflineSessionMaxLifespan: String(refresh.absoluteLifetimeSeconds),
            }
          : {}),
      },
      dependsOn: [],
    },
    {
      key: keycloakSpecKey.defaultScopes(client.key),
      type: KEYCLOAK_TYPES.defaultScopes,
      name: `${name}-client-${client.key}-default-scopes`,
      args: { realmId, clientId: ref(clientKey, "id"), defaultScopes: [...AGENT_DEFAULT_SCOPES] },
      dependsOn: [],
    },
    {
      key: keycloakSpecKey.optionalScopes(client.key),
      type: KEYCLOAK_TYPES.optionalScopes,
      name: `${name}-client-${client.key}-optional-scopes`,
      args: { realmId, clientId: ref(clientKey, "id"), optionalScopes },
      // The scope lists name scopes, so wait for them and their mappers: a client never holds an MCP scope
      // that does not yet add its audience. After the default list, because the provider refuses to attach
      // as optional a scope the realm attached as default until the default list has detached it.
      dependsOn: [
        keycloakSpecKey.defaultScopes(client.key),
        ...grantedScopes.flatMap((scope) => [keycloakSpecKey.scope(scope), keycloakSpecKey.audience(scope)]),
      ],
    },
  ];
}

/** Seconds as a Go duration string, the form the provider parses for realm lifetimes (`"300"` is refused). */
function goDuration(seconds: number): string {
  return `${seconds}s`;
}
