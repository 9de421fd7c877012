import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeEach, describe, expect, it } from "vitest";
import { Auth0McpAuthorization } from "../../src/index.js";
import { ConfigError, loadConfigFile } from "../../src/schema/index.js";
import { configWith, type McpAuthConfig } from "../support/configs.js";
import { installMocks, settled, valueOf } from "../support/pulumi-mocks.js";
import { thrownBy } from "../support/thrown.js";

const mocks = installMocks({
  // The one output Auth0 computes that the component reads: a client's generated id.
  outputs: (resource) => (resource.type === "auth0:index/client:Client" ? { clientId: `${resource.name}-client-id` } : {}),
  calls: (call) => (call.token === "auth0:index/getTenant:getTenant" ? { domain: "provider-tenant.eu.auth0.com" } : {}),
});
// A test's last registrations may still be in flight when it ends; let them land before forgetting them.
beforeEach(async () => {
  await settled();
  mocks.reset();
});

const SAMPLE = "examples/mcp-auth.yaml";
const DOMAIN = "tenant.example.com";

const RESOURCE_POLICY = { user: { policy: "require_client_grant" }, client: { policy: "deny_all" } };
const api = (name: string, identifier: string, tokenLifetime: number, skipConsent: boolean) => ({
  name,
  identifier,
  signingAlg: "RS256",
  tokenDialect: "rfc9068_profile",
  tokenLifetime,
  allowOfflineAccess: true,
  skipConsentForVerifiableFirstPartyClients: skipConsent,
  subjectTypeAuthorization: RESOURCE_POLICY,
});
const grant = (client: string, audience: string, scopes: string[]) => ({
  clientId: `mcp-client-${client}-client-id`,
  audience,
  scopes,
  subjectType: "user",
});

/** Every child the sample config yields, as the engine receives it: type, name and resolved inputs. */
const SAMPLE_CHILDREN = [
  { type: "auth0:index/tenant:Tenant", name: "mcp-tenant", inputs: { resourceParameterProfile: "compatibility", defaultAudience: "" } },
  {
    type: "auth0:index/resourceServer:ResourceServer",
    name: "mcp-api-docs",
    inputs: api("Documentation search", "https://docs-mcp.example.com/mcp", 3600, true),
  },
  {
    type: "auth0:index/resourceServerScopes:ResourceServerScopes",
    name: "mcp-api-docs-scopes",
    inputs: { resourceServerIdentifier: "https://docs-mcp.example.com/mcp", scopes: [{ name: "docs:search", description: "Search the internal documentation" }] },
  },
  { type: "auth0:index/resourceServer:ResourceServer", name: "mcp-api-github", inputs: api("GitHub tools", "https://mcp.example.com/github", 600, false) },
  {
    type: "auth0:index/resourceServerScopes:ResourceServerScopes",
    name: "mcp-api-github-scopes",
    inputs: {
      resourceServerIdentifier: "https://mcp.example.com/github",
      scopes: [
        { name: "github:read", description: "Read repositories, issues and pull requests" },
        { name: "github:write", description: "Push commits and open pull requests" },
      ],
    },
  },
  { type: "auth0:index/resourceServer:ResourceServer", name: "mcp-api-jira", inputs: api("Jira tools", "https://mcp.example.com/jira", 900, false) },
  {
    type: "auth0:index/resourceServerScopes:ResourceServerScopes",
    name: "mcp-api-jira-scopes",
    inputs: {
      resourceServerIdentifier: "https://mcp.example.com/jira",
      // jira:write is granted to no client and exists all the same.
      scopes: [
        { name: "jira:read", description: "Read issues and boards" },
        { name: "jira:write", description: "Create and transition issues" },
      ],
    },
  },
  {
    type: "auth0:index/client:Client",
    name: "mcp-client-ci-reviewer",
    inputs: {
      name: "Code review agent",
      description: "Managed by Pulumi",
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: ["https://agents.example.com/oauth/callback"],
      grantTypes: ["authorization_code"],
      jwtConfiguration: { alg: "RS256" },
    },
  },
  {
    type: "auth0:index/clientCredentials:ClientCredentials",
    name: "mcp-client-ci-reviewer-credentials",
    inputs: { clientId: "mcp-client-ci-reviewer-client-id", authenticationMethod: "none" },
  },
  { type: "auth0:index/clientGrant:ClientGrant", name: "mcp-grant-ci-reviewer.docs", inputs: grant("ci-reviewer", "https://docs-mcp.example.com/mcp", ["docs:search"]) },
  { type: "auth0:index/clientGrant:ClientGrant", name: "mcp-grant-ci-reviewer.github", inputs: grant("ci-reviewer", "https://mcp.example.com/github", ["github:read"]) },
  {
    type: "auth0:index/client:Client",
    name: "mcp-client-desktop-agent",
    inputs: {
      name: "Desktop agent",
      description: "Managed by Pulumi",
      appType: "native",
      isFirstParty: true,
      oidcConformant: true,
      callbacks: ["http://127.0.0.1/callback", "com.example.agent:/oauth/callback"],
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
  },
  {
    type: "auth0:index/clientCredentials:ClientCredentials",
    name: "mcp-client-desktop-agent-credentials",
    inputs: { clientId: "mcp-client-desktop-agent-client-id", authenticationMethod: "none" },
  },
  { type: "auth0:index/clientGrant:ClientGrant", name: "mcp-grant-desktop-agent.docs", inputs: grant("desktop-agent", "https://docs-mcp.example.com/mcp", ["docs:search"]) },
  {
    type: "auth0:index/clientGrant:ClientGrant",
    name: "mcp-grant-desktop-agent.github",
    inputs: grant("desktop-agent", "https://mcp.example.com/github", ["github:read", "github:write"]),
  },
  { type: "auth0:index/clientGrant:ClientGrant", name: "mcp-grant-desktop-agent.jira", inputs: grant("desktop-agent", "https://mcp.example.com/jira", ["jira:read"]) },
];

/** Children sorted by type and name: the engine may record them in any order. */
async function children() {
  await settled();
  return mocks
    .children()
    .map(({ type, name, inputs }) => ({ type, name, inputs }))
    .sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1));
}
const sorted = <T extends { type: string; name: string }>(list: T[]) => [...list].sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1));

