import { describe, expect, it } from "vitest";
import { AUTH0_TYPES, auth0ObjectCount, translateAuth0 } from "../../../../src/idp/auth0/translate.js";
import { ref, type ResourceSpec } from "../../../../src/idp/spec.js";
import { buildPlan } from "../../../../src/plan/index.js";
import type { Plan } from "../../../../src/plan/types.js";
import { ConfigError, parseConfig } from "../../../../src/schema/index.js";
import { baseConfig, configIssuesOf, configWith } from "../../../support/configs.js";
import { thrownBy } from "../../../support/thrown.js";

const planOf = (config: unknown): Plan => buildPlan(parseConfig(config));
const translate = (config: unknown): ResourceSpec[] => translateAuth0(planOf(config), { name: "mcp" });

/** The issues translateAuth0 throws for a plan, or `[]`. */
const auth0IssuesOf = (plan: Plan) => configIssuesOf(() => translateAuth0(plan, { name: "mcp" }));

const RESOURCE_POLICY = { user: { policy: "require_client_grant" }, client: { policy: "deny_all" } };

const tenant: ResourceSpec = {
  key: "tenant",
  type: AUTH0_TYPES.tenant,
  name: "mcp-tenant",
  args: { resourceParameterProfile: "compatibility", defaultAudience: "" },
  dependsOn: [],
};

/** Everything baseConfig() translates to, in order. */
const BASE_SPECS: ResourceSpec[] = [
  tenant,
  {
    key: "api/github",
    type: AUTH0_TYPES.resourceServer,
    name: "mcp-api-github",
    args: {
      name: "github",
      identifier: "https://mcp.example.com/github",
      signingAlg: "RS256",
      tokenDialect: "rfc9068_profile",
      tokenLifetime: 600,
      allowOfflineAccess: true,
      skipConsentForVerifiableFirstPartyClients: false,
      subjectTypeAuthorization: RESOURCE_POLICY,
    },
    dependsOn: [],
  },
  {
    key: "scopes/github",
    type: AUTH0_TYPES.resourceServerScopes,
    name: "mcp-api-github-scopes",
    args: {
      resourceServerIdentifier: ref("api/github", "identifier"),
      scopes: [
        { name: "github:read", description: "Read repositories" },
        { name: "github:write", description: "Push commits" },
      ],
    },
    dependsOn: [],
  },
  {
    key: "api/jira",
    type: AUTH0_TYPES.resourceServer,
    name: "mcp-api-jira",
    args: {
      name: "jira",
      identifier: "https://mcp.example.com/jira",
      signingAlg: "RS256",
      tokenDialect: "rfc9068_profile",
      tokenLifetime: 600,
      allowOfflineAccess: false,
      skipConsentForVerifiableFirstPartyClients: true,
      subjectTypeAuthorization: RESOURCE_POLICY,
    },
    dependsOn: [],
  },
  {
    key: "scopes/jira",
    type: AUTH0_TYPES.resourceServerScopes,
    name: "mcp-api-jira-scopes",
    args: { resourceServerIdentifier: ref("api/jira", "identifier"), scopes: [{ name: "jira:read", description: "Read issues" }] },
    dependsOn: [],
  },
  {
    key: "client/agent",
    type: AUTH0_TYPES.client,
    name: "mcp-client-agent",
    args: {
      name: "agent",
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: ["http://127.0.0.1/callback"],
      grantTypes: ["authorization_code"],
      jwtConfiguration: { alg: "RS256" },
    },
    dependsOn: [],
  },
  {
    key: "credentials/agent",
    type: AUTH0_TYPES.clientCredentials,
    name: "mcp-client-agent-credentials",
    args: { clientId: ref("client/agent", "clientId"), authenticationMethod: "none" },
    dependsOn: [],
  },
  {
    key: "grant/agent/github",
    type: AUTH0_TYPES.clientGrant,
    name: "mcp-grant-agent.github",
    args: { clientId: ref("client/agent", "clientId"), audience: ref("api/github", "identifier"), scopes: ["github:read"], subjectType: "user" },
    dependsOn: ["scopes/github"],
  },
  {
    key: "grant/agent/jira",
    type: AUTH0_TYPES.clientGrant,
    name: "mcp-grant-agent.jira",
    args: { clientId: ref("client/agent", "clientId"), audience: ref("api/jira", "identifier"), scopes: ["jira:read"], subjectType: "user" },
    dependsOn: ["scopes/jira"],
  },
  {
    key: "client/reviewer",
    type: AUTH0_TYPES.client,
    name: "mcp-client-reviewer",
    args: {
      name: "reviewer",
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: ["https://agents.example.com/cb"],
      grantTypes: ["authorization_code", "refresh_token"],
      jwtConfiguration: { alg: "RS256" },
      refreshToken: {
        rotationType: "rotating",
        expirationType: "expiring",
        leeway: 0,
        tokenLifetime: 2_592_000,
        infiniteTokenLifetime: false,
        idleTokenLifetime: 86_400,
        infiniteIdleTokenLifetime: false,
      },
    },
    dependsOn: [],
  },
  {
    key: "credentials/reviewer",
    type: AUTH0_TYPES.clientCredentials,
    name: "mcp-client-reviewer-credentials",
    args: { clientId: ref("client/reviewer", "clientId"), authenticationMethod: "none" },
    dependsOn: [],
  },
  {
    key: "grant/reviewer/github",
    type: AUTH0_TYPES.clientGrant,
    name: "mcp-grant-reviewer.github",
    args: {
      clientId: ref("client/reviewer", "clientId"),
      audience: ref("api/github", "identifier"),
      scopes: ["github:read", "github:write"],
      subjectType: "user",
    },
    dependsOn: ["scopes/github"],
  },
];

