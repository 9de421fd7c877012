import { resolveConfig, type ResolvedConfig } from "../schema/parse.js";
import type { Plan, PlannedClient, PlannedGrant, PlannedRegistration, PlannedResource } from "./types.js";

/**
 * The IdP-neutral plan of a validated config: pure, and sorted by key throughout so that reordering the
 * file changes nothing downstream.
 */
export function buildPlan(resolved: ResolvedConfig): Plan {
  // A hand-built or JSON-copied object is validated here, so a plan never rests on unchecked input.
  const config = resolveConfig(resolved);
  const clientEntries = sortedEntries(config.clients);
  const grants: PlannedGrant[] = clientEntries.flatMap(([clientKey, client]) =>
    sortedEntries(client.access).map(([resourceKey, scopes]) => ({
      key: `${clientKey}/${resourceKey}`,
      clientKey,
      resourceKey,
      audience: requireResource(config, resourceKey).uri,
      scopes: [...scopes].sort(byCodeUnits),
      offlineAccess: client.refreshTokens !== false,
    })),
  );

  const resources: PlannedResource[] = sortedEntries(config.resources).map(([key, resource]) => {
    const resourceGrants = grants.filter((grant) => grant.resourceKey === key);
    return {
      key,
      uri: resource.uri,
      name: resource.name ?? key,
      documentation: resource.documentation,
      scopes: sortedEntries(resource.scopes).map(([name, scope]) => ({
        name,
        resourceKey: key,
        description: scope.description,
        consent: scope.consent,
        clientKeys: resourceGrants.filter((grant) => grant.scopes.includes(name)).map((grant) => grant.clientKey),
      })),
      accessTokenLifetimeSeconds: resource.accessTokenLifetime,
      offlineAccess: resourceGrants.some((grant) => grant.offlineAccess),
      clientKeys: resourceGrants.map((grant) => grant.clientKey),
    };
  });

  const clients: PlannedClient[] = clientEntries.map(([key, client]) => ({
    key,
    name: client.name ?? key,
    redirectUris: [...client.redirectUris],
    grantTypes: [...client.grantTypes],
    refreshToken: client.refreshTokens
      ? { idleLifetimeSeconds: client.refreshTokens.idleLifetime, absoluteLifetimeSeconds: client.refreshTokens.absoluteLifetime }
      : undefined,
    resourceKeys: sortedEntries(client.access).map(([resourceKey]) => resourceKey),
  }));

  const on = config.registration.dynamic || config.registration.clientIdMetadataDocuments;
  const registration: PlannedRegistration = {
    dynamic: config.registration.dynamic,
    clientIdMetadataDocuments: config.registration.clientIdMetadataDocuments,
    maxClients: config.registration.maxClients,
    metadataDocumentHosts: config.registration.metadataDocumentHosts && [...config.registration.metadataDocumentHosts].sort(byCodeUnits),
    access: on
      ? sortedEntries(config.registration.access).map(([resourceKey, scopes]) => ({
          resourceKey,
          audience: requireResource(config, resourceKey).uri,
          scopes: [...scopes].sort(byCodeUnits),
        }))
      : [],
  };

  return {
    resources,
    clients,
    grants,
    registration,
    settings: { auth0: config.auth0, okta: config.okta, keycloak: config.keycloak },
  };
}

function requireResource(config: ResolvedConfig, key: string) {
  const resource = config.resources[key];
  // parseConfig guarantees every access entry names a declared resource.
  if (resource === undefined) throw new Error(`buildPlan: access names undeclared resource "${key}"`);
  return resource;
}

/** Plain code-unit order: the same on every machine and locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => byCodeUnits(a, b));
}
