import * as auth0 from "@pulumi/auth0";
import { byCodeUnits, sortedEntries, type SyntheticConfig } from "../configs.js";

/**
 * The Auth0 baseline: the same graph as `Auth0McpAuthorization`, written by hand as provider resources
 * in plain loops over the config — tenant profile, one API and one scopes object per resource, a public
 * native client with its `none` credentials and one grant per (client, resource). No schema, no plan,
 * no specs, no component, no outputs. Handles the benchmark's config shape ({@link SyntheticConfig}).
 * Returns how many resources it declared.
 */
export function declareRawAuth0(name: string, config: SyntheticConfig): number {
  let declared = 1;
  new auth0.Tenant(`${name}-tenant`, { resourceParameterProfile: "compatibility", defaultAudience: "" });

  const clients = sortedEntries(config.clients);
  const apis = new Map<string, { api: auth0.ResourceServer; scopes: auth0.ResourceServerScopes }>();
  for (const [key, resource] of sortedEntries(config.resources)) {
    const scopes = sortedEntries(resource.scopes);
    const api = new auth0.ResourceServer(`${name}-api-${key}`, {
      name: resource.name,
      identifier: resource.uri,
      signingAlg: "RS256",
      tokenDialect: "rfc9068_profile",
      tokenLifetime: resource.accessTokenLifetime,
      allowOfflineAccess: clients.some(([, client]) => client.refreshTokens !== undefined && client.access[key] !== undefined),
      skipConsentForVerifiableFirstPartyClients: scopes.every(([, scope]) => typeof scope === "string"),
      subjectTypeAuthorization: { user: { policy: "require_client_grant" }, client: { policy: "deny_all" } },
    });
    const scopeList = new auth0.ResourceServerScopes(`${name}-api-${key}-scopes`, {
      resourceServerIdentifier: api.identifier,
      scopes: scopes.map(([scopeName, scope]) => ({ name: scopeName, description: typeof scope === "string" ? scope : scope.description })),
    });
    apis.set(key, { api, scopes: scopeList });
    declared += 2;
  }

  for (const [key, client] of clients) {
    const refresh = client.refreshTokens;
    const app = new auth0.Client(`${name}-client-${key}`, {
      name: client.name,
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: [...client.redirectUris],
      grantTypes: refresh ? ["authorization_code", "refresh_token"] : ["authorization_code"],
      jwtConfiguration: { alg: "RS256" },
      ...(refresh
        ? {
            refreshToken: {
              rotationType: "rotating",
              expirationType: "expiring",
              leeway: 0,
              tokenLifetime: refresh.absoluteLifetime,
              infiniteTokenLifetime: false,
              idleTokenLifetime: refresh.idleLifetime,
              infiniteIdleTokenLifetime: false,
            },
          }
        : {}),
    });
    new auth0.ClientCredentials(`${name}-client-${key}-credentials`, { clientId: app.clientId, authenticationMethod: "none" });
    declared += 2;
    for (const [resourceKey, scopes] of sortedEntries(client.access)) {
      const target = apis.get(resourceKey);
      if (!target) throw new Error(`client ${key} names undeclared resource ${resourceKey}`);
      new auth0.ClientGrant(
        `${name}-grant-${key}.${resourceKey}`,
        { clientId: app.clientId, audience: target.api.identifier, scopes: [...scopes].sort(byCodeUnits), subjectType: "user" },
        { dependsOn: [target.scopes] },
      );
      declared++;
    }
  }
  return declared;
}