const specByKey = (specs: readonly ResourceSpec[], key: string) => specs.find((spec) => spec.key === key);

describe("translateAuth0: plan → Auth0 specs", () => {
  it("translates the base config to exactly these objects, in creation order", () => {
    expect(translate(baseConfig())).toEqual(BASE_SPECS);
  });

  it("derives every child name from the component name and schema keys", () => {
    const names = translateAuth0(planOf(baseConfig()), { name: "team-a" }).map((spec) => spec.name);
    expect(names).toEqual(BASE_SPECS.map((spec) => spec.name.replace(/^mcp-/, "team-a-")));
  });

  it("produces the same specs whatever the order of the file", () => {
    const reversed = (record: Record<string, any>) => Object.fromEntries(Object.entries(record).reverse());
    const config = baseConfig();
    const shuffled = {
      ...config,
      resources: reversed(config.resources),
      clients: reversed(
        Object.fromEntries(Object.entries(config.clients).map(([key, client]: [string, any]) => [key, { ...client, access: reversed(client.access) }])),
      ),
    };
    shuffled.clients.reviewer.access.github = ["github:write", "github:read"];
    expect(translate(shuffled)).toEqual(BASE_SPECS);
  });

  it("still creates a scope that no client is granted", () => {
    const specs = translate(configWith((c) => (c.resources.jira.scopes["jira:admin-audit"] = "Read the audit log")));
    expect(specByKey(specs, "scopes/jira")?.args["scopes"]).toEqual([
      { name: "jira:admin-audit", description: "Read the audit log" },
      { name: "jira:read", description: "Read issues" },
    ]);
    expect(specs.filter((spec) => spec.type === AUTH0_TYPES.clientGrant).flatMap((spec) => spec.args["scopes"] as string[])).not.toContain("jira:admin-audit");
  });

  it("uses the display name and access token lifetime from the file", () => {
    const specs = translate(
      configWith((c) => {
        c.resources.github.name = "GitHub tools";
        c.resources.github.accessTokenLifetime = "30d";
        c.clients.agent.name = "Desktop agent";
      }),
    );
    expect(specByKey(specs, "api/github")?.args).toMatchObject({ name: "GitHub tools", tokenLifetime: 2_592_000 });
    expect(specByKey(specs, "client/agent")?.args["name"]).toBe("Desktop agent");
  });

  it("keeps redirect URIs exactly as declared, in the declared order", () => {
    const uris = ["com.example.agent:/oauth/callback", "http://[::1]/cb", "https://agents.example.com/cb/"];
    const specs = translate(configWith((c) => (c.clients.agent.redirectUris = uris)));
    expect(specByKey(specs, "client/agent")?.args["callbacks"]).toEqual(uris);
  });

  it.each([
    ["every scope implicit", { "github:read": "Read", "github:write": "Write" }, true],
    ["one scope requires consent", { "github:read": "Read", "github:write": { description: "Write", consent: "required" } }, false],
  ])("asks for consent per API: %s → skipConsent %s", (_case, scopes, skip) => {
    const specs = translate(configWith((c) => (c.resources.github.scopes = scopes)));
    expect(specByKey(specs, "api/github")?.args["skipConsentForVerifiableFirstPartyClients"]).toBe(skip);
  });

  it("allows offline access on an API only while a client with refresh tokens is granted it", () => {
    const noRefresh = translate(configWith((c) => (c.clients.reviewer.refreshTokens = false)));
    expect(specByKey(noRefresh, "api/github")?.args["allowOfflineAccess"]).toBe(false);
    expect(specByKey(noRefresh, "client/reviewer")?.args["grantTypes"]).toEqual(["authorization_code"]);
    expect(specByKey(noRefresh, "client/reviewer")?.args).not.toHaveProperty("refreshToken");
  });

  it("gives refresh tokens the declared lifetimes", () => {
    const specs = translate(configWith((c) => (c.clients.reviewer.refreshTokens = { idleLifetime: "12h", absoluteLifetime: "7d" })));
    expect(specByKey(specs, "client/reviewer")?.args["refreshToken"]).toEqual({
      rotationType: "rotating",
      expirationType: "expiring",
      leeway: 0,
      tokenLifetime: 604_800,
      infiniteTokenLifetime: false,
      idleTokenLifetime: 43_200,
      infiniteIdleTokenLifetime: false,
    });
  });
});

