import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/plan/index.js";
import { ConfigError, loadConfigFile, parseConfig } from "../../../src/schema/index.js";
import { baseConfig, configWith } from "../../support/configs.js";

describe("buildPlan", () => {
  it("plans resources, scopes, clients and grants, sorted by key, lifetimes in seconds", () => {
    const plan = buildPlan(parseConfig(baseConfig()));
    expect(plan).toEqual({
      resources: [
        {
          key: "github",
          uri: "https://mcp.example.com/github",
          name: "github",
          documentation: undefined,
          scopes: [
            { name: "github:read", resourceKey: "github", description: "Read repositories", consent: "implicit", clientKeys: ["agent", "reviewer"] },
            { name: "github:write", resourceKey: "github", description: "Push commits", consent: "required", clientKeys: ["reviewer"] },
          ],
          accessTokenLifetimeSeconds: 600,
          offlineAccess: true,
          clientKeys: ["agent", "reviewer"],
        },
        {
          key: "jira",
          uri: "https://mcp.example.com/jira",
          name: "jira",
          documentation: undefined,
          scopes: [{ name: "jira:read", resourceKey: "jira", description: "Read issues", consent: "implicit", clientKeys: ["agent"] }],
          accessTokenLifetimeSeconds: 600,
          offlineAccess: false,
          clientKeys: ["agent"],
        },
      ],
      clients: [
        {
          key: "agent",
          name: "agent",
          redirectUris: ["http://127.0.0.1/callback"],
          grantTypes: ["authorization_code"],
          refreshToken: undefined,
          resourceKeys: ["github", "jira"],
        },
        {
          key: "reviewer",
          name: "reviewer",
          redirectUris: ["https://agents.example.com/cb"],
          grantTypes: ["authorization_code", "refresh_token"],
          refreshToken: { idleLifetimeSeconds: 86_400, absoluteLifetimeSeconds: 2_592_000 },
          resourceKeys: ["github"],
        },
      ],
      grants: [
        { key: "agent/github", clientKey: "agent", resourceKey: "github", audience: "https://mcp.example.com/github", scopes: ["github:read"], offlineAccess: false },
        { key: "agent/jira", clientKey: "agent", resourceKey: "jira", audience: "https://mcp.example.com/jira", scopes: ["jira:read"], offlineAccess: false },
        {
          key: "reviewer/github",
          clientKey: "reviewer",
          resourceKey: "github",
          audience: "https://mcp.example.com/github",
          scopes: ["github:read", "github:write"],
          offlineAccess: true,
        },
      ],
      registration: { dynamic: false, clientIdMetadataDocuments: false, maxClients: undefined, metadataDocumentHosts: undefined, access: [] },
      settings: { auth0: undefined, okta: undefined, keycloak: undefined },
    });
  });

  it("keeps a scope granted to no client, with no client keys", () => {
    const plan = buildPlan(parseConfig(configWith((c) => (c.clients.reviewer.access.github = ["github:read"]))));
    expect(plan.resources[0]?.scopes.find((scope) => scope.name === "github:write")?.clientKeys).toEqual([]);
  });

  it("uses the canonical URI as the audience, and display names when given", () => {
    const plan = buildPlan(parseConfig(configWith((c) => {
      c.resources.github.uri = "HTTPS://MCP.example.com:443/github";
      c.resources.github.name = "GitHub tools";
      c.clients.agent.name = "Desktop agent";
    })));
    expect(plan.resources[0]).toMatchObject({ uri: "https://mcp.example.com/github", name: "GitHub tools" });
    expect(plan.grants[0]?.audience).toBe("https://mcp.example.com/github");
    expect(plan.clients[0]?.name).toBe("Desktop agent");
  });

  it("plans registered-client access only when registration is on", () => {
    const on = buildPlan(parseConfig(configWith((c) => (c.registration = { dynamic: true, access: { jira: ["jira:read"] } }))));
    expect(on.registration).toStrictEqual({
      dynamic: true,
      clientIdMetadataDocuments: false,
      maxClients: undefined,
      metadataDocumentHosts: undefined,
      access: [{ resourceKey: "jira", audience: "https://mcp.example.com/jira", scopes: ["jira:read"] }],
    });
    const off = buildPlan(parseConfig(configWith((c) => (c.registration = { access: { jira: ["jira:read"] } }))));
    expect(off.registration.access).toEqual([]);
  });

  it("carries the IdP sections for the translators", () => {
    const plan = buildPlan(parseConfig(configWith((c) => Object.assign(c, { okta: { groups: ["Engineers"] }, keycloak: { realm: "mcp", createRealm: true } }))));
    expect(plan.settings).toEqual({ auth0: undefined, okta: { groups: ["Engineers"] }, keycloak: { realm: "mcp", createRealm: true, realmRotatesRefreshTokens: false, nativeResourceIndicators: false } });
  });

  it("validates a config that did not come from parseConfig", () => {
    expect(buildPlan(baseConfig() as never)).toEqual(buildPlan(parseConfig(baseConfig())));
    expect(() => buildPlan({ version: 1 } as never)).toThrow(ConfigError);
  });

  it("plans the example file: three audiences, five grants", () => {
    const plan = buildPlan(loadConfigFile("examples/mcp-auth.yaml"));
    expect(plan.resources.map((resource) => [resource.key, resource.uri])).toEqual([
      ["docs", "https://docs-mcp.example.com/mcp"],
      ["github", "https://mcp.example.com/github"],
      ["jira", "https://mcp.example.com/jira"],
    ]);
    expect(plan.grants.map((grant) => `${grant.key}:${grant.scopes.join(" ")}`)).toEqual([
      "ci-reviewer/docs:docs:search",
      "ci-reviewer/github:github:read",
      "desktop-agent/docs:docs:search",
      "desktop-agent/github:github:read github:write",
      "desktop-agent/jira:jira:read",
    ]);
  });
});

