import type { Plan, PlannedClient, PlannedGrant, PlannedResource } from "../../plan/types.js";
import { ConfigError } from "../../schema/config-error.js";
import { defaultAuth0Settings } from "../../schema/idp-sections.js";
import { assertSpecGraph, ref, type ResourceSpec } from "../spec.js";
import { auth0Issues } from "./validate.js";

/** The `@pulumi/auth0` type tokens this translation emits (each class's `__pulumiType`). */
export const AUTH0_TYPES = {
  tenant: "auth0:index/tenant:Tenant",
  resourceServer: "auth0:index/resourceServer:ResourceServer",
  resourceServerScopes: "auth0:index/resourceServerScopes:ResourceServerScopes",
  client: "auth0:index/client:Client",
  clientCredentials: "auth0:index/clientCredentials:ClientCredentials",
  clientGrant: "auth0:index/clientGrant:ClientGrant",
} as const;

export interface Auth0TranslateOptions {
  /** The component's name; every child's logical name starts with it. */
  readonly name: string;
}

/**
 * The stable keys of the specs, for refs and for the component's outputs. Keys and names are built from
 * schema keys only, never from list positions (SECURITY.md §B.6).
 */
export const auth0SpecKeys = {
  tenant: "tenant",
  api: (resourceKey: string) => `api/${resourceKey}`,
  scopes: (resourceKey: string) => `scopes/${resourceKey}`,
  client: (clientKey: string) => `client/${clientKey}`,
  credentials: (clientKey: string) => `credentials/${clientKey}`,
  grant: (clientKey: string, resourceKey: string) => `grant/${clientKey}/${resourceKey}`,
  defaultGrant: (resourceKey: string) => `default-grant/${resourceKey}`,
} as const;

/**
 * How many Auth0 objects a plan needs:
 *
 *   N = T + 2·R + 2·C + G + D
 *
 * - T = 1 when `auth0.manageTenantSettings` is on (the default), else 0: the tenant singleton that sets
 *   the `compatibility` resource parameter profile, clears the default audience (and sets the registration
 *   flags, in the same object).
 * - R resources: one ResourceServer and one ResourceServerScopes each (all scopes in one object, never
 *   one object per scope).
 * - C clients: one Client and one ClientCredentials each (the latter pins `none`, so a secret switched on
 *   in the dashboard shows up as drift).
 * - G = one ClientGrant per (client, resource) pair the file grants.
 * - D = one default third-party ClientGrant per resource in `registration.access`, only when dynamic
 *   registration or client ID metadata documents are on (D = 0 otherwise).
 *
 * Nothing is per scope or per redirect URI: every Management API call costs deploy time under Auth0's
 * rate limits (2 requests/s on free tenants).
 */
export function auth0ObjectCount(plan: Plan): number {
  const tenant = auth0Settings(plan).manageTenantSettings ? 1 : 0;
  return tenant + 2 * plan.resources.length + 2 * plan.clients.length + plan.grants.length + plan.registration.access.length;
}

/**
 * Translates a plan into the Auth0 objects that bind every token to one MCP resource: the tenant honours
 * RFC 8707 `resource`, each resource is an API whose identifier is its URI, and only the declared agent
 * clients hold grants, with only the declared scopes. Pure: no Pulumi, no I/O.
 * @throws ConfigError when the plan holds something Auth0 cannot (each issue names Auth0 and the alternative).
 * @see docs/design.md §5 (Auth0), SECURITY.md §B
 */
export function translateAuth0(plan: Plan, options: Auth0TranslateOptions): ResourceSpec[] {
  const issues = auth0Issues(plan);
  if (issues.length > 0) throw new ConfigError(issues, "This config cannot be deployed to Auth0");

  const { name } = options;
  const specs: ResourceSpec[] = [];
  const tenant = tenantSpec(plan, name);
  if (tenant) specs.push(tenant);
  for (const resource of plan.resources) specs.push(resourceServerSpec(resource, name), scopesSpec(resource, name));
  for (const client of plan.clients) {
    specs.push(clientSpec(client, name), credentialsSpec(client, name));
    for (const grant of plan.grants.filter((g) => g.clientKey === client.key)) specs.push(grantSpec(grant, name));
  }
  for (const access of plan.registration.access) {
    specs.push({
      key: auth0SpecKeys.defaultGrant(access.resourceKey),
      type: AUTH0_TYPES.clientGrant,
      name: `${name}-default-grant-${access.resourceKey}`,
      // Clients that register themselves are third-party and cannot be granted one by one at registration;
      // this grant is what they may request, per resource. Per-client grants take precedence.
      args: {
        defaultFor: "third_party_clients",
        audience: ref(auth0SpecKeys.api(access.resourceKey), "identifier"),
        scopes: [...access.scopes],
        subjectType: "user",
      },
      dependsOn: [auth0SpecKeys.scopes(access.resourceKey)],
    });
  }
  assertSpecGraph(specs);
  return specs;
}