/** The sample file as written, with every record's entries in reverse order. */
function reversedSample(): McpAuthConfig {
  const reverse = (value: unknown): any =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverse(inner)]))
      : value;
  return reverse(parse(readFileSync(SAMPLE, "utf8")));
}

describe("Auth0McpAuthorization under Pulumi mocks", () => {
  it("declares exactly the tenant, 3 APIs with their scopes, 2 clients with credentials and 5 grants", async () => {
    new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: DOMAIN });
    const declared = await children();
    expect(declared).toHaveLength(16);
    expect(declared).toEqual(sorted(SAMPLE_CHILDREN));
  });

  it("registers itself under the type token mcp-auth:auth0:Authorization", async () => {
    new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: DOMAIN });
    await settled();
    expect(mocks.resources.filter((resource) => !resource.custom).map(({ type, name }) => ({ type, name }))).toEqual([
      { type: "mcp-auth:auth0:Authorization", name: "mcp" },
    ]);
  });

  it("accepts the raw config object too, with the same children", async () => {
    new Auth0McpAuthorization("mcp", { config: parse(readFileSync(SAMPLE, "utf8")), domain: DOMAIN });
    expect(await children()).toEqual(sorted(SAMPLE_CHILDREN));
  });

  it("keeps every child name and input when the file is reordered", async () => {
    new Auth0McpAuthorization("mcp", { config: reversedSample(), domain: DOMAIN });
    expect(await children()).toEqual(sorted(SAMPLE_CHILDREN));
  });

  it("exposes per-resource outputs an MCP server can use as they are", async () => {
    const component = new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: DOMAIN });
    const github = component.resources["github"];
    expect(Object.keys(component.resources)).toEqual(["docs", "github", "jira"]);
    expect(await valueOf(github!.issuer)).toBe("https://tenant.example.com/");
    expect(await valueOf(github!.audience)).toBe("https://mcp.example.com/github");
    expect(await valueOf(github!.jwksUri)).toBe("https://tenant.example.com/.well-known/jwks.json");
    expect(await valueOf(github!.authorizationServerMetadataUrl)).toBe("https://tenant.example.com/.well-known/openid-configuration");
    expect(await valueOf(github!.protectedResourceMetadata)).toEqual({
      resource: "https://mcp.example.com/github",
      authorization_servers: ["https://tenant.example.com/"],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "GitHub tools",
      resource_documentation: "https://docs.example.com/mcp/github",
    });
    expect(await valueOf(github!.verifierOptions)).toEqual({
      issuer: "https://tenant.example.com/",
      resource: "https://mcp.example.com/github",
      jwksUri: "https://tenant.example.com/.well-known/jwks.json",
      algorithms: ["RS256"],
      tokenType: "at+jwt",
      allowedExtraAudiences: ["https://tenant.example.com/userinfo"],
    });
    expect(await valueOf(component.resources["docs"]!.verifierOptions)).toMatchObject({ resource: "https://docs-mcp.example.com/mcp" });
  });

  it("exposes each client's Auth0 client id", async () => {
    const component = new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: DOMAIN });
    expect(Object.keys(component.clients)).toEqual(["ci-reviewer", "desktop-agent"]);
    expect(await valueOf(component.clients["desktop-agent"]!.clientId)).toBe("mcp-client-desktop-agent-client-id");
    expect(await valueOf(component.clients["ci-reviewer"]!.clientId)).toBe("mcp-client-ci-reviewer-client-id");
  });

  it("takes the domain from an Output as well", async () => {
    const component = new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: pulumi.output("Login.Example.com") });
    expect(await valueOf(component.resources["jira"]!.issuer)).toBe("https://login.example.com/");
    expect(mocks.calls).toEqual([]);
  });

  it("reads the tenant domain from the auth0 provider when none is given", async () => {
    const component = new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE) });
    expect(await valueOf(component.resources["github"]!.issuer)).toBe("https://provider-tenant.eu.auth0.com/");
    expect(await valueOf(component.resources["github"]!.verifierOptions)).toMatchObject({
      jwksUri: "https://provider-tenant.eu.auth0.com/.well-known/jwks.json",
      allowedExtraAudiences: ["https://provider-tenant.eu.auth0.com/userinfo"],
    });
    expect(mocks.calls).toEqual([{ token: "auth0:index/getTenant:getTenant", inputs: {} }]);
  });

  it("refuses a domain with a scheme before declaring any child", async () => {
    const thrown = thrownBy(() => new Auth0McpAuthorization("mcp", { config: loadConfigFile(SAMPLE), domain: "https://tenant.example.com/" }));
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues).toEqual([
      {
        path: "domain",
        message:
          'domain must be the Auth0 tenant\'s host name, e.g. my-tenant.us.auth0.com or a custom domain such as login.example.com (no scheme, port or path); got "https://tenant.example.com/"',
      },
    ]);
    expect(await children()).toEqual([]);
    expect(mocks.resources).toEqual([]); // not even the component itself
  });

  it("refuses a config Auth0 cannot hold with a ConfigError, before declaring any child", async () => {
    const config = configWith((c) => (c.resources.github.name = "<GitHub>")) as McpAuthConfig;
    const thrown = thrownBy(() => new Auth0McpAuthorization("mcp", { config, domain: DOMAIN }));
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues).toEqual([
      { path: "resources.github.name", message: "contains < or >, which Auth0 refuses in API names; remove them (or omit name to use the key)" },
    ]);
    expect(await children()).toEqual([]);
    expect(mocks.resources).toEqual([]);
  });

  it("refuses an invalid config with the schema's ConfigError, before declaring any child", async () => {
    const config = configWith((c) => (c.resources.github.uri = "http://mcp.example.com/github")) as McpAuthConfig;
    expect(() => new Auth0McpAuthorization("mcp", { config, domain: DOMAIN })).toThrow(ConfigError);
    expect(await children()).toEqual([]);
    expect(mocks.resources).toEqual([]);
  });

  it("declares no tenant when auth0.manageTenantSettings is false", async () => {
    const config = { ...parse(readFileSync(SAMPLE, "utf8")), auth0: { manageTenantSettings: false } };
    new Auth0McpAuthorization("mcp", { config, domain: DOMAIN });
    expect(await children()).toEqual(sorted(SAMPLE_CHILDREN.slice(1)));
  });
});
