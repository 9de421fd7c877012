import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { translateOkta } from "../../src/idp/okta/translate.js";
import { OKTA_TYPES } from "../../src/idp/okta/translate-names.js";
import { ref, type ResourceSpec } from "../../src/idp/spec.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import type { Plan } from "../../src/plan/types.js";
import { ConfigError } from "../../src/schema/config-error.js";
import { parseConfig } from "../../src/schema/parse.js";
import { validConfigArbitrary } from "../support/arbitraries.js";
import { reversedConfig } from "../support/configs.js";
import { thrownBy } from "../support/thrown.js";

const GROUP_ID = "00g1abcdefghijklmnop";
const oktaConfigs = validConfigArbitrary({ lifetimes: "okta", oktaGroups: ["EVERYONE", "Engineers", GROUP_ID] });
const RUNS = { numRuns: 150 };

const translate = (config: unknown) => {
  const plan = buildPlan(parseConfig(config));
  return { plan, specs: translateOkta(plan, { name: "mcp" }) };
};
const ofType = (specs: readonly ResourceSpec[], type: string) => specs.filter((spec) => spec.type === type);
const onServer = (resourceKey: string) => (spec: ResourceSpec) => JSON.stringify(spec.args["authServerId"]) === JSON.stringify(ref(`server/${resourceKey}`, "id"));
const sorted = (values: readonly string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** P of the object count formula, computed from the plan independently of the translation. */
function distinctGrants(plan: Plan): number {
  return plan.resources.reduce((total, resource) => {
    const grants = plan.grants
      .filter((grant) => grant.resourceKey === resource.key)
      .map((grant) => JSON.stringify([grant.scopes, plan.clients.find((client) => client.key === grant.clientKey)?.refreshToken ?? null]));
    return total + new Set(grants).size;
  }, 0);
}

describe("Okta translation keeps SECURITY.md §B for any config Okta can hold", () => {
  it("B.1: one server per resource, whose only audience is the resource URI byte for byte; audiences are distinct", () => {
    fc.assert(
      fc.property(oktaConfigs, (config) => {
        const { plan, specs } = translate(config);
        const servers = ofType(specs, OKTA_TYPES.server);
        expect(servers.map((server) => server.key)).toEqual(plan.resources.map((resource) => `server/${resource.key}`));
        expect(servers.map((server) => server.args["audiences"])).toEqual(plan.resources.map((resource) => [resource.uri]));
        expect(new Set(servers.map((server) => (server.args["audiences"] as string[])[0])).size).toBe(servers.length);
        for (const server of servers) expect(Object.keys(server.args).sort()).toEqual(["audiences", "description", "issuerMode", "name"]);
      }),
      RUNS,
    );
  });

  it("B.2: each server admits exactly the granted clients, each through one policy whose rule allows exactly its scopes, code flow only", () => {
    fc.assert(
      fc.property(oktaConfigs, (config) => {
        const { plan, specs } = translate(config);
        const groups = plan.settings.okta?.groups ?? ["EVERYONE"];
        for (const resource of plan.resources) {
          const policies = ofType(specs, OKTA_TYPES.policy).filter(onServer(resource.key));
          const admitted = policies.flatMap((policy) => policy.args["clientWhitelists"] as unknown[]);
          expect(admitted).toHaveLength(resource.clientKeys.length);
          expect(new Set(admitted.map((entry) => JSON.stringify(entry)))).toEqual(new Set(resource.clientKeys.map((key) => JSON.stringify(ref(`client/${key}`, "clientId")))));
          expect(policies.map((policy) => policy.args["priority"])).toEqual(policies.map((_, index) => index + 1));
          policies.forEach((policy, index) => expect(policy.dependsOn).toEqual(index === 0 ? [] : [(policies[index - 1] as ResourceSpec).key]));

          const serverScopes = new Set(ofType(specs, OKTA_TYPES.scope).filter(onServer(resource.key)).map((scope) => scope.args["name"]));
          expect(serverScopes).toEqual(new Set(resource.scopes.map((scope) => scope.name)));
          for (const policy of policies) {
            const rules = ofType(specs, OKTA_TYPES.rule).filter((rule) => JSON.stringify(rule.args["policyId"]) === JSON.stringify(ref(policy.key, "id")));
            expect(rules).toHaveLength(1);
            const rule = rules[0] as ResourceSpec;
            expect(rule.args["grantTypeWhitelists"]).toEqual(["authorization_code"]);
            expect(rule.args["accessTokenLifetimeMinutes"]).toBe(resource.accessTokenLifetimeSeconds / 60);
            expect((rule.args["groupWhitelists"] as unknown[]).length).toBe(new Set(groups).size);
            for (const whitelisted of policy.args["clientWhitelists"] as Array<{ $ref: string }>) {
              const clientKey = whitelisted.$ref.slice("client/".length);
              const grant = plan.grants.find((candidate) => candidate.clientKey === clientKey && candidate.resourceKey === resource.key);
              const client = plan.clients.find((candidate) => candidate.key === clientKey);
              expect(sorted(rule.args["scopeWhitelists"] as string[])).toEqual(sorted(["openid", ...(grant?.scopes ?? []), ...(client?.refreshToken ? ["offline_access"] : [])]));
              expect(rule.args["refreshTokenWindowMinutes"]).toBe(client?.refreshToken ? client.refreshToken.idleLifetimeSeconds / 60 : undefined);
              expect(rule.args["refreshTokenLifetimeMinutes"]).toBe(client?.refreshToken ? client.refreshToken.absoluteLifetimeSeconds / 60 : undefined);
            }
            for (const scope of rule.args["scopeWhitelists"] as string[]) expect(scope === "openid" || scope === "offline_access" || serverScopes.has(scope)).toBe(true);
          }
        }
        for (const scope of ofType(specs, OKTA_TYPES.scope)) expect(scope.args["default"]).toBe(false);
      }),
      RUNS,
    );
  });

  it("B.3, B.4: every app is public, PKCE-only, code flow, redirect URIs exactly as declared; refresh tokens rotate with no reuse leeway", () => {
    fc.assert(
      fc.property(oktaConfigs, (config) => {
        const { plan, specs } = translate(config);
        const apps = ofType(specs, OKTA_TYPES.app);
        expect(apps.map((app) => app.key)).toEqual(plan.clients.map((client) => `client/${client.key}`));
        for (const client of plan.clients) {
          const app = apps.find((candidate) => candidate.key === `client/${client.key}`) as ResourceSpec;
          const declared = (config.clients as Record<string, { redirectUris: string[] }>)[client.key];
          expect(app.args).toMatchObject({ type: "native", tokenEndpointAuthMethod: "none", pkceRequired: true, omitSecret: true, responseTypes: ["code"], wildcardRedirect: "DISABLED" });
          expect(app.args["redirectUris"]).toEqual(declared?.redirectUris);
          expect(app.args["grantTypes"]).toEqual(client.refreshToken ? ["authorization_code", "refresh_token"] : ["authorization_code"]);
          expect(app.args["refreshTokenRotation"]).toBe(client.refreshToken ? "ROTATE" : undefined);
          expect(app.args["refreshTokenLeeway"]).toBe(client.refreshToken ? 0 : undefined);
          for (const secret of ["clientBasicSecret", "clientBasicSecretWo", "clientId", "jwks", "jwksUri"]) expect(app.args).not.toHaveProperty(secret);
        }
      }),
      RUNS,
    );
  });

  it("B.6: exactly R + S + 2·P + 2·C resources, refs and dependsOn point backwards, and a reordered file gives identical specs", () => {
    fc.assert(
      fc.property(oktaConfigs, (config) => {
        const { plan, specs } = translate(config);
        const reads = specs.filter((spec) => spec.type === OKTA_TYPES.everyoneGroup || spec.type === OKTA_TYPES.group);
        const scopeCount = plan.resources.reduce((total, resource) => total + resource.scopes.length, 0);
        expect(specs.length - reads.length).toBe(plan.resources.length + scopeCount + 2 * distinctGrants(plan) + 2 * plan.clients.length);
        expect(reads.every((read) => Object.keys(read.args).length <= 1 && read.dependsOn.length === 0)).toBe(true);
        if (plan.clients.length === 0) expect(reads).toEqual([]);
        for (const spec of specs) {
          // Names carry the component name and schema keys only: never a position.
          expect(spec.name.startsWith("mcp-")).toBe(true);
          const refs = JSON.stringify(spec.args).match(/"\$ref":"[^"]+"/g) ?? [];
          for (const target of [...refs.map((r) => r.slice(8, -1)), ...spec.dependsOn]) {
            expect(specs.findIndex((candidate) => candidate.key === target)).toBeLessThan(specs.indexOf(spec));
          }
        }
        expect(translate(reversedConfig(config)).specs).toEqual(specs);
      }),
      RUNS,
    );
  });
});

describe("Okta translation of any schema-valid config", () => {
  /** Whether Okta can hold the config's lifetimes and features, decided from the plan alone. */
  function oktaCanHold(plan: Plan): boolean {
    const minutes = (seconds: number) => seconds % 60 === 0;
    const resourcesOk = plan.resources.every((r) => minutes(r.accessTokenLifetimeSeconds) && r.accessTokenLifetimeSeconds >= 300 && r.accessTokenLifetimeSeconds <= 86_400);
    const clientsOk = plan.clients.every((client) => {
      const refresh = client.refreshToken;
      if (!refresh) return true;
      const window = refresh.idleLifetimeSeconds;
      const longestAccessToken = Math.max(...plan.resources.filter((r) => client.resourceKeys.includes(r.key)).map((r) => r.accessTokenLifetimeSeconds));
      return minutes(window) && minutes(refresh.absoluteLifetimeSeconds) && window >= 300 && refresh.absoluteLifetimeSeconds >= 600 && window >= longestAccessToken;
    });
    return resourcesOk && clientsOk && !plan.registration.dynamic && !plan.registration.clientIdMetadataDocuments;
  }

  it("translates exactly the configs Okta can hold, and refuses the rest with a ConfigError naming Okta on every issue", () => {
    fc.assert(
      fc.property(validConfigArbitrary({ lifetimes: "any", registration: true }), (config) => {
        const plan = buildPlan(parseConfig(config));
        const error = thrownBy(() => translateOkta(plan, { name: "mcp" }));
        expect(error === undefined).toBe(oktaCanHold(plan));
        if (error !== undefined) {
          expect(error).toBeInstanceOf(ConfigError);
          for (const issue of (error as ConfigError).issues) expect(issue.message).toContain("Okta");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the arbitrary itself", () => {
  it("produces configs with clients, refresh tokens and named groups often enough to matter", () => {
    const samples = fc.sample(oktaConfigs, { numRuns: 200, seed: 7 });
    const plans = samples.map((config) => buildPlan(parseConfig(config)));
    expect(plans.filter((plan) => plan.clients.length >= 2).length).toBeGreaterThan(40);
    expect(plans.filter((plan) => plan.clients.some((client) => client.refreshToken)).length).toBeGreaterThan(40);
    expect(plans.filter((plan) => plan.settings.okta?.groups.includes("Engineers")).length).toBeGreaterThan(20);
    const anyPlans = fc.sample(validConfigArbitrary({ lifetimes: "any", registration: true }), { numRuns: 200, seed: 7 }).map((config) => buildPlan(parseConfig(config)));
    const refused = anyPlans.filter((plan) => {
      try {
        translateOkta(plan, { name: "mcp" });
        return false;
      } catch {
        return true;
      }
    }).length;
    expect(refused).toBeGreaterThan(20);
    expect(anyPlans.length - refused).toBeGreaterThan(20);
  });
});
