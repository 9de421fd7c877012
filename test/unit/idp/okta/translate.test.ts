import { describe, expect, it } from "vitest";
import { ref, type ResourceSpec } from "../../../../src/idp/spec.js";
import { translateOkta } from "../../../../src/idp/okta/translate.js";
import { buildPlan } from "../../../../src/plan/build-plan.js";
import { ConfigError } from "../../../../src/schema/config-error.js";
import { parseConfig } from "../../../../src/schema/parse.js";
import { baseConfig, configIssuesOf, configWith, reversedConfig } from "../../../support/configs.js";
import { thrownBy } from "../../../support/thrown.js";

const translate = (config: unknown, issuerMode?: "ORG_URL" | "CUSTOM_URL") => translateOkta(buildPlan(parseConfig(config)), { name: "mcp", issuerMode });

/** The issues translateOkta throws for a config, or `[]`. */
const oktaIssuesOf = (config: unknown, issuerMode?: string) =>
  configIssuesOf(() => translateOkta(buildPlan(parseConfig(config)), { name: "mcp", issuerMode: issuerMode as "ORG_URL" }));

const spec = (key: string, type: string, name: string, args: Record<string, unknown>, dependsOn: string[] = []): ResourceSpec => ({ key, type, name, args, dependsOn });

const T = {
  server: "okta:auth/server:Server",
  scope: "okta:auth/serverScope:ServerScope",
  policy: "okta:auth/serverPolicy:ServerPolicy",
  rule: "okta:auth/serverPolicyRule:ServerPolicyRule",
  app: "okta:app/oAuth:OAuth",
  appGroups: "okta:index/appGroupAssignments:AppGroupAssignments",
  everyone: "okta:group/getEveryoneGroup:getEveryoneGroup",
  group: "okta:group/getGroup:getGroup",
};

const PUBLIC_APP = { type: "native", tokenEndpointAuthMethod: "none", pkceRequired: true, omitSecret: true, responseTypes: ["code"], wildcardRedirect: "DISABLED" };

