import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUTH0_TYPES, auth0ObjectCount, translateAuth0 } from "../../src/idp/auth0/translate.js";
import { isOutputRef, type ResourceSpec } from "../../src/idp/spec.js";
import { buildPlan } from "../../src/plan/index.js";
import { ConfigError, parseConfig, type ResolvedConfig } from "../../src/schema/index.js";
import { broadValidConfigArbitrary, reorderKeys } from "../support/arbitraries.js";

const NAME = "mcp";
const RUNS = { numRuns: 200 };

interface Translated {
  readonly config: ResolvedConfig;
  readonly raw: Record<string, any>;
  readonly specs: readonly ResourceSpec[];
}

// Auth0 refuses the registration limits it cannot enforce (a property below); the invariants hold for the rest.
const translatedArbitrary: fc.Arbitrary<Translated> = broadValidConfigArbitrary({ registrationLimits: false }).map((raw) => {
  const config = parseConfig(raw);
  return { config, raw, specs: translateAuth0(buildPlan(config), { name: NAME }) };
});

const ofType = (specs: readonly ResourceSpec[], type: string) => specs.filter((spec) => spec.type === type);

/** The value a ref stands for, read from the referenced spec's args (`clientId` has none: it names the spec). */
function resolve(specs: readonly ResourceSpec[], value: unknown): unknown {
  if (!isOutputRef(value)) return value;
  const target = specs.find((spec) => spec.key === value.$ref);
  if (target === undefined) throw new Error(`dangling ref ${value.$ref}`);
  return value.output === "clientId" ? `client-id-of:${target.key}` : target.args[value.output];
}

/** What the user wrote, the way the audience must read: scheme and host lower-cased, default port dropped. */
function expectedAudience(rawUri: string): string {
  const [, scheme = "", authority = "", path = ""] = /^([^:]+):\/\/([^/]+)(.*)$/.exec(rawUri) ?? [];
  const lowerScheme = scheme.toLowerCase();
  const defaultPort = lowerScheme === "https" ? ":443" : ":80";
  const host = authority.toLowerCase().endsWith(defaultPort) ? authority.toLowerCase().slice(0, -defaultPort.length) : authority.toLowerCase();
  return `${lowerScheme}://${host}${path}`;
}

/** Grants as comparable tuples: client spec, audience, sorted scopes. */
function grantsOf(specs: readonly ResourceSpec[]) {
  return ofType(specs, AUTH0_TYPES.clientGrant)
    .filter((spec) => spec.args["defaultFor"] === undefined)
    .map((spec) => ({
      client: resolve(specs, spec.args["clientId"]),
      audience: resolve(specs, spec.args["audience"]),
      scopes: spec.args["scopes"],
      subjectType: spec.args["subjectType"],
    }));
}

