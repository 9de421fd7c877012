import * as okta from "@pulumi/okta";
import type * as pulumi from "@pulumi/pulumi";
import { byCodeUnits, sortedEntries, type SyntheticConfig } from "../configs.js";

/**
 * The Okta baseline: the same graph as `OktaMcpAuthorization`, written by hand as provider resources in
 * plain loops over the config — what a team would write without the library. No schema, no plan, no
 * specs, no component, no outputs; the knowledge is the same (one authorization server per resource,
 * one policy + rule per distinct grant, chained priorities), because the graph must be identical.
 * Handles the benchmark's config shape ({@link SyntheticConfig}), with `okta.groups: [EVERYONE]`.
 * Returns how many resources it declared.
 */
export function declareRawOkta(name: string, config: SyntheticConfig): number {
  let declared = 0;
  const count = <T>(resource: T): T => {
    declared++;
    return resource;
  };
  if (config.okta.groups.length !== 1 || config.okta.groups[0] !== "EVERYONE") throw new Error("the raw Okta baseline handles okta.groups: [EVERYONE] only");
  const everyone = okta.group.getEveryoneGroupOutput({});

  const clients = sortedEntries(config.clients);
  const apps = new Map<string, okta.app.OAuth>();
  for (const [key, client] of clients) {
    const asksConsent = Object.entries(client.access).some(([resourceKey, scopes]) =>
      scopes.some((scope) => typeof config.resources[resourceKey]?.scopes[scope] === "object"),
    );
    const app = count(
      new okta.app.OAuth(`${name}-client-${key}`, {
        label: client.name,
        type: "native",
        tokenEndpointAuthMethod: "none",
        pkceRequired: true,
        omitSecret: true,
        grantTypes: client.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"],
        responseTypes: ["code"],
        redirectUris: [...client.redirectUris],
        wildcardRedirect: "DISABLED",
        consentMethod: asksConsent ? "REQUIRED" : "TRUSTED",
        ...(client.refreshTokens ? { refreshTokenRotation: "ROTATE", refreshTokenLeeway: 0 } : {}),
      }),
    );
    apps.set(key, app);
    count(new okta.AppGroupAssignments(`${name}-groups-${key}`, { appId: app.id, groups: [{ id: everyone.id, profile: "{}" }] }));
  }

  for (const [key, resource] of sortedEntries(config.resources)) {
    const server = count(
      new okta.auth.Server(`${name}-api-${key}`, {
        name: `${name}-${key}`,
        description: `MCP resource ${resource.name} (${resource.uri}), managed by pulumi-mcp-auth`,
        audiences: [resource.uri],
        issuerMode: "ORG_URL",
      }),
    );
    const scopes = new Map<string, okta.auth.ServerScope>();
    for (const [scopeName, scope] of sortedEntries(resource.scopes)) {
      const required = typeof scope === "object";
      scopes.set(
        scopeName,
        count(
          new okta.auth.ServerScope(`${name}-scope-${key}/${scopeName}`, {
            authServerId: server.id,
            name: scopeName,
            description: required ? scope.description : scope,
            consent: required ? "REQUIRED" : "IMPLICIT",
            metadataPublish: "ALL_CLIENTS",
            default: false,
          }),
        ),
      );
    }

    // Clients with the same scopes and refresh lifetimes share one policy; the first client names it.
    const policies = new Map<string, { first: string; clients: string[]; scopes: string[]; refresh: SyntheticConfig["clients"][string]["refreshTokens"] }>();
    for (const [clientKey, client] of clients) {
      const granted = client.access[key];
      if (!granted) continue;
      const scopeList = [...granted].sort(byCodeUnits);
      const identity = `${scopeList.join(" ")}|${client.refreshTokens ? `${client.refreshTokens.idleLifetime}/${client.refreshTokens.absoluteLifetime}` : "-"}`;
      const policy = policies.get(identity);
      if (policy) policy.clients.push(clientKey);
      else policies.set(identity, { first: clientKey, clients: [clientKey], scopes: scopeList, refresh: client.refreshTokens });
    }
    let previous: okta.auth.ServerPolicy | undefined;
    let priority = 0;
    for (const policy of policies.values()) {
      priority++;
      const declaredPolicy: okta.auth.ServerPolicy = count(
        new okta.auth.ServerPolicy(
          `${name}-policy-${key}/${policy.first}`,
          {
            authServerId: server.id,
            name: `clients-${policy.first}`,
            description: `Admits ${policy.clients.join(", ")} to ${resource.uri} with ${policy.scopes.join(" ")}${policy.refresh ? " + offline_access" : ""}`,
            priority,
            clientWhitelists: policy.clients.map((clientKey) => (apps.get(clientKey) as okta.app.OAuth).clientId),
          },
          previous ? { dependsOn: [previous] } : {},
        ),
      );
      count(
        new okta.auth.ServerPolicyRule(
          `${name}-rule-${key}/${policy.first}`,
          {
            authServerId: server.id,
            policyId: declaredPolicy.id,
            name: `scopes-${policy.first}`,
            priority: 1,
            grantTypeWhitelists: ["authorization_code"],
            scopeWhitelists: ["openid", ...policy.scopes, ...(policy.refresh ? ["offline_access"] : [])],
            groupWhitelists: ["EVERYONE"],
            accessTokenLifetimeMinutes: resource.accessTokenLifetime / 60,
            ...(policy.refresh
              ? { refreshTokenWindowMinutes: policy.refresh.idleLifetime / 60, refreshTokenLifetimeMinutes: policy.refresh.absoluteLifetime / 60 }
              : {}),
          },
          { dependsOn: policy.scopes.map((scope) => scopes.get(scope) as pulumi.Resource) },
        ),
      );
      previous = declaredPolicy;
    }
  }
  return declared;
}
