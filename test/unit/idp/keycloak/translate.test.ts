import { describe, expect, it } from "vitest";
import { keycloakManualSteps } from "../../../../src/idp/keycloak/manual-steps.js";
import { keycloakClientPolicies } from "../../../../src/idp/keycloak/registration.js";
import { translateKeycloak } from "../../../../src/idp/keycloak/translate.js";
import { ref, type ResourceSpec } from "../../../../src/idp/spec.js";
import { buildPlan } from "../../../../src/plan/build-plan.js";
import { ConfigError, parseConfig } from "../../../../src/schema/index.js";
import { baseConfig, configWith } from "../../../support/configs.js";
import { thrownBy } from "../../../support/thrown.js";

const T = {
  realm: "keycloak:index/realm:Realm",
  scope: "keycloak:openid/clientScope:ClientScope",
  mapper: "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper",
  client: "keycloak:openid/client:Client",
  defaults: "keycloak:openid/clientDefaultScopes:ClientDefaultScopes",
  optionals: "keycloak:openid/clientOptionalScopes:ClientOptionalScopes",
};

/** The base config with a Keycloak section and a shorter jira lifetime, so lifetimes differ. */
function keycloakConfig(createRealm = true): Record<string, any> {
  return configWith((c) => {
    // An existing realm holds refresh-token clients only when the file states it rotates them.
    c.keycloak = { realm: "mcp", createRealm, ...(createRealm ? {} : { realmRotatesRefreshTokens: true }) };
    c.resources.jira.accessTokenLifetime = "5m";
  });
}

const translate = (config: unknown, name = "kc") => translateKeycloak(buildPlan(parseConfig(config)), { name });

const REALM = ref("realm", "realm");

function scopePair(scope: string, description: string, uri: string, realmId: unknown = REALM): ResourceSpec[] {
  return [
    {
      key: `scope/${scope}`,
      type: T.scope,
      name: `kc-scope-${scope}`,
      args: { realmId, name: scope, description, consentScreenText: description, includeInTokenScope: true },
      dependsOn: [],
    },
    {
      key: `audience/${scope}`,
      type: T.mapper,
      name: `kc-audience-${scope}`,
      args: {
        realmId,
        clientScopeId: ref(`scope/${scope}`, "id"),
        name: "mcp-resource-audience",
        includedCustomAudience: uri,
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      },
      dependsOn: [],
    },
  ];
}

const CLIENT_FLOWS = {
  accessType: "PUBLIC",
  enabled: true,
  standardFlowEnabled: true,
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  serviceAccountsEnabled: false,
  pkceCodeChallengeMethod: "S256",
};

function expectedSpecs(realmId: unknown = REALM): ResourceSpec[] {
  return [
    ...scopePair("github:read", "Read repositories", "https://mcp.example.com/github", realmId),
    ...scopePair("github:write", "Push commits", "https://mcp.example.com/github", realmId),
    ...scopePair("jira:read", "Read issues", "https://mcp.example.com/jira", realmId),
    {
      key: "client/agent",
      type: T.client,
      name: "kc-client-agent",
      args: {
        realmId,
        clientId: "agent",
        name: "agent",
        ...CLIENT_FLOWS,
        validRedirectUris: ["http://127.0.0.1/callback"],
        fullScopeAllowed: false,
        consentRequired: false,
        accessTokenLifespan: "300",
        useRefreshTokens: false,
      },
      dependsOn: [],
    },
    {
      key: "client/agent/default-scopes",
      type: T.defaults,
      name: "kc-client-agent-default-scopes",
      args: { realmId, clientId: ref("client/agent", "id"), defaultScopes: ["basic"] },
      dependsOn: [],
    },
    {
      key: "client/agent/optional-scopes",
      type: T.optionals,
      name: "kc-client-agent-optional-scopes",
      args: { realmId, clientId: ref("client/agent", "id"), optionalScopes: ["github:read", "jira:read"] },
      dependsOn: ["client/agent/default-scopes", "scope/github:read", "audience/github:read", "scope/jira:read", "audience/jira:read"],
    },
    {
      key: "client/reviewer",
      type: T.client,
      name: "kc-client-reviewer",
      args: {
        realmId,
        clientId: "reviewer",
        name: "reviewer",
        ...CLIENT_FLOWS,
        validRedirectUris: ["https://agents.example.com/cb"],
        fullScopeAllowed: false,
        consentRequired: true,
        accessTokenLifespan: "600",
        useRefreshTokens: true,
        clientOfflineSessionIdleTimeout: "86400",
        clientOfflineSessionMaxLifespan: "2592000",
      },
      dependsOn: [],
    },
    {
      key: "client/reviewer/default-scopes",
      type: T.defaults,
      name: "kc-client-reviewer-default-scopes",
      args: { realmId, clientId: ref("client/reviewer", "id"), defaultScopes: ["basic"] },
      dependsOn: [],
    },
    {
      key: "client/reviewer/optional-scopes",
      type: T.optionals,
      name: "kc-client-reviewer-optional-scopes",
      args: { realmId, clientId: ref("client/reviewer", "id"), optionalScopes: ["github:read", "github:write", "offline_access"] },
      dependsOn: [
        "client/reviewer/default-scopes",
        "scope/github:read",
        "audience/github:read",
        "scope/github:write",
        "audience/github:write",
      ],
    },
  ];
}

