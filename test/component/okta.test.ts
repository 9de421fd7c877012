import * as okta from "@pulumi/okta";
import { beforeEach, describe, expect, it } from "vitest";
import { OktaMcpAuthorization } from "../../src/idp/okta/component.js";
import { OKTA_TYPES } from "../../src/idp/okta/translate-names.js";
import { ConfigError } from "../../src/schema/config-error.js";
import { parseConfig } from "../../src/schema/parse.js";
import { baseConfig, configWith } from "../support/configs.js";
import { installMocks, settled, valueOf, type RecordedResource } from "../support/pulumi-mocks.js";

const ISSUER = (serverName: string) => `https://example.okta.com/oauth2/${serverName}-id`;
const EVERYONE_ID = "00gEveryone000000000";

const mocks = installMocks({
  // What Okta would return: a server's issuer (https://<org>/oauth2/<server id>) and an app's client id.
  outputs: (resource) =>
    resource.type === OKTA_TYPES.server ? { issuer: ISSUER(resource.name) } : resource.type === OKTA_TYPES.app ? { clientId: `0oa-${resource.name}` } : {},
  calls: (call) => (call.token === OKTA_TYPES.everyoneGroup ? { id: EVERYONE_ID, description: "All users" } : { id: `00g-${call.inputs["name"]}` }),
});

/** Builds the component and waits until every child has reached the mocks. */
async function deploy(config: unknown, name = "mcp") {
  const component = new OktaMcpAuthorization(name, { config: config as never });
  await Promise.all(Object.values(component.resources).map((outputs) => valueOf(outputs.verifierOptions)));
  await Promise.all(Object.values(component.clients).map((outputs) => valueOf(outputs.clientId)));
  await settled();
  return component;
}

const byName = (resources: readonly RecordedResource[]) => Object.fromEntries(resources.map((r) => [r.name, { type: r.type, inputs: r.inputs }]));
const ofType = (type: string) => mocks.children().filter((r) => r.type === type);

const PUBLIC_APP = { type: "native", tokenEndpointAuthMethod: "none", pkceRequired: true, omitSecret: true, responseTypes: ["code"], wildcardRedirect: "DISABLED" };
const scopeInputs = (server: string, name: string, description: string, consent: string) => ({
  authServerId: `${server}-id`,
  name,
  description,
  consent,
  metadataPublish: "ALL_CLIENTS",
  default: false,
});