describe("translateOkta: the base config, object by object", () => {
  it("declares exactly these specs, in creation order", () => {
    expect(translate(baseConfig())).toEqual([
      spec("group/EVERYONE", T.everyone, "mcp-group-EVERYONE", {}),
      spec("client/agent", T.app, "mcp-client-agent", {
        label: "agent",
        ...PUBLIC_APP,
        grantTypes: ["authorization_code"],
        redirectUris: ["http://127.0.0.1/callback"],
        consentMethod: "TRUSTED",
      }),
      spec("client-groups/agent", T.appGroups, "mcp-groups-agent", {
        appId: ref("client/agent", "id"),
        groups: [{ id: ref("group/EVERYONE", "id"), profile: "{}" }],
      }),
      spec("client/reviewer", T.app, "mcp-client-reviewer", {
        label: "reviewer",
        ...PUBLIC_APP,
        grantTypes: ["authorization_code", "refresh_token"],
        redirectUris: ["https://agents.example.com/cb"],
        consentMethod: "REQUIRED",
        refreshTokenRotation: "ROTATE",
        refreshTokenLeeway: 0,
      }),
      spec("client-groups/reviewer", T.appGroups, "mcp-groups-reviewer", {
        appId: ref("client/reviewer", "id"),
        groups: [{ id: ref("group/EVERYONE", "id"), profile: "{}" }],
      }),
      spec("server/github", T.server, "mcp-api-github", {
        name: "mcp-github",
        description: "MCP resource github (https://mcp.example.com/github), managed by pulumi-mcp-auth",
        audiences: ["https://mcp.example.com/github"],
        issuerMode: "ORG_URL",
      }),
      spec("scope/github/github:read", T.scope, "mcp-scope-github/github:read", {
        authServerId: ref("server/github", "id"),
        name: "github:read",
        description: "Read repositories",
        consent: "IMPLICIT",
        metadataPublish: "ALL_CLIENTS",
        default: false,
      }),
      spec("scope/github/github:write", T.scope, "mcp-scope-github/github:write", {
        authServerId: ref("server/github", "id"),
        name: "github:write",
        description: "Push commits",
        consent: "REQUIRED",
        metadataPublish: "ALL_CLIENTS",
        default: false,
      }),
      spec("policy/github/agent", T.policy, "mcp-policy-github/agent", {
        authServerId: ref("server/github", "id"),
        name: "clients-agent",
        description: "Admits agent to https://mcp.example.com/github with github:read",
        priority: 1,
        clientWhitelists: [ref("client/agent", "clientId")],
      }),
      spec(
        "rule/github/agent",
        T.rule,
        "mcp-rule-github/agent",
        {
          authServerId: ref("server/github", "id"),
          policyId: ref("policy/github/agent", "id"),
          name: "scopes-agent",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "github:read"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
        },
        ["scope/github/github:read"],
      ),
      spec(
        "policy/github/reviewer",
        T.policy,
        "mcp-policy-github/reviewer",
        {
          authServerId: ref("server/github", "id"),
          name: "clients-reviewer",
          description: "Admits reviewer to https://mcp.example.com/github with github:read github:write + offline_access",
          priority: 2,
          clientWhitelists: [ref("client/reviewer", "clientId")],
        },
        ["policy/github/agent"],
      ),
      spec(
        "rule/github/reviewer",
        T.rule,
        "mcp-rule-github/reviewer",
        {
          authServerId: ref("server/github", "id"),
          policyId: ref("policy/github/reviewer", "id"),
          name: "scopes-reviewer",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "github:read", "github:write", "offline_access"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
          refreshTokenWindowMinutes: 1440,
          refreshTokenLifetimeMinutes: 43_200,
        },
        ["scope/github/github:read", "scope/github/github:write"],
      ),
      spec("server/jira", T.server, "mcp-api-jira", {
        name: "mcp-jira",
        description: "MCP resource jira (https://mcp.example.com/jira), managed by pulumi-mcp-auth",
        audiences: ["https://mcp.example.com/jira"],
        issuerMode: "ORG_URL",
      }),
      spec("scope/jira/jira:read", T.scope, "mcp-scope-jira/jira:read", {
        authServerId: ref("server/jira", "id"),
        name: "jira:read",
        description: "Read issues",
        consent: "IMPLICIT",
        metadataPublish: "ALL_CLIENTS",
        default: false,
      }),
      spec("policy/jira/agent", T.policy, "mcp-policy-jira/agent", {
        authServerId: ref("server/jira", "id"),
        name: "clients-agent",
        description: "Admits agent to https://mcp.example.com/jira with jira:read",
        priority: 1,
        clientWhitelists: [ref("client/agent", "clientId")],
      }),
      spec(
        "rule/jira/agent",
        T.rule,
        "mcp-rule-jira/agent",
        {
          authServerId: ref("server/jira", "id"),
          policyId: ref("policy/jira/agent", "id"),
          name: "scopes-agent",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "jira:read"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
        },
        ["scope/jira/jira:read"],
      ),
    ]);
  });

  it("sets the issuer mode on every server when asked for CUSTOM_URL", () => {
    const servers = translate(baseConfig(), "CUSTOM_URL").filter((s) => s.type === T.server);
    expect(servers.map((s) => s.args["issuerMode"])).toEqual(["CUSTOM_URL", "CUSTOM_URL"]);
  });

  it("uses the resource display name in the server description", () => {
    const specs = translate(configWith((c) => (c.resources.github.name = "GitHub tools")));
    expect(specs.find((s) => s.key === "server/github")?.args["description"]).toBe(
      "MCP resource GitHub tools (https://mcp.example.com/github), managed by pulumi-mcp-auth",
    );
  });
});

