import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

describe("registration", () => {
  it("is off by default", () => {
    expect(parseConfig(configWith(() => undefined)).registration).toStrictEqual({ dynamic: false, clientIdMetadataDocuments: false, maxClients: undefined, metadataDocumentHosts: undefined, access: {} });
  });

  it("takes what registered clients may request, checked like a client's access", () => {
    const config = parseConfig(configWith((c) => (c.registration = { dynamic: true, access: { github: ["github:read"] } })));
    expect(config.registration).toStrictEqual({ dynamic: true, clientIdMetadataDocuments: false, maxClients: undefined, metadataDocumentHosts: undefined, access: { github: ["github:read"] } });
    expect(issuesOf(configWith((c) => (c.registration = { clientIdMetadataDocuments: true, access: { github: ["jira:read"], slack: ["x"] } })))).toEqual([
      { path: "registration.access.github.0", message: '"jira:read" is not a scope of resources.github; its scopes: github:read, github:write' },
      { path: "registration.access.slack", message: "names no declared resource; declared resources: github, jira" },
    ]);
  });

  it("requires access when registration is on", () => {
    expect(issuesOf(configWith((c) => (c.registration = { dynamic: true })))).toEqual([
      { path: "registration.access", message: "must grant at least one resource to registered clients, e.g. { github: [github:read] }" },
    ]);
  });

  it("warns when access is given but registration is off", () => {
    expect(parseConfig(configWith((c) => (c.registration = { access: { github: ["github:read"] } }))).warnings).toContainEqual({
      path: "registration.access",
      message: "has no effect while registration.dynamic and registration.clientIdMetadataDocuments are both false",
    });
  });

  it("warns about a resource no client can get a token for", () => {
    const config = parseConfig(configWith((c) => (c.clients.agent.access = { github: ["github:read"] })));
    expect(config.warnings).toEqual([{ path: "resources.jira", message: "is granted to no client, so no token can be obtained for it yet" }]);
  });
});

describe("IdP sections", () => {
  it("leaves absent sections absent and fills defaults inside present ones", () => {
    const config = parseConfig(configWith((c) => Object.assign(c, { auth0: {}, okta: {}, keycloak: { realm: "mcp" } })));
    expect([config.auth0, config.okta, config.keycloak]).toEqual([{ manageTenantSettings: true }, { groups: ["EVERYONE"] }, { realm: "mcp", createRealm: false, realmRotatesRefreshTokens: false, nativeResourceIndicators: false }]);
    const bare = parseConfig(configWith(() => undefined));
    expect([bare.auth0, bare.okta, bare.keycloak]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    [{ auth0: { manageTenantSettings: "yes" } }, "auth0.manageTenantSettings", "must be true or false"],
    [{ auth0: { domain: "x" } }, "auth0.domain", 'unknown key "domain"; allowed keys: manageTenantSettings'],
    [{ okta: { groups: [] } }, "okta.groups", "must list at least one group (EVERYONE admits every user)"],
    [{ okta: { groups: [""] } }, "okta.groups.0", "must be a non-empty Okta group name or id"],
    [{ keycloak: {} }, "keycloak.realm", "is required and must be a Keycloak realm name, e.g. mcp"],
    [{ keycloak: { realm: "master" } }, "keycloak.realm", "must not be master: keep MCP clients out of Keycloak's administration realm"],
    [{ keycloak: { realm: "my realm" } }, "keycloak.realm", "must be a Keycloak realm name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'"],
    [{ keycloak: { realm: "mcp", createRealm: 1 } }, "keycloak.createRealm", "must be true or false"],
    [{ keycloak: { realm: "mcp", realmRotatesRefreshTokens: "yes" } }, "keycloak.realmRotatesRefreshTokens", "must be true or false"],
  ])("rejects %j", (section, path, message) => {
    expect(issuesOf(configWith((c) => Object.assign(c, section)))).toEqual([{ path, message }]);
  });
});