describe("translateKeycloak", () => {
  it("creates the realm first, then per scope a client scope and its audience mapper, then per client three objects", () => {
    expect(translate(keycloakConfig())).toEqual([
      {
        key: "realm",
        type: T.realm,
        name: "kc-realm",
        args: {
          realm: "mcp",
          enabled: true,
          defaultSignatureAlgorithm: "RS256",
          revokeRefreshToken: true,
          refreshTokenMaxReuse: 0,
          accessTokenLifespan: "300s",
          offlineSessionIdleTimeout: "86400s",
          offlineSessionMaxLifespanEnabled: true,
          offlineSessionMaxLifespan: "2592000s",
        },
        dependsOn: [],
      },
      ...expectedSpecs(),
    ]);
  });

  it("uses an existing realm by name and declares no realm", () => {
    expect(translate(keycloakConfig(false))).toEqual(expectedSpecs("mcp"));
  });

  describe("refresh-token rotation on a realm it does not create (issue 14 item 8)", () => {
    const existingRealm = (section: Record<string, unknown>) =>
      configWith((c) => {
        c.keycloak = { realm: "mcp", ...section };
        c.resources.jira.accessTokenLifetime = "5m";
        c.clients.agent.refreshTokens = { idleLifetime: "2h", absoluteLifetime: "1d" };
      });
    const refusal = (client: string) => ({
      path: `clients.${client}.refreshTokens`,
      message:
        'needs refresh tokens that rotate, which Keycloak sets per realm and this component sets only on a realm it creates; the realm "mcp" is not created here, so either set keycloak.createRealm: true, or turn on Revoke Refresh Token with Refresh Token Max Reuse 0 in that realm and state it with keycloak.realmRotatesRefreshTokens: true, or set refreshTokens: false',
    });

    it("refuses every client with refresh tokens, at its refreshTokens path", () => {
      const thrown = thrownBy(() => translate(existingRealm({})));
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).issues).toEqual([refusal("agent"), refusal("reviewer")]);
      const explicit = thrownBy(() => translate(existingRealm({ createRealm: false, realmRotatesRefreshTokens: false })));
      expect((explicit as ConfigError).issues).toEqual([refusal("agent"), refusal("reviewer")]);
    });

    it("accepts the clients once the file states the realm rotates them, and declares no realm", () => {
      const specs = translate(existingRealm({ realmRotatesRefreshTokens: true }));
      expect(specs.filter((spec) => spec.type === T.realm)).toEqual([]);
      expect(specs.find((spec) => spec.key === "client/agent")?.args).toMatchObject({ realmId: "mcp", useRefreshTokens: true });
    });

    it("accepts an existing realm without the statement when no client holds refresh tokens", () => {
      const config = existingRealm({});
      config.clients.agent.refreshTokens = false;
      config.clients.reviewer.refreshTokens = false;
      expect(translate(config).filter((spec) => spec.type === T.client).map((spec) => spec.args["useRefreshTokens"])).toEqual([false, false]);
    });

    it("a created realm needs no statement: it sets rotation itself", () => {
      const realm = translate(existingRealm({ createRealm: true })).find((spec) => spec.type === T.realm);
      expect(realm?.args).toMatchObject({ revokeRefreshToken: true, refreshTokenMaxReuse: 0 });
    });
  });

  it("leaves the realm's offline sessions alone when no client holds refresh tokens", () => {
    const config = keycloakConfig();
    config.clients.reviewer.refreshTokens = false;
    const [realm] = translate(config);
    expect(realm?.args).toEqual({
      realm: "mcp",
      enabled: true,
      defaultSignatureAlgorithm: "RS256",
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      accessTokenLifespan: "300s",
    });
  });

  it("gives the realm the longest refresh lifetimes of the file and each client its own", () => {
    const config = keycloakConfig();
    config.clients.agent.refreshTokens = { idleLifetime: "2d", absoluteLifetime: "10d" };
    config.clients.reviewer.refreshTokens = { idleLifetime: "1h", absoluteLifetime: "60d" };
    const specs = translate(config);
    expect(specs[0]?.args).toMatchObject({ offlineSessionIdleTimeout: "172800s", offlineSessionMaxLifespan: "5184000s" });
    expect(specs.find((s) => s.key === "client/agent")?.args).toMatchObject({
      useRefreshTokens: true,
      clientOfflineSessionIdleTimeout: "172800",
      clientOfflineSessionMaxLifespan: "864000",
    });
    expect(specs.find((s) => s.key === "client/reviewer")?.args).toMatchObject({
      clientOfflineSessionIdleTimeout: "3600",
      clientOfflineSessionMaxLifespan: "5184000",
    });
  });

  it.each([
    [{ github: "15m", jira: "1h" }, "900s", "900", "900"],
    [{ github: "2h", jira: "30m" }, "1800s", "1800", "7200"],
    [{ github: 45, jira: "1d" }, "45s", "45", "45"],
  ])("takes the shortest lifetime for the realm and per client the shortest of its resources: %j", (lifetimes, realm, agent, reviewer) => {
    const config = keycloakConfig();
    config.resources.github.accessTokenLifetime = lifetimes.github;
    config.resources.jira.accessTokenLifetime = lifetimes.jira;
    const specs = translate(config);
    expect(specs[0]?.args["accessTokenLifespan"]).toBe(realm);
    expect(specs.find((s) => s.key === "client/agent")?.args["accessTokenLifespan"]).toBe(agent);
    expect(specs.find((s) => s.key === "client/reviewer")?.args["accessTokenLifespan"]).toBe(reviewer);
  });

  it("asks for consent only on clients granted a scope that requires it", () => {
    const config = keycloakConfig();
    config.clients.agent.access.github = ["github:write"];
    const consent = (specs: ResourceSpec[], key: string) => specs.find((s) => s.key === key)?.args["consentRequired"];
    expect(consent(translate(config), "client/agent")).toBe(true);
    config.resources.github.scopes["github:write"] = "Push commits";
    expect(consent(translate(config), "client/agent")).toBe(false);
    expect(consent(translate(config), "client/reviewer")).toBe(false);
  });

  it("registers redirect URIs exactly as declared and in order, loopback without a port", () => {
    const config = keycloakConfig();
    config.clients.agent.redirectUris = ["com.example.agent:/cb", "http://[::1]/cb", "http://127.0.0.1/cb", "https://a.example.com/cb?x=1"];
    expect(translate(config).find((s) => s.key === "client/agent")?.args["validRedirectUris"]).toEqual([
      "com.example.agent:/cb",
      "http://[::1]/cb",
      "http://127.0.0.1/cb",
      "https://a.example.com/cb?x=1",
    ]);
  });

  it("emits the resource URI byte for byte as the audience", () => {
    const config = keycloakConfig();
    config.resources.jira.uri = "HTTPS://MCP.Example.COM:443/Jira/~user/%C3%A9";
    expect(translate(config).find((s) => s.key === "audience/jira:read")?.args["includedCustomAudience"]).toBe(
      "https://mcp.example.com/Jira/~user/%C3%A9",
    );
  });

  it("uses the display names of clients when declared", () => {
    const config = keycloakConfig();
    config.clients.agent.name = "Desktop agent";
    expect(translate(config).find((s) => s.key === "client/agent")?.args).toMatchObject({ clientId: "agent", name: "Desktop agent" });
  });

  it("derives every name from the component name and schema keys: reordering the file changes nothing", () => {
    const config = keycloakConfig();
    const reordered = {
      keycloak: config.keycloak,
      clients: { reviewer: config.clients.reviewer, agent: { ...config.clients.agent, access: { jira: ["jira:read"], github: ["github:read"] } } },
      resources: {
        jira: config.resources.jira,
        github: { ...config.resources.github, scopes: { "github:write": config.resources.github.scopes["github:write"], "github:read": "Read repositories" } },
      },
      version: 1,
    };
    expect(translate(reordered)).toEqual(translate(config));
    expect(translate(config, "other").map((s) => s.name)).toEqual(translate(config).map((s) => s.name.replace(/^kc-/, "other-")));
  });

  it("declares R + 2·S + 3·C objects", () => {
    const config = keycloakConfig();
    config.resources.docs = { uri: "https://docs.example.com/mcp", scopes: { "docs:search": "Search", "docs:admin-read": "Read settings" } };
    config.clients.third = { redirectUris: ["http://127.0.0.1/cb"], access: { docs: ["docs:search"] } };
    expect(translate(config)).toHaveLength(1 + 2 * 5 + 3 * 3);
    config.keycloak.createRealm = false;
    config.keycloak.realmRotatesRefreshTokens = true;
    expect(translate(config)).toHaveLength(0 + 2 * 5 + 3 * 3);
  });

  it("with nativeResourceIndicators, declares a bearer-only client per resource named by its URI and points the mappers at it", () => {
    const config = keycloakConfig(false);
    config.keycloak.nativeResourceIndicators = true;
    config.resources.github.name = "GitHub tools";
    const resourceClient = (key: string, uri: string, name: string): ResourceSpec => ({
      key: `resource/${key}`,
      type: T.client,
      name: `kc-resource-${key}`,
      args: {
        realmId: "mcp",
        clientId: uri,
        name,
        accessType: "BEARER-ONLY",
        enabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        fullScopeAllowed: false,
        extraConfig: { resource_url: uri },
      },
      dependsOn: [],
    });
    const mapper = (scope: string, key: string): ResourceSpec => ({
      key: `audience/${scope}`,
      type: T.mapper,
      name: `kc-audience-${scope}`,
      args: {
        realmId: "mcp",
        clientScopeId: ref(`scope/${scope}`, "id"),
        name: "mcp-resource-audience",
        includedClientAudience: ref(`resource/${key}`, "clientId"),
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      },
      dependsOn: [],
    });
    const specs = translate(config);
    expect(specs.slice(0, 8).map((spec) => (spec.type === T.scope ? spec.name : spec))).toEqual([
      resourceClient("github", "https://mcp.example.com/github", "GitHub tools"),
      "kc-scope-github:read",
      mapper("github:read", "github"),
      "kc-scope-github:write",
      mapper("github:write", "github"),
      resourceClient("jira", "https://mcp.example.com/jira", "jira"),
      "kc-scope-jira:read",
      mapper("jira:read", "jira"),
    ]);
    // Client scopes and agent clients are the same as without the option.
    expect(specs.filter((spec) => spec.type === T.scope)).toEqual(expectedSpecs("mcp").filter((spec) => spec.type === T.scope));
    expect(specs.slice(8)).toEqual(expectedSpecs("mcp").slice(6));
    expect(specs).toHaveLength(0 + 2 + 2 * 3 + 3 * 2);
  });

  it("keeps a scope that no client is granted: it exists, with its mapper, on no client", () => {
    const config = keycloakConfig();
    config.clients.reviewer.access.github = ["github:read"];
    const specs = translate(config);
    expect(specs.filter((s) => s.key.endsWith("/github:write")).map((s) => s.type)).toEqual([T.scope, T.mapper]);
    const optional = specs.filter((s) => s.type === T.optionals).flatMap((s) => s.args["optionalScopes"] as string[]);
    expect(optional).not.toContain("github:write");
  });
});

