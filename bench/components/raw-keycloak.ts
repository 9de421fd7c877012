import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import { byCodeUnits, sortedEntries, type SyntheticConfig } from "../configs.js";

/**
 * The Keycloak baseline: the same graph as `KeycloakMcpAuthorization`, written by hand as provider
 * resources in plain loops over the config — the realm, per scope a client scope with an audience mapper,
 * per agent a public PKCE client with its two authoritative scope lists. No schema, no plan, no specs,
 * no component, no outputs. Handles the benchmark's config shape ({@link SyntheticConfig}) with
 * `keycloak.createRealm: true`. Returns how many resources it declared.
 */
export function declareRawKeycloak(name: string, config: SyntheticConfig): number {
  if (!config.keycloak.createRealm) throw new Error("the raw Keycloak baseline handles keycloak.createRealm: true only");
  const resources = sortedEntries(config.resources);
  const clients = sortedEntries(config.clients);
  const refresh = clients.flatMap(([, client]) => (client.refreshTokens ? [client.refreshTokens] : []));
  const realm = new keycloak.Realm(`${name}-realm`, {
    realm: config.keycloak.realm,
    enabled: true,
    defaultSignatureAlgorithm: "RS256",
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    accessTokenLifespan: `${Math.min(...resources.map(([, resource]) => resource.accessTokenLifetime))}s`,
    ...(refresh.length > 0
      ? {
          offlineSessionIdleTimeout: `${Math.max(...refresh.map((token) => token.idleLifetime))}s`,
          offlineSessionMaxLifespanEnabled: true,
          offlineSessionMaxLifespan: `${Math.max(...refresh.map((token) => token.absoluteLifetime))}s`,
        }
      : {}),
  });
  let declared = 1;

  const scopeObjects = new Map<string, pulumi.Resource[]>();
  for (const [, resource] of resources) {
    for (const [scopeName, scope] of sortedEntries(resource.scopes)) {
      const description = typeof scope === "string" ? scope : scope.description;
      const clientScope = new keycloak.openid.ClientScope(`${name}-scope-${scopeName}`, {
        realmId: realm.realm,
        name: scopeName,
        description,
        consentScreenText: description,
        includeInTokenScope: true,
      });
      const mapper = new keycloak.openid.AudienceProtocolMapper(`${name}-audience-${scopeName}`, {
        realmId: realm.realm,
        clientScopeId: clientScope.id,
        name: "mcp-resource-audience",
        includedCustomAudience: resource.uri,
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      });
      scopeObjects.set(scopeName, [clientScope, mapper]);
      declared += 2;
    }
  }

  for (const [key, client] of clients) {
    const granted = sortedEntries(client.access);
    const grantedScopes = granted.flatMap(([, scopes]) => [...scopes].sort(byCodeUnits));
    const lifetimes = granted.map(([resourceKey]) => config.resources[resourceKey]?.accessTokenLifetime ?? Number.NaN);
    const consentRequired = granted.some(([resourceKey, scopes]) => scopes.some((scope) => typeof config.resources[resourceKey]?.scopes[scope] === "object"));
    const app = new keycloak.openid.Client(`${name}-client-${key}`, {
      realmId: realm.realm,
      clientId: key,
      name: client.name,
      accessType: "PUBLIC",
      enabled: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      pkceCodeChallengeMethod: "S256",
      validRedirectUris: [...client.redirectUris],
      fullScopeAllowed: false,
      consentRequired,
      accessTokenLifespan: String(Math.min(...lifetimes)),
      useRefreshTokens: client.refreshTokens !== undefined,
      ...(client.refreshTokens
        ? {
            clientOfflineSessionIdleTimeout: String(client.refreshTokens.idleLifetime),
            clientOfflineSessionMaxLifespan: String(client.refreshTokens.absoluteLifetime),
          }
        : {}),
    });
    const defaults = new keycloak.openid.ClientDefaultScopes(`${name}-client-${key}-default-scopes`, { realmId: realm.realm, clientId: app.id, defaultScopes: ["basic"] });
    new keycloak.openid.ClientOptionalScopes(
      `${name}-client-${key}-optional-scopes`,
      { realmId: realm.realm, clientId: app.id, optionalScopes: [...grantedScopes, ...(client.refreshTokens ? ["offline_access"] : [])].sort(byCodeUnits) },
      { dependsOn: [defaults, ...grantedScopes.flatMap((scope) => scopeObjects.get(scope) ?? [])] },
    );
    declared += 3;
  }
  return declared;
}