function auth0Settings(plan: Plan) {
  return plan.settings.auth0 ?? defaultAuth0Settings();
}

function tenantSpec(plan: Plan, name: string): ResourceSpec | undefined {
  if (!auth0Settings(plan).manageTenantSettings) return undefined;
  const { dynamic, clientIdMetadataDocuments } = plan.registration;
  return {
    key: auth0SpecKeys.tenant,
    type: AUTH0_TYPES.tenant,
    name: `${name}-tenant`,
    // Only the settings this library needs: the others stay as the tenant's owner set them. Registration
    // flags are sent only when on, so turning registration off here never disables it for other apps.
    args: {
      resourceParameterProfile: "compatibility",
      // Auth0 adds a tenant default audience to every authorization request as if the client had sent
      // `audience`, and `audience` beats `resource` under the compatibility profile: the token would be
      // for the default API, whatever resource the MCP client named. An empty value clears it.
      defaultAudience: "",
      ...(dynamic ? { flags: { enableDynamicClientRegistration: true } } : {}),
      ...(clientIdMetadataDocuments ? { clientIdMetadataDocumentSupported: true } : {}),
    },
    dependsOn: [],
  };
}

function resourceServerSpec(resource: PlannedResource, name: string): ResourceSpec {
  return {
    key: auth0SpecKeys.api(resource.key),
    type: AUTH0_TYPES.resourceServer,
    name: `${name}-api-${resource.key}`,
    args: {
      name: resource.name,
      identifier: resource.uri,
      signingAlg: "RS256",
      tokenDialect: "rfc9068_profile",
      tokenLifetime: resource.accessTokenLifetimeSeconds,
      allowOfflineAccess: resource.offlineAccess,
      // Auth0 consents per API, not per scope: one scope that asks for consent makes the API ask.
      skipConsentForVerifiableFirstPartyClients: resource.scopes.every((scope) => scope.consent === "implicit"),
      // Users get tokens only through a client grant (a hard ceiling on scopes); no client-credentials tokens.
      subjectTypeAuthorization: { user: { policy: "require_client_grant" }, client: { policy: "deny_all" } },
    },
    dependsOn: [],
  };
}

function scopesSpec(resource: PlannedResource, name: string): ResourceSpec {
  return {
    key: auth0SpecKeys.scopes(resource.key),
    type: AUTH0_TYPES.resourceServerScopes,
    name: `${name}-api-${resource.key}-scopes`,
    args: {
      resourceServerIdentifier: ref(auth0SpecKeys.api(resource.key), "identifier"),
      scopes: resource.scopes.map((scope) => ({ name: scope.name, description: scope.description })),
    },
    dependsOn: [],
  };
}

function clientSpec(client: PlannedClient, name: string): ResourceSpec {
  return {
    key: auth0SpecKeys.client(client.key),
    type: AUTH0_TYPES.client,
    name: `${name}-client-${client.key}`,
    args: {
      name: client.name,
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: [...client.redirectUris],
      // Always explicit: left unset, Auth0 gives native apps implicit and refresh_token too.
      grantTypes: [...client.grantTypes],
      jwtConfiguration: { alg: "RS256" },
      // Without refresh_token in grantTypes Auth0 issues no refresh token, whatever the API allows.
      ...(client.refreshToken
        ? {
            refreshToken: {
              rotationType: "rotating",
              expirationType: "expiring",
              // No reuse window: presenting a rotated token revokes the family (SECURITY.md §B.4).
              leeway: 0,
              tokenLifetime: client.refreshToken.absoluteLifetimeSeconds,
              infiniteTokenLifetime: false,
              idleTokenLifetime: client.refreshToken.idleLifetimeSeconds,
              infiniteIdleTokenLifetime: false,
            },
          }
        : {}),
    },
    dependsOn: [],
  };
}

function credentialsSpec(client: PlannedClient, name: string): ResourceSpec {
  return {
    key: auth0SpecKeys.credentials(client.key),
    type: AUTH0_TYPES.clientCredentials,
    name: `${name}-client-${client.key}-credentials`,
    args: { clientId: ref(auth0SpecKeys.client(client.key), "clientId"), authenticationMethod: "none" },
    dependsOn: [],
  };
}

function grantSpec(grant: PlannedGrant, name: string): ResourceSpec {
  return {
    key: auth0SpecKeys.grant(grant.clientKey, grant.resourceKey),
    type: AUTH0_TYPES.clientGrant,
    // "." cannot occur in a key, so no two (client, resource) pairs share a name.
    name: `${name}-grant-${grant.clientKey}.${grant.resourceKey}`,
    args: {
      clientId: ref(auth0SpecKeys.client(grant.clientKey), "clientId"),
      audience: ref(auth0SpecKeys.api(grant.resourceKey), "identifier"),
      scopes: [...grant.scopes],
      subjectType: "user",
    },
    // Auth0 refuses a grant for scopes the API does not have yet.
    dependsOn: [auth0SpecKeys.scopes(grant.resourceKey)],
  };
}