describe("translateKeycloak refuses what Keycloak cannot hold (SECURITY.md §A.8–9)", () => {
  const issuesOfTranslate = (config: unknown) => {
    try {
      translate(config);
    } catch (error) {
      if (error instanceof ConfigError) return { heading: error.message.split("\n")[0], issues: error.issues };
      throw error;
    }
    return undefined;
  };
  const collision = (path: string, builtin: string, key: string) => ({
    path,
    message: `collides with the client scope ${JSON.stringify(builtin)} that Keycloak creates in every realm; choose a resource-specific name such as ${key}:read`,
  });

  it("requires the keycloak section and names keycloak.realm", () => {
    expect(issuesOfTranslate(baseConfig())).toEqual({
      heading: "Config cannot be deployed to Keycloak (1 issue):",
      issues: [
        {
          path: "keycloak.realm",
          message: "is required to deploy to Keycloak: name the realm that holds the MCP scopes and clients, e.g. keycloak: { realm: mcp, createRealm: true }",
        },
      ],
    });
  });

  it.each([
    ["roles", "roles"],
    ["web-origins", "web-origins"],
    ["acr", "acr"],
    ["basic", "basic"],
    ["microprofile-jwt", "microprofile-jwt"],
    ["service_account", "service_account"],
    ["organization", "organization"],
    ["Phone", "phone"],
    ["authncontextclassref", "AuthnContextClassRef"],
    ["role_list", "role_list"],
  ])("refuses the scope name %j, which every realm already holds", (name, builtin) => {
    const config = keycloakConfig();
    config.resources.jira.scopes = { [name]: "Something" };
    config.clients.agent.access.jira = [name];
    expect(issuesOfTranslate(config)?.issues).toEqual([collision(`resources.jira.scopes.${name}`, builtin, "jira")]);
  });

  it.each(["account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"])(
    "refuses the client key %j, a clientId every realm already holds",
    (key) => {
      const config = keycloakConfig();
      config.clients[key] = config.clients.agent;
      expect(issuesOfTranslate(config)?.issues).toEqual([
        {
          path: `clients.${key}`,
          message: `becomes the Keycloak clientId ${JSON.stringify(key)}, which Keycloak already uses in every realm (account, account-console, admin-cli, broker, realm-management, security-admin-console); choose another client key`,
        },
      ]);
    },
  );

  it("refuses CIMD from any host and *.suffix patterns Keycloak would widen, and lists every issue at once", () => {
    const config = configWith((c) => {
      c.registration = { dynamic: true, clientIdMetadataDocuments: true, access: { github: ["github:read"] } };
      c.resources.jira.scopes = { acr: "Something" };
      c.clients.agent.access.jira = ["acr"];
    });
    expect(issuesOfTranslate(config)?.issues).toEqual([
      {
        path: "keycloak.realm",
        message: "is required to deploy to Keycloak: name the realm that holds the MCP scopes and clients, e.g. keycloak: { realm: mcp, createRealm: true }",
      },
      collision("resources.jira.scopes.acr", "acr", "jira"),
      {
        path: "registration.clientIdMetadataDocuments",
        message:
          "is true (any host), which Keycloak cannot hold: its cimd executor fetches metadata documents only from the hosts it lists; name them, e.g. clientIdMetadataDocuments: { allowedHosts: [agents.example.com] }",
      },
    ]);
    const widened = keycloakConfig();
    widened.registration = {
      clientIdMetadataDocuments: { allowedHosts: ["*.agents.example.com", "*.example.org", "example.org"] },
      access: { github: ["github:read", "github:write"], jira: ["jira:read"] },
    };
    expect(issuesOfTranslate(widened)?.issues).toEqual([
      {
        path: "registration.clientIdMetadataDocuments.allowedHosts",
        message:
          'is "*.agents.example.com", but Keycloak\'s "*.agents.example.com" also admits agents.example.com itself; list "agents.example.com" as well to allow both, or list the exact hosts',
      },
    ]);
  });
});