describe("Auth0 translation keeps SECURITY.md §B for every valid config", () => {
  it("B.1: each resource is one API whose identifier is its URI exactly; identifiers are distinct", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, raw, specs }) => {
        const apis = ofType(specs, AUTH0_TYPES.resourceServer);
        const identifiers = apis.map((api) => api.args["identifier"]);
        expect(identifiers).toEqual(Object.keys(config.resources).sort().map((key) => expectedAudience(raw["resources"][key].uri)));
        expect(new Set(identifiers).size).toBe(identifiers.length);
        for (const [key, resource] of Object.entries(config.resources)) {
          expect(specs.find((spec) => spec.key === `api/${key}`)?.args["identifier"]).toBe(resource.uri);
          const scopes = specs.find((spec) => spec.key === `scopes/${key}`);
          expect(resolve(specs, scopes?.args["resourceServerIdentifier"])).toBe(resource.uri);
        }
      }),
      RUNS,
    );
  });

  it("B.2: only granted clients hold grants, for granted resources, with exactly the granted scopes", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, specs }) => {
        const expected = Object.entries(config.clients).flatMap(([clientKey, client]) =>
          Object.entries(client.access).map(([resourceKey, scopes]) => ({
            client: `client-id-of:client/${clientKey}`,
            audience: config.resources[resourceKey]?.uri,
            scopes: [...scopes].sort(),
            subjectType: "user",
          })),
        );
        const byKey = (a: { client: unknown; audience: unknown }) => `${String(a.client)} ${String(a.audience)}`;
        const sortGrants = <T extends { client: unknown; audience: unknown }>(list: T[]) => [...list].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
        expect(sortGrants(grantsOf(specs))).toEqual(sortGrants(expected));
        // Without a grant nothing gets a token: users only through client grants, clients never on their own.
        for (const api of ofType(specs, AUTH0_TYPES.resourceServer)) {
          expect(api.args["subjectTypeAuthorization"]).toEqual({ user: { policy: "require_client_grant" }, client: { policy: "deny_all" } });
        }
        // Every scope of the file exists on its API, granted or not, and nowhere else.
        for (const [key, resource] of Object.entries(config.resources)) {
          const declared = specs.find((spec) => spec.key === `scopes/${key}`)?.args["scopes"] as Array<{ name: string }>;
          expect(declared.map((scope) => scope.name)).toEqual(Object.keys(resource.scopes).sort());
        }
      }),
      RUNS,
    );
  });

  it("B.2: run-time registered clients get exactly registration.access, and only while registration is on", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, specs }) => {
        const defaults = ofType(specs, AUTH0_TYPES.clientGrant).filter((spec) => spec.args["defaultFor"] !== undefined);
        const on = config.registration.dynamic || config.registration.clientIdMetadataDocuments;
        const expected = on
          ? Object.entries(config.registration.access).map(([key, scopes]) => ({ audience: config.resources[key]?.uri, scopes: [...scopes].sort() }))
          : [];
        const actual = defaults.map((spec) => {
          expect(spec.args["defaultFor"]).toBe("third_party_clients");
          expect(spec.args["subjectType"]).toBe("user");
          expect(spec.args).not.toHaveProperty("clientId");
          return { audience: resolve(specs, spec.args["audience"]), scopes: spec.args["scopes"] };
        });
        const byAudience = (a: { audience: unknown }, b: { audience: unknown }) => (String(a.audience) < String(b.audience) ? -1 : 1);
        expect(actual.sort(byAudience)).toEqual(expected.sort(byAudience));
      }),
      RUNS,
    );
  });

  it("B.3: every client is public, authorization code only (+ refresh), with its redirect URIs exactly as declared", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, raw, specs }) => {
        const clients = ofType(specs, AUTH0_TYPES.client);
        expect(clients.map((spec) => spec.key)).toEqual(Object.keys(config.clients).sort().map((key) => `client/${key}`));
        for (const [key, client] of Object.entries(config.clients)) {
          const spec = specs.find((s) => s.key === `client/${key}`);
          expect(spec?.args).toMatchObject({ appType: "native", oidcConformant: true });
          expect(spec?.args["callbacks"]).toEqual(raw["clients"][key].redirectUris);
          expect(spec?.args["grantTypes"]).toEqual(client.refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"]);
          const credentials = ofType(specs, AUTH0_TYPES.clientCredentials).filter((s) => resolve(specs, s.args["clientId"]) === `client-id-of:client/${key}`);
          expect(credentials.map((s) => s.args)).toEqual([{ clientId: { $ref: `client/${key}`, output: "clientId" }, authenticationMethod: "none" }]);
        }
        // No secret anywhere: no spec carries a client secret or a secret-based auth method.
        expect(JSON.stringify(specs)).not.toMatch(/clientSecret|client_secret|signingSecret/);
      }),
      RUNS,
    );
  });

  it("B.4: refresh tokens rotate with no reuse window and the declared lifetimes; clients without them get none", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, specs }) => {
        for (const [key, client] of Object.entries(config.clients)) {
          const args = specs.find((s) => s.key === `client/${key}`)?.args;
          if (!client.refreshTokens) {
            expect(args).not.toHaveProperty("refreshToken");
            expect(args?.["grantTypes"]).not.toContain("refresh_token");
            continue;
          }
          expect(args?.["refreshToken"]).toEqual({
            rotationType: "rotating",
            expirationType: "expiring",
            leeway: 0,
            tokenLifetime: client.refreshTokens.absoluteLifetime,
            infiniteTokenLifetime: false,
            idleTokenLifetime: client.refreshTokens.idleLifetime,
            infiniteIdleTokenLifetime: false,
          });
        }
        // An API allows offline access exactly when a client with refresh tokens is granted it.
        for (const [resourceKey] of Object.entries(config.resources)) {
          const offline = Object.values(config.clients).some((client) => client.refreshTokens !== false && resourceKey in client.access);
          expect(specs.find((s) => s.key === `api/${resourceKey}`)?.args["allowOfflineAccess"]).toBe(offline);
        }
      }),
      RUNS,
    );
  });

  it("B.5: access tokens are RS256-signed RFC 9068 JWTs, and clients' tokens are RS256 too", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, specs }) => {
        for (const api of ofType(specs, AUTH0_TYPES.resourceServer)) {
          expect(api.args).toMatchObject({ signingAlg: "RS256", tokenDialect: "rfc9068_profile" });
          const key = api.key.slice("api/".length);
          expect(api.args["tokenLifetime"]).toBe(config.resources[key]?.accessTokenLifetime);
        }
        for (const client of ofType(specs, AUTH0_TYPES.client)) expect(client.args["jwtConfiguration"]).toEqual({ alg: "RS256" });
      }),
      RUNS,
    );
  });

  it("B.6: nothing beyond the declared objects: N = T + 2R + 2C + G + D, each of a known type", () => {
    fc.assert(
      fc.property(translatedArbitrary, ({ config, specs }) => {
        const registrationOn = config.registration.dynamic || config.registration.clientIdMetadataDocuments;
        const tenant = config.auth0?.manageTenantSettings === false ? 0 : 1;
        const resources = Object.keys(config.resources).length;
        const clients = Object.keys(config.clients).length;
        const grants = Object.values(config.clients).reduce((sum, client) => sum + Object.keys(client.access).length, 0);
        const defaults = registrationOn ? Object.keys(config.registration.access).length : 0;
        const expected = tenant + 2 * resources + 2 * clients + grants + defaults;
        expect(specs).toHaveLength(expected);
        expect(auth0ObjectCount(buildPlan(config))).toBe(expected);
        expect(ofType(specs, AUTH0_TYPES.tenant)).toHaveLength(tenant);
        // B.1: a managed tenant never keeps a default audience, which would beat every `resource`.
        for (const spec of ofType(specs, AUTH0_TYPES.tenant)) expect(spec.args).toMatchObject({ resourceParameterProfile: "compatibility", defaultAudience: "" });
        expect(new Set(specs.map((spec) => spec.type))).toEqual(
          new Set(Object.values(AUTH0_TYPES).filter((type) => specs.some((spec) => spec.type === type))),
        );
        expect(specs.every((spec) => (Object.values(AUTH0_TYPES) as string[]).includes(spec.type))).toBe(true);
      }),
      RUNS,
    );
  });

  it("B.6: names come from the component name and schema keys only, are unique, and survive reordering", () => {
    fc.assert(
      fc.property(broadValidConfigArbitrary({ registrationLimits: false }), fc.nat(), (raw, seed) => {
        const config = parseConfig(raw);
        const specs = translateAuth0(buildPlan(config), { name: NAME });
        const resourceKeys = Object.keys(config.resources);
        const clientKeys = Object.keys(config.clients);
        const allowed = new Set([
          `${NAME}-tenant`,
          ...resourceKeys.flatMap((r) => [`${NAME}-api-${r}`, `${NAME}-api-${r}-scopes`, `${NAME}-default-grant-${r}`]),
          ...clientKeys.flatMap((c) => [`${NAME}-client-${c}`, `${NAME}-client-${c}-credentials`, ...resourceKeys.map((r) => `${NAME}-grant-${c}.${r}`)]),
        ]);
        for (const spec of specs) expect(allowed.has(spec.name)).toBe(true);
        expect(new Set(specs.map((spec) => `${spec.type} ${spec.name}`)).size).toBe(specs.length);
        expect(translateAuth0(buildPlan(parseConfig(reorderKeys(raw, seed))), { name: NAME })).toEqual(specs);
      }),
      RUNS,
    );
  });

  it("A.9: registration limits Auth0 cannot enforce are refused at their paths, and nothing is translated", () => {
    fc.assert(
      fc.property(broadValidConfigArbitrary(), (raw) => {
        const plan = buildPlan(parseConfig(raw));
        const { registration } = plan;
        const expected = [
          ...(registration.dynamic && registration.maxClients !== undefined ? ["registration.dynamic.maxClients"] : []),
          ...(registration.clientIdMetadataDocuments && registration.metadataDocumentHosts !== undefined ? ["registration.clientIdMetadataDocuments.allowedHosts"] : []),
        ];
        let thrown: unknown;
        let specs: readonly ResourceSpec[] | undefined;
        try {
          specs = translateAuth0(plan, { name: NAME });
        } catch (error) {
          thrown = error;
        }
        if (expected.length === 0) {
          expect(thrown).toBeUndefined();
          expect(specs?.length).toBeGreaterThan(0);
        } else {
          expect(specs).toBeUndefined();
          expect(thrown).toBeInstanceOf(ConfigError);
          expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual(expected);
          for (const issue of (thrown as ConfigError).issues) expect(issue.message).toMatch(/^cannot be enforced on Auth0: /);
        }
      }),
      RUNS,
    );
  });
});