describe("translateOkta: policies (the fewest that keep each client to its own scopes)", () => {
  const policiesOf = (config: unknown, resourceKey: string) =>
    translate(config)
      .filter((s) => s.type === T.policy && s.key.startsWith(`policy/${resourceKey}/`))
      .map((s) => ({ key: s.key, priority: s.args["priority"], clients: s.args["clientWhitelists"], dependsOn: s.dependsOn }));

  it("lets clients with identical grants share one policy, named by the smallest client key", () => {
    const config = configWith((c) => {
      c.clients.zeta = { redirectUris: ["https://z.example.com/cb"], access: { github: ["github:read"] } };
      c.clients.alpha = { redirectUris: ["https://a.example.com/cb"], access: { github: ["github:read"] } };
    });
    expect(policiesOf(config, "github")).toEqual([
      { key: "policy/github/agent", priority: 1, clients: [ref("client/agent", "clientId"), ref("client/alpha", "clientId"), ref("client/zeta", "clientId")], dependsOn: [] },
      { key: "policy/github/reviewer", priority: 2, clients: [ref("client/reviewer", "clientId")], dependsOn: ["policy/github/agent"] },
    ]);
    expect(translate(config).filter((s) => s.type === T.rule && s.key.startsWith("rule/github/")).map((s) => s.key)).toEqual([
      "rule/github/agent",
      "rule/github/reviewer",
    ]);
  });

  it("keeps clients with the same scopes apart when their refresh token lifetimes differ", () => {
    const config = configWith((c) => {
      c.clients.second = { ...c.clients.reviewer, redirectUris: ["https://s.example.com/cb"], refreshTokens: { idleLifetime: "2d", absoluteLifetime: "30d" } };
    });
    expect(policiesOf(config, "github").map((p) => [p.key, p.priority, p.dependsOn])).toEqual([
      ["policy/github/agent", 1, []],
      ["policy/github/reviewer", 2, ["policy/github/agent"]],
      ["policy/github/second", 3, ["policy/github/reviewer"]],
    ]);
  });

  it("declares no policy on a server no client is granted (nobody can obtain its tokens)", () => {
    const config = configWith((c) => (c.clients.agent.access = { github: ["github:read"] }));
    expect(translate(config).filter((s) => s.key.includes("/jira")).map((s) => s.key)).toEqual(["server/jira", "scope/jira/jira:read"]);
  });
});

describe("translateOkta: okta.groups", () => {
  const GROUP_ID = "00g1abcdefghijklmnop";

  it("uses group ids as they are, reads EVERYONE's id and looks other groups up by name, in sorted order", () => {
    const specs = translate(configWith((c) => (c.okta = { groups: ["Engineers", GROUP_ID, "EVERYONE"] })));
    expect(specs.filter((s) => s.type === T.everyone || s.type === T.group)).toEqual([
      spec("group/EVERYONE", T.everyone, "mcp-group-EVERYONE", {}),
      spec("group/Engineers", T.group, "mcp-group-Engineers", { name: "Engineers" }),
    ]);
    expect(specs.find((s) => s.key === "client-groups/agent")?.args["groups"]).toEqual([
      { id: GROUP_ID, profile: "{}" },
      { id: ref("group/EVERYONE", "id"), profile: "{}" },
      { id: ref("group/Engineers", "id"), profile: "{}" },
    ]);
    expect(specs.find((s) => s.key === "rule/github/agent")?.args["groupWhitelists"]).toEqual([GROUP_ID, "EVERYONE", ref("group/Engineers", "id")]);
  });

  it("reads nothing when every group is an id", () => {
    const specs = translate(configWith((c) => (c.okta = { groups: [GROUP_ID] })));
    expect(specs.filter((s) => s.type === T.everyone || s.type === T.group)).toEqual([]);
    expect(specs.find((s) => s.key === "rule/jira/agent")?.args["groupWhitelists"]).toEqual([GROUP_ID]);
  });

  it("reads nothing when there is no client to assign", () => {
    expect(translate(configWith((c) => (c.clients = {}))).map((s) => s.key)).toEqual([
      "server/github",
      "scope/github/github:read",
      "scope/github/github:write",
      "server/jira",
      "scope/jira/jira:read",
    ]);
  });
});

