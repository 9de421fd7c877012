import { beforeEach, describe, expect, it } from "vitest";
import { installMocks, settled, valueOf } from "../support/pulumi-mocks.js";
import { KeycloakMcpAuthorization } from "../../src/idp/keycloak/component.js";
import { ConfigError } from "../../src/schema/index.js";
import { baseConfig, configWith } from "../support/configs.js";
import { thrownBy } from "../support/thrown.js";

const mocks = installMocks();
beforeEach(() => mocks.reset());

const BASE_URL = "https://keycloak.example.com";

function keycloakConfig(createRealm = true) {
  return configWith((c) => {
    // An existing realm holds refresh-token clients only when the file states it rotates them.
    c.keycloak = { realm: "mcp", createRealm, ...(createRealm ? {} : { realmRotatesRefreshTokens: true }) };
  });
}

async function build(config: unknown, baseUrl = BASE_URL) {
  const component = new KeycloakMcpAuthorization("auth", { config: config as any, baseUrl });
  await settled();
  return component;
}

const byName = (name: string) => mocks.children().find((child) => child.name === name);

describe("KeycloakMcpAuthorization under Pulumi mocks", () => {
  it("registers itself with its type token and exactly R + 2·S + 3·C children", async () => {
    await build(keycloakConfig());
    expect(mocks.resources.filter((r) => !r.custom).map((r) => [r.type, r.name])).toEqual([["mcp-auth:keycloak:Authorization", "auth"]]);
    // The engine receives a child once its inputs resolve, so the order of arrival is not the spec order.
    const byTypeAndName = (a: string[], b: string[]) => (a.join(" ") < b.join(" ") ? -1 : 1);
    expect(mocks.children().map((child) => [child.type, child.name]).sort(byTypeAndName)).toEqual([
      ["keycloak:index/realm:Realm", "auth-realm"],
      ["keycloak:openid/clientScope:ClientScope", "auth-scope-github:read"],
      ["keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper", "auth-audience-github:read"],
      ["keycloak:openid/clientScope:ClientScope", "auth-scope-github:write"],
      ["keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper", "auth-audience-github:write"],
      ["keycloak:openid/clientScope:ClientScope", "auth-scope-jira:read"],
      ["keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper", "auth-audience-jira:read"],
      ["keycloak:openid/client:Client", "auth-client-agent"],
      ["keycloak:openid/clientDefaultScopes:ClientDefaultScopes", "auth-client-agent-default-scopes"],
      ["keycloak:openid/clientOptionalScopes:ClientOptionalScopes", "auth-client-agent-optional-scopes"],
      ["keycloak:openid/client:Client", "auth-client-reviewer"],
      ["keycloak:openid/clientDefaultScopes:ClientDefaultScopes", "auth-client-reviewer-default-scopes"],
      ["keycloak:openid/clientOptionalScopes:ClientOptionalScopes", "auth-client-reviewer-optional-scopes"],
    ].sort(byTypeAndName));
    expect(mocks.children()).toHaveLength(1 + 2 * 3 + 3 * 2);
  });

  it("sends the realm exactly these inputs", async () => {
    await build(keycloakConfig());
    expect(byName("auth-realm")?.inputs).toEqual({
      realm: "mcp",
      enabled: true,
      defaultSignatureAlgorithm: "RS256",
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      accessTokenLifespan: "600s",
      offlineSessionIdleTimeout: "86400s",
      offlineSessionMaxLifespanEnabled: true,
      offlineSessionMaxLifespan: "2592000s",
    });
  });

  it("hangs each audience mapper on its own scope's client scope, with that scope's resource URI", async () => {
    await build(keycloakConfig());
    const mappers = mocks.children().filter((child) => child.type === "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper");
    expect(mappers.map((mapper) => mapper.inputs)).toEqual(
      [
        ["github:read", "https://mcp.example.com/github"],
        ["github:write", "https://mcp.example.com/github"],
        ["jira:read", "https://mcp.example.com/jira"],
      ].map(([scope, uri]) => ({
        realmId: "mcp",
        clientScopeId: `auth-scope-${scope}-id`,
        name: "mcp-resource-audience",
        includedCustomAudience: uri,
        addToAccessToken: true,
        addToIdToken: false,
        addToTokenIntrospection: true,
      })),
    );
    expect(byName("auth-scope-github:write")?.inputs).toEqual({
      realmId: "mcp",
      name: "github:write",
      description: "Push commits",
      consentScreenText: "Push commits",
      includeInTokenScope: true,
    });
  });

  it("gives each client its granted scopes as optional scopes and only basic as default, by the client's id", async () => {
    await build(keycloakConfig());
    expect(byName("auth-client-agent-default-scopes")?.inputs).toEqual({ realmId: "mcp", clientId: "auth-client-agent-id", defaultScopes: ["basic"] });
    expect(byName("auth-client-agent-optional-scopes")?.inputs).toEqual({
      realmId: "mcp",
      clientId: "auth-client-agent-id",
      optionalScopes: ["github:read", "jira:read"],
    });
    expect(byName("auth-client-reviewer-default-scopes")?.inputs).toEqual({ realmId: "mcp", clientId: "auth-client-reviewer-id", defaultScopes: ["basic"] });
    expect(byName("auth-client-reviewer-optional-scopes")?.inputs).toEqual({
      realmId: "mcp",
      clientId: "auth-client-reviewer-id",
      optionalScopes: ["github:read", "github:write", "offline_access"],
    });
  });

  it("declares public, PKCE-only clients with the standard flow only", async () => {
    await build(keycloakConfig(false));
    expect(byName("auth-client-agent")?.inputs).toEqual({
      realmId: "mcp",
      clientId: "agent",
      name: "agent",
      accessType: "PUBLIC",
      enabled: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      pkceCodeChallengeMethod: "S256",
      validRedirectUris: ["http://127.0.0.1/callback"],
      fullScopeAllowed: false,
      consentRequired: false,
      accessTokenLifespan: "600",
      useRefreshTokens: false,
    });
    expect(mocks.children().some((child) => child.type === "keycloak:index/realm:Realm")).toBe(false);
  });

  it("exposes per resource the outputs an MCP server needs, and per client its clientId", async () => {
    const component = await build(keycloakConfig(), "https://keycloak.example.com/auth/");
    const issuer = "https://keycloak.example.com/auth/realms/mcp";
    expect(Object.keys(component.resources)).toEqual(["github", "jira"]);
    const github = component.resources["github"]!;
    expect(await valueOf(component.issuer)).toBe(issuer);
    expect(await valueOf(component.realm)).toBe("mcp");
    expect(await valueOf(github.issuer)).toBe(issuer);
    expect(await valueOf(github.audience)).toBe("https://mcp.example.com/github");
    expect(await valueOf(github.jwksUri)).toBe(`${issuer}/protocol/openid-connect/certs`);
    expect(await valueOf(github.authorizationServerMetadataUrl)).toBe(`${issuer}/.well-known/openid-configuration`);
    expect(await valueOf(github.protectedResourceMetadata)).toEqual({
      resource: "https://mcp.example.com/github",
      authorization_servers: [issuer],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "github",
    });
    expect(await valueOf(github.verifierOptions)).toEqual({
      issuer,
      resource: "https://mcp.example.com/github",
      jwksUri: `${issuer}/protocol/openid-connect/certs`,
      algorithms: ["RS256"],
    });
    expect(await valueOf(component.resources["jira"]!.verifierOptions)).toMatchObject({ resource: "https://mcp.example.com/jira" });
    expect(Object.keys(component.clients)).toEqual(["agent", "reviewer"]);
    expect(await valueOf(component.clients["agent"]!.clientId)).toBe("agent");
    expect(await valueOf(component.clients["reviewer"]!.clientId)).toBe("reviewer");
  });

  it("pins no algorithm for a realm it did not create", async () => {
    const component = await build(keycloakConfig(false));
    expect(await valueOf(component.resources["github"]!.verifierOptions)).toEqual({
      issuer: "https://keycloak.example.com/realms/mcp",
      resource: "https://mcp.example.com/github",
      jwksUri: "https://keycloak.example.com/realms/mcp/protocol/openid-connect/certs",
    });
  });

  it("with both registration modes on: 6 registration policies with exact inputs, and the manual steps as an output", async () => {
    const config = keycloakConfig();
    config.registration = {
      dynamic: { maxClients: 10 },
      clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] },
      access: { github: ["github:read", "github:write"], jira: ["jira:read"] },
    };
    const component = await build(config);
    expect(mocks.children()).toHaveLength(1 + 2 * 3 + 3 * 2 + 6);
    const policies = mocks.children().filter((child) => child.type === "keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy");
    expect(policies.map((policy) => [policy.name, policy.inputs]).sort()).toEqual(
      [
        ["auth-registration-allowed-client-scopes", { realmId: "mcp", name: "mcp-allowed-client-scopes", providerId: "allowed-client-templates", subType: "anonymous", config: { "allowed-client-scopes": "github:read,github:write,jira:read", "allow-default-scopes": "true" } }],
        ["auth-registration-allowed-protocol-mappers", { realmId: "mcp", name: "mcp-allowed-protocol-mappers", providerId: "allowed-protocol-mappers", subType: "anonymous", config: { "allowed-protocol-mapper-types": "" } }],
        ["auth-registration-consent-required", { realmId: "mcp", name: "mcp-consent-required", providerId: "consent-required", subType: "anonymous" }],
        ["auth-registration-full-scope-disabled", { realmId: "mcp", name: "mcp-full-scope-disabled", providerId: "scope", subType: "anonymous" }],
        ["auth-registration-max-clients", { realmId: "mcp", name: "mcp-max-clients", providerId: "max-clients", subType: "anonymous", config: { "max-clients": "18" } }],
        [
          "auth-registration-trusted-hosts",
          {
            realmId: "mcp",
            name: "mcp-trusted-hosts",
            providerId: "trusted-hosts",
            subType: "anonymous",
            config: { "trusted-hosts": "127.0.0.1,[::1],localhost", "host-sending-registration-request-must-match": "false", "client-uris-must-match": "true" },
          },
        ],
      ].sort(),
    );
    const steps = await valueOf(component.manualSteps);
    expect(steps).toHaveLength(4);
    expect(steps[1]).toContain("--features=cimd");
    expect(steps[3]).toContain('"update-client-source":["ByAnonymous"]');
  });

  it("has no manual steps for a created realm without registration", async () => {
    const component = await build(keycloakConfig());
    expect(await valueOf(component.manualSteps)).toEqual([]);
  });

  it("keeps every name and input when the file is reordered", async () => {
    await build(keycloakConfig());
    const before = mocks.children().map((child) => [child.name, child.inputs] as const);
    mocks.reset();
    const config = keycloakConfig();
    const reordered = {
      keycloak: config.keycloak,
      clients: { reviewer: config.clients.reviewer, agent: { ...config.clients.agent, access: { jira: ["jira:read"], github: ["github:read"] } } },
      resources: { jira: config.resources.jira, github: { ...config.resources.github, scopes: { "github:write": config.resources.github.scopes["github:write"], "github:read": "Read repositories" } } },
      version: 1,
    };
    await build(reordered);
    const after = mocks.children().map((child) => [child.name, child.inputs] as const);
    expect(new Map(after)).toEqual(new Map(before));
    expect(after).toHaveLength(before.length);
  });

  it.each([
    [{ config: baseConfig(), baseUrl: BASE_URL }, "keycloak.realm"],
    [{ config: keycloakConfig(), baseUrl: "http://keycloak.example.com" }, "baseUrl"],
    [{ config: keycloakConfig(), baseUrl: "https://keycloak.example.com?x=1" }, "baseUrl"],
    [{ config: configWith((c) => (c.keycloak = { realm: "mcp", createRealm: true }, c.clients.broker = c.clients.agent)), baseUrl: BASE_URL }, "clients.broker"],
    [{ config: configWith((c) => (c.keycloak = { realm: "mcp" })), baseUrl: BASE_URL }, "clients.reviewer.refreshTokens"],
    [{ config: configWith((c) => (c.version = 2)), baseUrl: BASE_URL }, "version"],
  ])("throws ConfigError before registering anything: %#", async (args, path) => {
    const thrown = thrownBy(() => new KeycloakMcpAuthorization("auth", args as any));
    await settled();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual([path]);
    expect(mocks.resources).toEqual([]);
  });
});