describe("translateAuth0: tenant settings and run-time registration", () => {
  it("leaves the tenant alone when auth0.manageTenantSettings is false", () => {
    const specs = translate(configWith((c) => (c.auth0 = { manageTenantSettings: false })));
    expect(specs).toEqual(BASE_SPECS.slice(1));
  });

  it("manages the tenant when the auth0 section says so explicitly", () => {
    expect(translate(configWith((c) => (c.auth0 = { manageTenantSettings: true })))).toEqual(BASE_SPECS);
  });

  const defaultGrant = (resourceKey: string, scopes: string[]): ResourceSpec => ({
    key: `default-grant/${resourceKey}`,
    type: AUTH0_TYPES.clientGrant,
    name: `mcp-default-grant-${resourceKey}`,
    args: { defaultFor: "third_party_clients", audience: ref(`api/${resourceKey}`, "identifier"), scopes, subjectType: "user" },
    dependsOn: [`scopes/${resourceKey}`],
  });
  const access = { jira: ["jira:read"], github: ["github:write", "github:read"] };

  it.each([
    [
      "dynamic registration",
      { dynamic: true, access },
      { resourceParameterProfile: "compatibility", defaultAudience: "", flags: { enableDynamicClientRegistration: true } },
    ],
    [
      "client ID metadata documents",
      { clientIdMetadataDocuments: true, access },
      { resourceParameterProfile: "compatibility", defaultAudience: "", clientIdMetadataDocumentSupported: true },
    ],
    [
      "both",
      { dynamic: true, clientIdMetadataDocuments: true, access },
      { resourceParameterProfile: "compatibility", defaultAudience: "", flags: { enableDynamicClientRegistration: true }, clientIdMetadataDocumentSupported: true },
    ],
  ])("%s: tenant flags plus one default third-party grant per resource", (_case, registration, tenantArgs) => {
    const specs = translate(configWith((c) => (c.registration = registration)));
    expect(specs).toEqual([
      { ...tenant, args: tenantArgs },
      ...BASE_SPECS.slice(1),
      defaultGrant("github", ["github:read", "github:write"]),
      defaultGrant("jira", ["jira:read"]),
    ]);
  });

  it("creates the default grants but no tenant when tenant settings are not managed", () => {
    const specs = translate(
      configWith((c) => {
        c.registration = { dynamic: true, access: { jira: ["jira:read"] } };
        c.auth0 = { manageTenantSettings: false };
      }),
    );
    expect(specs).toEqual([...BASE_SPECS.slice(1), defaultGrant("jira", ["jira:read"])]);
  });

  it("creates no default grant while registration is off, even with registration.access written", () => {
    expect(translate(configWith((c) => (c.registration = { access })))).toEqual(BASE_SPECS);
  });
});