describe("translateOkta: what Okta cannot hold is refused before any object (SECURITY.md §A.7, §A.9)", () => {
  const withRegistration = (registration: Record<string, unknown>) =>
    configWith((c) => (c.registration = { ...registration, access: { github: ["github:read"] } }));
  const DCR = {
    path: "registration.dynamic",
    message:
      "Okta cannot register agent clients dynamically: its registration endpoint (/oauth2/v1/clients) requires an admin API token, which a public agent must never hold; set registration.dynamic: false and declare each agent under clients:",
  };
  const CIMD = {
    path: "registration.clientIdMetadataDocuments",
    message: "Okta does not accept client ID metadata documents (an https URL as client_id); set registration.clientIdMetadataDocuments: false and declare each agent under clients:",
  };

  it.each([
    ["dynamic registration", { dynamic: true }, [DCR]],
    ["client ID metadata documents", { clientIdMetadataDocuments: true }, [CIMD]],
    ["both", { dynamic: true, clientIdMetadataDocuments: true }, [DCR, CIMD]],
    ["dynamic registration with a client limit", { dynamic: { maxClients: 20 } }, [DCR]],
    ["client ID metadata documents from listed hosts", { clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] } }, [CIMD]],
    ["client ID metadata documents from no host", { clientIdMetadataDocuments: { allowedHosts: [] } }, [CIMD]],
    ["both, in object form", { dynamic: { maxClients: 1 }, clientIdMetadataDocuments: { allowedHosts: ["*.example.com"] } }, [DCR, CIMD]],
  ])("refuses %s", (_what, registration, issues) => {
    expect(oktaIssuesOf(withRegistration(registration))).toEqual(issues);
  });

  it.each([{ dynamic: false }, { clientIdMetadataDocuments: false }, {}])("accepts registration turned off: %j", (registration) => {
    expect(oktaIssuesOf(withRegistration(registration))).toEqual([]);
  });

  const reserved = (name: string, resourceKey = "jira") => ({
    path: `resources.${resourceKey}.scopes.${name}`,
    message: `scope ${JSON.stringify(name)} is reserved by Okta: every custom authorization server has the system scopes openid, profile, email, address, phone, offline_access, device_sso, and the okta.* namespace is Okta's own; use a resource-specific name such as ${resourceKey}:read`,
  });
  it.each(["address", "phone", "device_sso", "Phone", "okta.users.read", "OKTA.apps.manage"])("refuses the Okta-reserved scope name %j", (name) => {
    expect(oktaIssuesOf(configWith((c) => (c.resources.jira.scopes[name] = "Something")))).toEqual([reserved(name)]);
  });
  it.each(["oktaish:read", "jira.okta.read", "addresses"])("accepts the scope name %j", (name) => {
    expect(translate(configWith((c) => (c.resources.jira.scopes[name] = "Something"))).some((s) => s.args["name"] === name)).toBe(true);
  });

  it("refuses a group listed twice, at the repeat", () => {
    expect(oktaIssuesOf(configWith((c) => (c.okta = { groups: ["EVERYONE", "Admins", "EVERYONE"] })))).toEqual([
      { path: "okta.groups.2", message: 'repeats "EVERYONE"; list each Okta group once' },
    ]);
  });

  it.each([
    ["4m", "Okta holds access token lifetimes of 5m to 1d; got 4m (240 s)"],
    ["2d", "Okta holds access token lifetimes of 5m to 1d; got 2d (172800 s)"],
    ["330s", "Okta holds lifetimes in whole minutes; got 330s"],
  ])("refuses an access token lifetime of %s", (lifetime, message) => {
    expect(oktaIssuesOf(configWith((c) => (c.resources.jira.accessTokenLifetime = lifetime)))).toEqual([
      { path: "resources.jira.accessTokenLifetime", message },
    ]);
  });

  it.each([
    [{ idleLifetime: "4m", absoluteLifetime: "30d" }, "idleLifetime", "Okta holds refresh token idle lifetimes of 5m to 1825d; got 4m (240 s)"],
    [{ idleLifetime: "5m", absoluteLifetime: "9m" }, "absoluteLifetime", "Okta holds refresh token lifetimes of 10m to 1825d; got 9m (540 s)"],
    [{ idleLifetime: "1d", absoluteLifetime: "2592030s" }, "absoluteLifetime", "Okta holds lifetimes in whole minutes; got 2592030s"],
    [{ idleLifetime: "630s", absoluteLifetime: "30d" }, "idleLifetime", "Okta holds lifetimes in whole minutes; got 630s"],
  ])("refuses refresh tokens %j", (refreshTokens, field, message) => {
    const config = configWith((c) => {
      c.resources.github.accessTokenLifetime = "5m";
      c.clients.reviewer.refreshTokens = refreshTokens;
    });
    expect(oktaIssuesOf(config)).toEqual([
      { path: `clients.reviewer.refreshTokens.${field}`, message },
    ]);
  });

  it("reports one problem per field: an idle window out of bounds is not also reported as shorter than the access tokens", () => {
    expect(oktaIssuesOf(configWith((c) => (c.clients.reviewer.refreshTokens = { idleLifetime: "4m", absoluteLifetime: "30d" })))).toEqual([
      { path: "clients.reviewer.refreshTokens.idleLifetime", message: "Okta holds refresh token idle lifetimes of 5m to 1825d; got 4m (240 s)" },
    ]);
  });

  it("accepts the shortest lifetimes Okta holds: 5m access tokens, a 5m idle window, 10m refresh tokens", () => {
    const config = configWith((c) => {
      c.resources.github.accessTokenLifetime = "5m";
      c.clients.reviewer.refreshTokens = { idleLifetime: "5m", absoluteLifetime: "10m" };
    });
    expect(translate(config).find((s) => s.key === "rule/github/reviewer")?.args).toMatchObject({
      accessTokenLifetimeMinutes: 5,
      refreshTokenWindowMinutes: 5,
      refreshTokenLifetimeMinutes: 10,
    });
  });

  it("refuses an idle window shorter than the access tokens of a resource the client refreshes for", () => {
    const config = configWith((c) => {
      c.resources.github.accessTokenLifetime = "1h";
      c.clients.reviewer.refreshTokens = { idleLifetime: "30m", absoluteLifetime: "30d" };
    });
    expect(oktaIssuesOf(config)).toEqual([
      {
        path: "clients.reviewer.refreshTokens.idleLifetime",
        message:
          "Okta needs the refresh token idle lifetime to be at least the access token lifetime of each resource the client uses; resources.github.accessTokenLifetime is 1h, got 30m",
      },
    ]);
  });

  it("refuses the DYNAMIC issuer mode: a verifier needs one fixed issuer", () => {
    expect(oktaIssuesOf(baseConfig(), "DYNAMIC")).toEqual([
      { path: "issuerMode", message: "must be ORG_URL or CUSTOM_URL; DYNAMIC would make iss follow each request's host, so no fixed issuer could be verified" },
    ]);
  });

  it("reports every problem at once, in a ConfigError that names Okta", () => {
    const config = configWith((c) => {
      c.registration = { dynamic: true, access: { github: ["github:read"] } };
      c.resources.jira.scopes["okta.x"] = "X";
      c.resources.jira.accessTokenLifetime = "2d";
    });
    const error = thrownBy(() => translate(config));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(["registration.dynamic", "resources.jira.scopes.okta.x", "resources.jira.accessTokenLifetime"]);
    expect((error as ConfigError).message.split("\n")[0]).toBe("This pulumi-mcp-auth config cannot be deployed to Okta (3 issues):");
  });
});

