import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KEYCLOAK_BUILTIN_CLIENTS, KEYCLOAK_BUILTIN_SCOPES, KEYCLOAK_TYPES } from "../../src/idp/keycloak/keycloak-names.js";
import { translateKeycloak } from "../../src/idp/keycloak/translate.js";
import { isOutputRef, type ResourceSpec } from "../../src/idp/spec.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { ConfigError, parseConfig } from "../../src/schema/index.js";
import { mcpConfigArbitrary, reversedRecords } from "../support/keycloak-arbitraries.js";
import { thrownBy } from "../support/thrown.js";

const keycloakConfigs = mcpConfigArbitrary({
  avoidClientKeys: KEYCLOAK_BUILTIN_CLIENTS,
  sections: {
    keycloak: fc.record({
      realm: fc.constantFrom("mcp", "agents.prod"),
      createRealm: fc.boolean(),
      // An existing realm holds refresh-token clients only when the file states it rotates them; the
      // refusal otherwise has its own property below.
      realmRotatesRefreshTokens: fc.constant(true),
      nativeResourceIndicators: fc.boolean(),
    }),
  },
});

const translate = (config: unknown) => translateKeycloak(buildPlan(parseConfig(config)), { name: "kc" });
const ofType = (specs: ResourceSpec[], type: string) => specs.filter((spec) => spec.type === type);
const isResourceClient = (spec: ResourceSpec) => spec.type === KEYCLOAK_TYPES.client && spec.args["accessType"] === "BEARER-ONLY";
/** Agent clients only: the bearer-only resource clients of `nativeResourceIndicators` stand for resources. */
const agentClients = (specs: ResourceSpec[]) => ofType(specs, KEYCLOAK_TYPES.client).filter((spec) => !isResourceClient(spec));

/** The audience a mapper adds: its custom audience, or the clientId of the resource client it names. */
function audienceOf(mapper: ResourceSpec, specs: ResourceSpec[]): unknown {
  const client = mapper.args["includedClientAudience"];
  if (client === undefined) return mapper.args["includedCustomAudience"];
  expect(mapper.args).not.toHaveProperty("includedCustomAudience");
  const target = specs.find((spec) => isOutputRef(client) && spec.key === client.$ref);
  expect(target && isResourceClient(target) && (client as any).output === "clientId").toBe(true);
  return target?.args["clientId"];
}

/** Scope name → resource URI, and client key → granted scopes, as the file declares them. */
function declared(config: Record<string, any>) {
  const scopeAudience = new Map<string, string>();
  for (const resource of Object.values<any>(config.resources)) {
    for (const scope of Object.keys(resource.scopes)) scopeAudience.set(scope, resource.uri);
  }
  const granted = new Map<string, string[]>(
    Object.entries<any>(config.clients).map(([key, client]) => [key, Object.values<string[]>(client.access).flat().sort()]),
  );
  return { scopeAudience, granted };
}