describe("translateKeycloak for clients that register at run time (issue 13)", () => {
  const RP = "keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy";
  const withRegistration = (registration: Record<string, unknown>, createRealm = true) => {
    const config = keycloakConfig(createRealm);
    config.registration = { ...registration, access: { github: ["github:read", "github:write"], jira: ["jira:read"] } };
    return config;
  };
  const registrationSpecs = (config: unknown) => translate(config).filter((spec) => spec.type === RP);
  const scopeDeps = ["scope/github:read", "audience/github:read", "scope/github:write", "audience/github:write", "scope/jira:read", "audience/jira:read"];
  const policy = (kind: string, providerId: string, config: Record<string, string> | undefined, dependsOn: string[] = []): ResourceSpec => ({
    key: `registration-policy/${kind}`,
    type: RP,
    name: `kc-registration-${kind}`,
    args: { realmId: REALM, name: `mcp-${kind}`, providerId, subType: "anonymous", ...(config ? { config } : {}) },
    dependsOn,
  });
  const dcrPolicies = (maxClients: string) => [
    policy("trusted-hosts", "trusted-hosts", { "trusted-hosts": "127.0.0.1,[::1],localhost", "host-sending-registration-request-must-match": "false", "client-uris-must-match": "true" }),
    policy("allowed-client-scopes", "allowed-client-templates", { "allowed-client-scopes": "github:read,github:write,jira:read", "allow-default-scopes": "true" }, scopeDeps),
    policy("consent-required", "consent-required", undefined),
    policy("full-scope-disabled", "scope", undefined),
    policy("max-clients", "max-clients", { "max-clients": maxClients }),
    policy("allowed-protocol-mappers", "allowed-protocol-mappers", { "allowed-protocol-mapper-types": "" }),
  ];

  it("dynamic registration: six anonymous registration policies, after everything else", () => {
    const specs = translate(withRegistration({ dynamic: true }));
    expect(specs.slice(-6)).toEqual(dcrPolicies("208"));
    expect(specs).toHaveLength(1 + 2 * 3 + 3 * 2 + 6);
  });

  it("counts every client of the realm in max-clients: maxClients + Keycloak's 6 + declared agents + resource clients", () => {
    const config = withRegistration({ dynamic: { maxClients: 25 } });
    config.keycloak.nativeResourceIndicators = true;
    expect(registrationSpecs(config).find((spec) => spec.key === "registration-policy/max-clients")?.args["config"]).toEqual({ "max-clients": String(25 + 6 + 2 + 2) });
  });

  it("declares nothing for client ID metadata documents (the provider cannot carry Keycloak's lists; see keycloakClientPolicies)", () => {
    const config = keycloakConfig();
    config.registration = { clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] }, access: { github: ["github:read", "github:write"], jira: ["jira:read"] } };
    expect(translate(config)).toEqual(translate(keycloakConfig()));
    expect(registrationSpecs(withRegistration({ dynamic: false, clientIdMetadataDocuments: false }))).toEqual([]);
  });

  it("refuses dynamic registration on a realm it does not create", () => {
    const thrown = thrownBy(() => translate(withRegistration({ dynamic: true }, false)));
    expect((thrown as ConfigError).issues).toEqual([
      {
        path: "registration.dynamic",
        message:
          'needs keycloak.createRealm: true on Keycloak: the provider attaches registration policies to the realm whose internal id is its name, which only a realm it creates is sure to have, and the realm "mcp" is not created here (in another realm the policies would be stored but never applied)',
      },
    ]);
  });

  it("refuses client ID metadata documents unless registration.access grants every scope of the file", () => {
    const config = keycloakConfig();
    config.registration = { clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] }, access: { github: ["github:read"] } };
    expect((thrownBy(() => translate(config)) as ConfigError).issues).toEqual([
      {
        path: "registration.access",
        message:
          "must list every scope of the file while clientIdMetadataDocuments is on for Keycloak: Keycloak's cimd feature gives a client every client scope its metadata document names, so it would hold github:write, jira:read too; grant them in registration.access or turn clientIdMetadataDocuments off",
      },
    ]);
  });
});