describe("translateOkta: stable identity", () => {
  it("gives a reordered file exactly the same specs: names, inputs and order", () => {
    const config = configWith((c) => (c.okta = { groups: ["Engineers", "EVERYONE"] }));
    expect(translate(reversedConfig(config))).toEqual(translate(config));
  });
});

describe("translateOkta: object count", () => {
  // R servers + S scopes + 2·P (policy + rule) + 2·C (app + group assignments), plus one read per group
  // entry that is not an id; P = Σ over resources of the distinct (scopes, refresh lifetimes) grants.
  it.each([
    ["the base config", baseConfig(), { resources: 2 + 3 + 2 * 3 + 2 * 2, reads: 1 }],
    ["a third client sharing agent's grants", configWith((c) => (c.clients.third = { redirectUris: ["https://t.example.com/cb"], access: { github: ["github:read"], jira: ["jira:read"] } })), { resources: 2 + 3 + 2 * 3 + 2 * 3, reads: 1 }],
    ["no clients", configWith((c) => (c.clients = {})), { resources: 2 + 3, reads: 0 }],
    ["two named groups", configWith((c) => (c.okta = { groups: ["A", "B"] })), { resources: 2 + 3 + 2 * 3 + 2 * 2, reads: 2 }],
  ])("%s", (_name, config, expected) => {
    const specs = translate(config);
    const reads = specs.filter((s) => s.type === T.everyone || s.type === T.group).length;
    expect({ resources: specs.length - reads, reads }).toEqual(expected);
  });
});