describe("every Keycloak translation keeps SECURITY.md §B", () => {
  it("declares exactly R + N·native + 2·S + 3·C objects of the six known types", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        const specs = translate(config);
        const scopes = declared(config).scopeAudience.size;
        const clients = Object.keys(config.clients).length;
        const resources = config.keycloak.nativeResourceIndicators ? Object.keys(config.resources).length : 0;
        expect(specs).toHaveLength((config.keycloak.createRealm ? 1 : 0) + resources + 2 * scopes + 3 * clients);
        expect(specs.every((spec) => Object.values(KEYCLOAK_TYPES).includes(spec.type as never))).toBe(true);
      }),
    );
  });

  it("§B.1: each scope's mapper adds exactly its resource URI to the access token only; distinct resources, distinct audiences", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        const specs = translate(config);
        const { scopeAudience } = declared(config);
        const scopeKeyByName = new Map(ofType(specs, KEYCLOAK_TYPES.clientScope).map((spec) => [spec.args["name"], spec.key]));
        expect(new Set(scopeKeyByName.keys())).toEqual(new Set(scopeAudience.keys()));
        const mappers = ofType(specs, KEYCLOAK_TYPES.audienceMapper);
        expect(mappers).toHaveLength(scopeAudience.size);
        for (const [scope, uri] of scopeAudience) {
          const onScope = mappers.filter((mapper) => isOutputRef(mapper.args["clientScopeId"]) && (mapper.args["clientScopeId"] as any).$ref === scopeKeyByName.get(scope));
          expect(onScope.map((mapper) => mapper.args)).toEqual([expect.objectContaining({ addToAccessToken: true, addToIdToken: false })]);
          expect(audienceOf(onScope[0]!, specs)).toBe(uri);
          expect(onScope[0]?.args).not.toHaveProperty("clientId");
        }
        const audiences = new Set(mappers.map((mapper) => audienceOf(mapper, specs)));
        expect(audiences).toEqual(new Set(Object.values<any>(config.resources).map((resource) => resource.uri)));
        expect(audiences.size).toBe(Object.keys(config.resources).length);
        for (const scope of ofType(specs, KEYCLOAK_TYPES.clientScope)) expect(scope.args["includeInTokenScope"]).toBe(true);
        // A resource client can obtain no token of its own, and exists only with the option.
        const resourceClients = ofType(specs, KEYCLOAK_TYPES.client).filter(isResourceClient);
        expect(resourceClients.map((client) => client.args["clientId"]).sort()).toEqual(
          config.keycloak.nativeResourceIndicators ? Object.values<any>(config.resources).map((resource) => resource.uri).sort() : [],
        );
        for (const client of resourceClients) {
          expect(client.args).toMatchObject({ standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false, fullScopeAllowed: false });
          expect(client.args["extraConfig"]).toEqual({ resource_url: client.args["clientId"] });
        }
      }),
    );
  });

  it("§B.2: only declared clients exist; each holds exactly its granted scopes as optional, no MCP scope as default, no role scope", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        const specs = translate(config);
        const { granted, scopeAudience } = declared(config);
        const clients = agentClients(specs);
        expect(clients.map((client) => client.args["clientId"]).sort()).toEqual([...granted.keys()].sort());
        for (const client of clients) {
          const key = client.args["clientId"] as string;
          const byClient = (spec: ResourceSpec) => (spec.args["clientId"] as any).$ref === client.key;
          const optional = ofType(specs, KEYCLOAK_TYPES.optionalScopes).filter(byClient);
          const defaults = ofType(specs, KEYCLOAK_TYPES.defaultScopes).filter(byClient);
          const refresh = config.clients[key].refreshTokens !== false;
          expect(optional.map((spec) => [...(spec.args["optionalScopes"] as string[])].sort())).toEqual([
            [...granted.get(key)!, ...(refresh ? ["offline_access"] : [])].sort(),
          ]);
          expect(defaults.map((spec) => spec.args["defaultScopes"])).toEqual([["basic"]]);
          expect(client.args["fullScopeAllowed"]).toBe(false);
          expect((defaults[0]?.args["defaultScopes"] as string[]).some((scope) => scopeAudience.has(scope))).toBe(false);
        }
      }),
    );
  });

  it("§B.3: every client is public, code flow only, PKCE S256, redirect URIs exactly as declared", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        for (const client of agentClients(translate(config))) {
          const declaredClient = config.clients[client.args["clientId"] as string];
          expect(client.args).toMatchObject({
            accessType: "PUBLIC",
            standardFlowEnabled: true,
            implicitFlowEnabled: false,
            directAccessGrantsEnabled: false,
            serviceAccountsEnabled: false,
            pkceCodeChallengeMethod: "S256",
            validRedirectUris: declaredClient.redirectUris,
          });
          expect(Object.keys(client.args).filter((name) => /secret/i.test(name))).toEqual([]);
        }
      }),
    );
  });

  it("§B.4–5: refresh tokens only where declared; a created realm rotates them single-use and signs with RS256", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        const specs = translate(config);
        for (const client of agentClients(specs)) {
          expect(client.args["useRefreshTokens"]).toBe(config.clients[client.args["clientId"] as string].refreshTokens !== false);
        }
        const realms = ofType(specs, KEYCLOAK_TYPES.realm);
        expect(realms).toHaveLength(config.keycloak.createRealm ? 1 : 0);
        for (const realm of realms) {
          expect(realm.args).toMatchObject({ realm: config.keycloak.realm, revokeRefreshToken: true, refreshTokenMaxReuse: 0, defaultSignatureAlgorithm: "RS256" });
        }
      }),
    );
  });

  it("§B.6: names come from the component name and schema keys only, so a reordered file yields the same objects", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        const specs = translate(config);
        expect(translate(reversedRecords(config))).toEqual(specs);
        const { scopeAudience, granted } = declared(config);
        const allowed = new Set([
          ...(config.keycloak.createRealm ? ["kc-realm"] : []),
          ...(config.keycloak.nativeResourceIndicators ? Object.keys(config.resources).map((key) => `kc-resource-${key}`) : []),
          ...[...scopeAudience.keys()].flatMap((scope) => [`kc-scope-${scope}`, `kc-audience-${scope}`]),
          ...[...granted.keys()].flatMap((key) => [`kc-client-${key}`, `kc-client-${key}-default-scopes`, `kc-client-${key}-optional-scopes`]),
        ]);
        expect(new Set(specs.map((spec) => spec.name))).toEqual(allowed);
      }),
    );
  });

  it("refuses any scope named like one of Keycloak's built-in scopes, at that scope's path", () => {
    const builtins = KEYCLOAK_BUILTIN_SCOPES.filter((name) => !["openid", "offline_access", "profile", "email"].includes(name));
    fc.assert(
      fc.property(keycloakConfigs, fc.constantFrom(...builtins), fc.boolean(), (config, builtin, upper) => {
        const [resourceKey, resource] = Object.entries<any>(config.resources)[0]!;
        const name = upper ? builtin.toUpperCase() : builtin;
        resource.scopes[name] = "Collides";
        const thrown = thrownBy(() => translate(config));
        expect(thrown).toBeInstanceOf(ConfigError);
        expect((thrown as ConfigError).issues).toEqual([
          expect.objectContaining({ path: `resources.${resourceKey}.scopes.${name}`, message: expect.stringContaining("Keycloak") }),
        ]);
      }),
    );
  });

  it("§B.4: on a realm it does not create, refuses every refresh-token client unless the file states the realm rotates them", () => {
    fc.assert(
      fc.property(keycloakConfigs, (config) => {
        config.keycloak.createRealm = false;
        delete config.keycloak.realmRotatesRefreshTokens;
        const refreshing = Object.keys(config.clients)
          .filter((key) => config.clients[key].refreshTokens !== false && config.clients[key].refreshTokens !== undefined)
          .sort();
        const thrown = thrownBy(() => translate(config));
        if (refreshing.length === 0) {
          expect(thrown).toBeUndefined();
          return;
        }
        expect(thrown).toBeInstanceOf(ConfigError);
        expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual(refreshing.map((key) => `clients.${key}.refreshTokens`));
        config.keycloak.realmRotatesRefreshTokens = true;
        expect(thrownBy(() => translate(config))).toBeUndefined();
      }),
    );
  });

  it("§B.2 with dynamic registration on: six anonymous policies admit exactly the scopes of registration.access, loopback redirects, no mappers, consent, no full scope", () => {
    fc.assert(
      fc.property(keycloakConfigs, fc.integer({ min: 1, max: 10_000 }), (config, maxClients) => {
        config.keycloak.createRealm = true;
        const [resourceKey, resource] = Object.entries<any>(config.resources)[0]!;
        const access = Object.keys(resource.scopes).slice(0, 1);
        config.registration = { dynamic: { maxClients }, access: { [resourceKey]: access } };
        const specs = translate(config);
        const policies = ofType(specs, KEYCLOAK_TYPES.registrationPolicy);
        expect(policies.map((policy) => policy.args["providerId"]).sort()).toEqual(
          ["allowed-client-templates", "allowed-protocol-mappers", "consent-required", "max-clients", "scope", "trusted-hosts"],
        );
        const config_ = (providerId: string) => policies.find((policy) => policy.args["providerId"] === providerId)?.args["config"];
        expect(config_("allowed-client-templates")).toEqual({ "allowed-client-scopes": access.join(","), "allow-default-scopes": "true" });
        expect(config_("trusted-hosts")).toEqual({ "trusted-hosts": "127.0.0.1,[::1],localhost", "host-sending-registration-request-must-match": "false", "client-uris-must-match": "true" });
        expect(config_("allowed-protocol-mappers")).toEqual({ "allowed-protocol-mapper-types": "" });
        const native = config.keycloak.nativeResourceIndicators ? Object.keys(config.resources).length : 0;
        expect(config_("max-clients")).toEqual({ "max-clients": String(maxClients + 6 + Object.keys(config.clients).length + native) });
        for (const policy of policies) expect(policy.args).toMatchObject({ subType: "anonymous", realmId: { $ref: "realm", output: "realm" } });
        // Registration adds nothing else: every other object is the same as without it.
        const without = translate({ ...config, registration: { dynamic: false } });
        expect(specs.filter((spec) => spec.type !== KEYCLOAK_TYPES.registrationPolicy)).toEqual(without);
      }),
    );
  });
});