describe("auth0ObjectCount: N = T + 2R + 2C + G + D", () => {
  const threeByThree = () =>
    configWith((c) => {
      c.resources.docs = { uri: "https://docs-mcp.example.com/mcp", scopes: { "docs:search": "Search" } };
      c.clients.ci = { redirectUris: ["https://ci.example.com/cb"], access: { docs: ["docs:search"], jira: ["jira:read"] } };
    });
  it.each([
    ["base config: 1 + 2·2 + 2·2 + 3 + 0", baseConfig(), 12],
    ["no tenant: 0 + 2·2 + 2·2 + 3 + 0", configWith((c) => (c.auth0 = { manageTenantSettings: false })), 11],
    ["no clients: 1 + 2·2 + 0 + 0 + 0", configWith((c) => (c.clients = {})), 5],
    ["three resources, three clients: 1 + 2·3 + 2·3 + 5 + 0", threeByThree(), 18],
    ["registration for two resources: 1 + 2·2 + 2·2 + 3 + 2", configWith((c) => (c.registration = { dynamic: true, access: { github: ["github:read"], jira: ["jira:read"] } })), 14],
  ])("%s = %i", (_case, config, expected) => {
    const plan = planOf(config);
    expect(auth0ObjectCount(plan)).toBe(expected);
    expect(translateAuth0(plan, { name: "mcp" })).toHaveLength(expected);
  });
});

describe("translateAuth0: what Auth0 cannot hold is a ConfigError naming Auth0", () => {
  it.each([
    [
      "a resource name with < or >",
      configWith((c) => (c.resources.github.name = "GitHub <tools>")),
      { path: "resources.github.name", message: "contains < or >, which Auth0 refuses in API names; remove them (or omit name to use the key)" },
    ],
    [
      "a client name with < or >",
      configWith((c) => (c.clients.agent.name = "agent > human")),
      { path: "clients.agent.name", message: "contains < or >, which Auth0 refuses in application names; remove them (or omit name to use the key)" },
    ],
    [
      "an identifier longer than 600 characters",
      configWith((c) => (c.resources.jira.uri = `https://mcp.example.com/${"j".repeat(577)}`)),
      {
        path: "resources.jira.uri",
        message: "is 601 characters; Auth0 API identifiers hold at most 600, so give this MCP server a shorter canonical URI",
      },
    ],
    [
      "a scope name longer than 280 characters",
      configWith((c) => (c.resources.jira.scopes = { [`jira:${"r".repeat(276)}`]: "Read" }, (c.clients.agent.access.jira = [`jira:${"r".repeat(276)}`]))),
      {
        path: `resources.jira.scopes.jira:${"r".repeat(276)}`,
        message: "is 281 characters; Auth0 holds scope names of at most 280, so use a shorter scope name",
      },
    ],
  ])("%s", (_case, config, issue) => {
    expect(auth0IssuesOf(planOf(config))).toEqual([issue]);
  });

  it("accepts an identifier of exactly 600 characters and a scope name of exactly 280", () => {
    const config = configWith((c) => {
      c.resources.jira.uri = `https://mcp.example.com/${"j".repeat(576)}`;
      c.resources.jira.scopes = { [`jira:${"r".repeat(275)}`]: "Read" };
      c.clients.agent.access.jira = [`jira:${"r".repeat(275)}`];
    });
    expect(auth0IssuesOf(planOf(config))).toEqual([]);
  });

  it("refuses lifetimes beyond Auth0's limits, naming Auth0 and its bounds", () => {
    const plan = planOf(baseConfig());
    const tooLong: Plan = {
      ...plan,
      resources: plan.resources.map((r) => (r.key === "jira" ? { ...r, accessTokenLifetimeSeconds: 2_592_001 } : r)),
      clients: plan.clients.map((c) => (c.key === "reviewer" ? { ...c, refreshToken: { idleLifetimeSeconds: 0, absoluteLifetimeSeconds: 31_557_601 } } : c)),
    };
    expect(auth0IssuesOf(tooLong)).toEqual([
      { path: "resources.jira.accessTokenLifetime", message: "Auth0 holds access token lifetimes of 1s to 30d; got 2592001s (2592001 s)" },
      { path: "clients.reviewer.refreshTokens.idleLifetime", message: "Auth0 holds refresh token idle lifetimes of 1s to 8766h; got 0d (0 s)" },
      { path: "clients.reviewer.refreshTokens.absoluteLifetime", message: "Auth0 holds refresh token lifetimes of 1s to 8766h; got 31557601s (31557601 s)" },
    ]);
  });

  it("reports every problem at once, under one heading", () => {
    const config = configWith((c) => {
      c.resources.github.name = "<github>";
      c.clients.reviewer.name = "<reviewer>";
    });
    const thrown = thrownBy(() => translate(config));
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toBe(
      [
        "This config cannot be deployed to Auth0 (2 issues):",
        "  - resources.github.name: contains < or >, which Auth0 refuses in API names; remove them (or omit name to use the key)",
        "  - clients.reviewer.name: contains < or >, which Auth0 refuses in application names; remove them (or omit name to use the key)",
      ].join("\n"),
    );
  });
});