describe("keycloakClientPolicies", () => {
  const policiesOf = (registration: Record<string, unknown>) =>
    keycloakClientPolicies(buildPlan(parseConfig(configWith((c) => (c.registration = { ...registration, access: { github: ["github:read"] } })))));
  const registered = {
    name: "mcp-registered-clients",
    description: "pulumi-mcp-auth: clients nobody declared are public, PKCE S256, consent on first use, no full scope",
    executors: [
      { executor: "pkce-enforcer", configuration: { "auto-configure": "true" } },
      { executor: "consent-required", configuration: { "auto-configure": "true" } },
      { executor: "full-scope-disabled", configuration: { "auto-configure": "true" } },
    ],
  };
  const dcrPolicy = {
    name: "mcp-anonymous-clients",
    description: "pulumi-mcp-auth: applies to clients created anonymously (RFC 7591 registration, client ID metadata documents)",
    enabled: true,
    profiles: ["mcp-registered-clients"],
    conditions: [{ condition: "client-updater-context", configuration: { "update-client-source": ["ByAnonymous"] } }],
  };

  it("is undefined while registration is off", () => {
    expect(policiesOf({})).toBeUndefined();
  });

  it("dynamic registration: PKCE S256, consent and no full scope for anonymously registered clients", () => {
    expect(policiesOf({ dynamic: true })).toEqual({ profiles: [registered], policies: [dcrPolicy] });
  });

  it("client ID metadata documents: the cimd executor with the hosts as JSON arrays, applied with the registered-clients profile", () => {
    expect(policiesOf({ dynamic: true, clientIdMetadataDocuments: { allowedHosts: ["b.example.com", "a.example.com"] } })).toEqual({
      profiles: [
        registered,
        {
          name: "mcp-client-id-metadata-documents",
          description: "pulumi-mcp-auth: clients identified by a client ID metadata document",
          executors: [
            {
              executor: "client-id-metadata-document",
              configuration: { "cimd-allow-http-scheme": false, "cimd-allow-permitted-domains": ["a.example.com", "b.example.com"], "cimd-restrict-same-domain": false, "only-allow-confidential-client": false },
            },
          ],
        },
      ],
      policies: [
        dcrPolicy,
        {
          name: "mcp-client-id-metadata-documents",
          description: "pulumi-mcp-auth: applies to client ids that are https URLs on the allowed hosts",
          enabled: true,
          profiles: ["mcp-client-id-metadata-documents"],
          conditions: [{ condition: "client-id-uri", configuration: { "client-id-uri-scheme": ["https"], "client-id-uri-allow-permitted-domains": ["a.example.com", "b.example.com"] } }],
        },
      ],
    });
  });
});