describe("OktaMcpAuthorization under Pulumi mocks", () => {
  beforeEach(() => mocks.reset());

  it("registers itself with the type token mcp-auth:okta:Authorization and declares exactly these children", async () => {
    await deploy(baseConfig());
    expect(mocks.resources.filter((r) => !r.custom)).toEqual([{ type: "mcp-auth:okta:Authorization", name: "mcp", inputs: {}, custom: false }]);
    expect(byName(mocks.children())).toEqual({
      "mcp-client-agent": {
        type: "okta:app/oAuth:OAuth",
        inputs: { label: "agent", ...PUBLIC_APP, grantTypes: ["authorization_code"], redirectUris: ["http://127.0.0.1/callback"], consentMethod: "TRUSTED" },
      },
      "mcp-client-reviewer": {
        type: "okta:app/oAuth:OAuth",
        inputs: {
          label: "reviewer",
          ...PUBLIC_APP,
          grantTypes: ["authorization_code", "refresh_token"],
          redirectUris: ["https://agents.example.com/cb"],
          consentMethod: "REQUIRED",
          refreshTokenRotation: "ROTATE",
          refreshTokenLeeway: 0,
        },
      },
      "mcp-groups-agent": {
        type: "okta:index/appGroupAssignments:AppGroupAssignments",
        inputs: { appId: "mcp-client-agent-id", groups: [{ id: EVERYONE_ID, profile: "{}" }] },
      },
      "mcp-groups-reviewer": {
        type: "okta:index/appGroupAssignments:AppGroupAssignments",
        inputs: { appId: "mcp-client-reviewer-id", groups: [{ id: EVERYONE_ID, profile: "{}" }] },
      },
      "mcp-api-github": {
        type: "okta:auth/server:Server",
        inputs: {
          name: "mcp-github",
          description: "MCP resource github (https://mcp.example.com/github), managed by pulumi-mcp-auth",
          audiences: ["https://mcp.example.com/github"],
          issuerMode: "ORG_URL",
        },
      },
      "mcp-api-jira": {
        type: "okta:auth/server:Server",
        inputs: {
          name: "mcp-jira",
          description: "MCP resource jira (https://mcp.example.com/jira), managed by pulumi-mcp-auth",
          audiences: ["https://mcp.example.com/jira"],
          issuerMode: "ORG_URL",
        },
      },
      "mcp-scope-github/github:read": { type: "okta:auth/serverScope:ServerScope", inputs: scopeInputs("mcp-api-github", "github:read", "Read repositories", "IMPLICIT") },
      "mcp-scope-github/github:write": { type: "okta:auth/serverScope:ServerScope", inputs: scopeInputs("mcp-api-github", "github:write", "Push commits", "REQUIRED") },
      "mcp-scope-jira/jira:read": { type: "okta:auth/serverScope:ServerScope", inputs: scopeInputs("mcp-api-jira", "jira:read", "Read issues", "IMPLICIT") },
      "mcp-policy-github/agent": {
        type: "okta:auth/serverPolicy:ServerPolicy",
        inputs: {
          authServerId: "mcp-api-github-id",
          name: "clients-agent",
          description: "Admits agent to https://mcp.example.com/github with github:read",
          priority: 1,
          clientWhitelists: ["0oa-mcp-client-agent"],
        },
      },
      "mcp-policy-github/reviewer": {
        type: "okta:auth/serverPolicy:ServerPolicy",
        inputs: {
          authServerId: "mcp-api-github-id",
          name: "clients-reviewer",
          description: "Admits reviewer to https://mcp.example.com/github with github:read github:write + offline_access",
          priority: 2,
          clientWhitelists: ["0oa-mcp-client-reviewer"],
        },
      },
      "mcp-policy-jira/agent": {
        type: "okta:auth/serverPolicy:ServerPolicy",
        inputs: {
          authServerId: "mcp-api-jira-id",
          name: "clients-agent",
          description: "Admits agent to https://mcp.example.com/jira with jira:read",
          priority: 1,
          clientWhitelists: ["0oa-mcp-client-agent"],
        },
      },
      "mcp-rule-github/agent": {
        type: "okta:auth/serverPolicyRule:ServerPolicyRule",
        inputs: {
          authServerId: "mcp-api-github-id",
          policyId: "mcp-policy-github/agent-id",
          name: "scopes-agent",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "github:read"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
        },
      },
      "mcp-rule-github/reviewer": {
        type: "okta:auth/serverPolicyRule:ServerPolicyRule",
        inputs: {
          authServerId: "mcp-api-github-id",
          policyId: "mcp-policy-github/reviewer-id",
          name: "scopes-reviewer",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "github:read", "github:write", "offline_access"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
          refreshTokenWindowMinutes: 1440,
          refreshTokenLifetimeMinutes: 43_200,
        },
      },
      "mcp-rule-jira/agent": {
        type: "okta:auth/serverPolicyRule:ServerPolicyRule",
        inputs: {
          authServerId: "mcp-api-jira-id",
          policyId: "mcp-policy-jira/agent-id",
          name: "scopes-agent",
          priority: 1,
          grantTypeWhitelists: ["authorization_code"],
          scopeWhitelists: ["openid", "jira:read"],
          groupWhitelists: ["EVERYONE"],
          accessTokenLifetimeMinutes: 10,
        },
      },
    });
    expect(mocks.children()).toHaveLength(15);
    expect(mocks.calls).toEqual([{ token: "okta:group/getEveryoneGroup:getEveryoneGroup", inputs: {} }]);
  });

  it("admits to each server's policies exactly the client ids granted that resource, each client once", async () => {
    const config = configWith((c) => {
      c.clients.alpha = { redirectUris: ["https://a.example.com/cb"], access: { jira: ["jira:read"], github: ["github:read", "github:write"] } };
    });
    await deploy(config);
    const admitted = Object.fromEntries(ofType(OKTA_TYPES.policy).map((p) => [p.name, [p.inputs["priority"], p.inputs["clientWhitelists"]]]));
    expect(admitted).toEqual({
      // alpha asks for what reviewer has but holds no refresh tokens: a policy of its own.
      "mcp-policy-github/agent": [1, ["0oa-mcp-client-agent"]],
      "mcp-policy-github/alpha": [2, ["0oa-mcp-client-alpha"]],
      "mcp-policy-github/reviewer": [3, ["0oa-mcp-client-reviewer"]],
      // agent and alpha have identical jira grants: one policy for both.
      "mcp-policy-jira/agent": [1, ["0oa-mcp-client-agent", "0oa-mcp-client-alpha"]],
    });
  });

  it("declares R + S + 2·P + 2·C children (formula in translate.ts), and reads EVERYONE once", async () => {
    const config = configWith((c) => {
      c.resources.docs = { uri: "https://docs-mcp.example.com/mcp", scopes: { "docs:search": "Search", "docs:admin-read": "Admin read" } };
      c.clients.third = { redirectUris: ["com.example.third:/cb"], access: { docs: ["docs:search"], jira: ["jira:read"] } };
      c.clients.fourth = { redirectUris: ["com.example.fourth:/cb"], access: { docs: ["docs:search"] } };
    });
    await deploy(config);
    // R = 3, S = 5, C = 4; P: github {agent | reviewer} = 2, jira {agent, third} = 1, docs {third, fourth} = 1.
    const [R, S, C, P] = [3, 5, 4, 4];
    expect(mocks.children()).toHaveLength(R + S + 2 * P + 2 * C);
    expect(
      Object.fromEntries(Object.values(OKTA_TYPES).map((type) => [type, ofType(type).length]).filter(([, count]) => count !== 0)),
    ).toEqual({
      [OKTA_TYPES.server]: R,
      [OKTA_TYPES.scope]: S,
      [OKTA_TYPES.policy]: P,
      [OKTA_TYPES.rule]: P,
      [OKTA_TYPES.app]: C,
      [OKTA_TYPES.appGroups]: C,
    });
    expect(mocks.calls).toHaveLength(1);
  });

  it("looks named groups up and admits their ids to rules and app assignments", async () => {
    await deploy(configWith((c) => (c.okta = { groups: ["Engineers", "EVERYONE"] })));
    expect(mocks.calls).toEqual([
      { token: "okta:group/getEveryoneGroup:getEveryoneGroup", inputs: {} },
      { token: "okta:group/getGroup:getGroup", inputs: { name: "Engineers" } },
    ]);
    expect(ofType(OKTA_TYPES.appGroups).map((a) => a.inputs["groups"])).toEqual([
      [{ id: EVERYONE_ID, profile: "{}" }, { id: "00g-Engineers", profile: "{}" }],
      [{ id: EVERYONE_ID, profile: "{}" }, { id: "00g-Engineers", profile: "{}" }],
    ]);
    expect(new Set(ofType(OKTA_TYPES.rule).map((r) => JSON.stringify(r.inputs["groupWhitelists"])))).toEqual(new Set([JSON.stringify(["EVERYONE", "00g-Engineers"])]));
  });

  it("renames nothing and changes no input when the file is written in another order", async () => {
    await deploy(baseConfig());
    const original = byName(mocks.children());
    mocks.reset();
    const config = baseConfig();
    const reordered = {
      clients: { reviewer: { ...config.clients.reviewer, access: { github: ["github:write", "github:read"] } }, agent: { ...config.clients.agent, access: { jira: ["jira:read"], github: ["github:read"] } } },
      resources: { jira: config.resources.jira, github: { scopes: { "github:write": config.resources.github.scopes["github:write"], "github:read": "Read repositories" }, uri: config.resources.github.uri } },
      version: 1,
    };
    await deploy(reordered, "mcp");
    expect(byName(mocks.children())).toEqual(original);
  });

  it("exposes per-resource outputs from each server's own issuer, and per-client ids", async () => {
    const component = await deploy(configWith((c) => (c.resources.github.documentation = "https://docs.example.com/mcp/github")));
    const github = component.resources["github"]!;
    const issuer = ISSUER("mcp-api-github");
    expect(Object.keys(component.resources)).toEqual(["github", "jira"]);
    expect(await valueOf(github.issuer)).toBe(issuer);
    expect(await valueOf(github.audience)).toBe("https://mcp.example.com/github");
    expect(await valueOf(github.jwksUri)).toBe(`${issuer}/v1/keys`);
    expect(await valueOf(github.authorizationServerMetadataUrl)).toBe(`${issuer}/.well-known/oauth-authorization-server`);
    expect(await valueOf(github.protectedResourceMetadata)).toEqual({
      resource: "https://mcp.example.com/github",
      authorization_servers: [issuer],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "github",
      resource_documentation: "https://docs.example.com/mcp/github",
    });
    expect(await valueOf(github.verifierOptions)).toEqual({ issuer, resource: "https://mcp.example.com/github", jwksUri: `${issuer}/v1/keys`, algorithms: ["RS256"] });
    expect(await valueOf(component.resources["jira"]!.issuer)).toBe(ISSUER("mcp-api-jira"));
    expect(Object.keys(component.clients)).toEqual(["agent", "reviewer"]);
    expect(await valueOf(component.clients["agent"]!.clientId)).toBe("0oa-mcp-client-agent");
    expect(await valueOf(component.clients["reviewer"]!.clientId)).toBe("0oa-mcp-client-reviewer");
  });

  it("accepts a config parsed beforehand as well as the raw object", async () => {
    await deploy(parseConfig(baseConfig()));
    const fromParsed = byName(mocks.children());
    mocks.reset();
    await deploy(baseConfig());
    expect(byName(mocks.children())).toEqual(fromParsed);
  });

  it.each([
    ["an invalid config", configWith((c) => (c.clients.agent.redirectUris = ["http://localhost:8080/cb#x"]))],
    ["dynamic registration, which Okta cannot do", configWith((c) => (c.registration = { dynamic: true, access: { github: ["github:read"] } }))],
  ])("throws ConfigError for %s and declares nothing, not even itself", async (_what, config) => {
    expect(() => new OktaMcpAuthorization("mcp", { config: config as never })).toThrow(ConfigError);
    await settled();
    expect(mocks.resources).toEqual([]);
    expect(mocks.calls).toEqual([]);
  });
});

describe("Okta type tokens", () => {
  it("match the installed @pulumi/okta classes", () => {
    const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;
    expect({
      server: tokenOf(okta.auth.Server),
      scope: tokenOf(okta.auth.ServerScope),
      policy: tokenOf(okta.auth.ServerPolicy),
      rule: tokenOf(okta.auth.ServerPolicyRule),
      app: tokenOf(okta.app.OAuth),
      appGroups: tokenOf(okta.AppGroupAssignments),
    }).toEqual({
      server: OKTA_TYPES.server,
      scope: OKTA_TYPES.scope,
      policy: OKTA_TYPES.policy,
      rule: OKTA_TYPES.rule,
      app: OKTA_TYPES.app,
      appGroups: OKTA_TYPES.appGroups,
    });
  });
});