describe("buildPlan: registration policy", () => {
  it("carries maxClients and the allowed hosts, lower case and sorted", () => {
    const plan = buildPlan(parseConfig(configWith((c) => (c.registration = {
      dynamic: { maxClients: 50 },
      clientIdMetadataDocuments: { allowedHosts: ["Z.example.com", "*.example.org", "a.example.com"] },
      access: { github: ["github:write", "github:read"] },
    }))));
    expect(plan.registration).toStrictEqual({
      dynamic: true,
      clientIdMetadataDocuments: true,
      maxClients: 50,
      metadataDocumentHosts: ["*.example.org", "a.example.com", "z.example.com"],
      access: [{ resourceKey: "github", audience: "https://mcp.example.com/github", scopes: ["github:read", "github:write"] }],
    });
  });

  it.each([
    [{ dynamic: true, clientIdMetadataDocuments: true }, { dynamic: true, clientIdMetadataDocuments: true, maxClients: undefined, metadataDocumentHosts: undefined }],
    [{ clientIdMetadataDocuments: { allowedHosts: [] } }, { dynamic: false, clientIdMetadataDocuments: true, maxClients: undefined, metadataDocumentHosts: [] }],
    [{ dynamic: { maxClients: 3 } }, { dynamic: true, clientIdMetadataDocuments: false, maxClients: 3, metadataDocumentHosts: undefined }],
    [{ dynamic: false, clientIdMetadataDocuments: false }, { dynamic: false, clientIdMetadataDocuments: false, maxClients: undefined, metadataDocumentHosts: undefined }],
  ])("plans %j: undefined hosts mean any host, [] none", (modes, expected) => {
    const plan = buildPlan(parseConfig(configWith((c) => (c.registration = { ...modes, access: { jira: ["jira:read"] } }))));
    const { access: _, ...policy } = plan.registration;
    expect(policy).toStrictEqual(expected);
  });
});