describe("keycloakManualSteps", () => {
  const steps = (config: unknown) => keycloakManualSteps(buildPlan(parseConfig(config)));

  it("names the default policies to delete, the server flag, the truststore and the client policies as JSON", () => {
    const config = keycloakConfig();
    config.registration = {
      dynamic: true,
      clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] },
      access: { github: ["github:read", "github:write"], jira: ["jira:read"] },
    };
    const plan = buildPlan(parseConfig(config));
    expect(steps(config)).toEqual([
      'In realm "mcp", delete Keycloak\'s default anonymous client registration policies (Realm settings → Client registration → Anonymous access policies: Trusted Hosts, Consent Required, Full Scope Disabled, Max Clients Limit, Allowed Protocol Mapper Types, Allowed Client Scopes): Keycloak applies every policy, and its default Trusted Hosts refuses every anonymous registration; the component declares its own mcp-* policy of each kind.',
      "Start Keycloak with --features=cimd (experimental in Keycloak 26.7): without it Keycloak ignores the client policy that admits client ID metadata documents, and an https client_id is an unknown client.",
      "Keycloak fetches each metadata document with its own HTTP client: the certificate of every allowed host must chain to a CA in Keycloak's truststore (--truststore-paths).",
      `In realm "mcp", add these client profiles and client policies beside the realm's others (Realm settings → Client policies, or PUT /admin/realms/mcp/client-policies/profiles and …/policies): they make registered clients PKCE S256 and admit metadata documents from the allowed hosts. @pulumi/keycloak sends client policy settings as strings, which Keycloak refuses for these lists, so the component cannot declare them. ${JSON.stringify(keycloakClientPolicies(plan))}`,
    ]);
  });

  it("states the realm setting the file asserts on a realm it does not create", () => {
    expect(steps(keycloakConfig(false))).toEqual([
      'Keep Revoke Refresh Token on with Refresh Token Max Reuse 0 in realm "mcp": the file states it (keycloak.realmRotatesRefreshTokens), and the component neither sets nor checks it on a realm it does not create.',
    ]);
  });

  it("is empty for a created realm without registration", () => {
    expect(steps(keycloakConfig())).toEqual([]);
  });
});
