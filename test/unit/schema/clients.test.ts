import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

const ALLOWED_GRANTS = "allowed grant types: authorization_code, refresh_token";

describe("client ↔ resource access (SECURITY.md §A.5)", () => {
  it("rejects access to an undeclared resource, naming the declared ones", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access.slack = ["slack:read"])))).toEqual([
      { path: "clients.agent.access.slack", message: "names no declared resource; declared resources: github, jira" },
    ]);
  });

  it("rejects a scope of another resource, naming the resource's own scopes", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access.jira = ["jira:read", "github:read"])))).toEqual([
      { path: "clients.agent.access.jira.1", message: '"github:read" is not a scope of resources.jira; its scopes: jira:read' },
    ]);
  });

  it("rejects an undeclared scope", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access.github = ["github:admin"])))).toEqual([
      { path: "clients.agent.access.github.0", message: '"github:admin" is not a scope of resources.github; its scopes: github:read, github:write' },
    ]);
  });

  it("rejects a scope listed twice", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access.github = ["github:read", "github:read"])))).toEqual([
      { path: "clients.agent.access.github.1", message: 'repeats "github:read"; list each scope once' },
    ]);
  });

  it("rejects an empty scope list for a resource", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access.github = [])))).toEqual([
      { path: "clients.agent.access.github", message: "must list at least one scope of that resource" },
    ]);
  });

  it("rejects a client with no access at all", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.access = {})))).toEqual([
      { path: "clients.agent.access", message: "must grant at least one resource, e.g. { github: [github:read] }: a client with no access could obtain no token" },
    ]);
    expect(issuesOf(configWith((c) => delete c.clients.agent.access))).toEqual([
      { path: "clients.agent.access", message: "is required and must map resource keys to lists of their scopes, e.g. { github: [github:read] }" },
    ]);
  });
});

describe("public, PKCE-only clients (SECURITY.md §A.6)", () => {
  it("derives grant types from refresh tokens", () => {
    const config = parseConfig(configWith(() => undefined));
    expect(config.clients["agent"]?.grantTypes).toEqual(["authorization_code"]);
    expect(config.clients["reviewer"]?.grantTypes).toEqual(["authorization_code", "refresh_token"]);
  });

  it("accepts the allowed grant types when spelled out", () => {
    const config = parseConfig(configWith((c) => (c.clients.reviewer.grantTypes = ["authorization_code", "refresh_token"])));
    expect(config.clients["reviewer"]?.grantTypes).toEqual(["authorization_code", "refresh_token"]);
  });

  it.each([
    ["implicit", `the implicit grant is removed in OAuth 2.1 (tokens leak through the URL); ${ALLOWED_GRANTS}`],
    ["token", `the implicit grant is removed in OAuth 2.1 (tokens leak through the URL); ${ALLOWED_GRANTS}`],
    ["password", `the password grant is removed in OAuth 2.1 (the client would see the user's password); ${ALLOWED_GRANTS}`],
    ["client_credentials", `client_credentials needs a confidential client; agent clients are public and act for a user; ${ALLOWED_GRANTS}`],
    ["urn:ietf:params:oauth:grant-type:device_code", `"urn:ietf:params:oauth:grant-type:device_code" is not allowed; ${ALLOWED_GRANTS}`],
  ])("rejects the grant type %s", (grant, message) => {
    expect(issuesOf(configWith((c) => (c.clients.agent.grantTypes = ["authorization_code", grant])))).toEqual([
      { path: "clients.agent.grantTypes.1", message },
    ]);
  });

  it("requires authorization_code among the grant types", () => {
    expect(issuesOf(configWith((c) => (c.clients.reviewer.grantTypes = ["refresh_token"])))).toEqual([
      { path: "clients.reviewer.grantTypes", message: "must include authorization_code, the only flow agent clients use" },
    ]);
  });

  it("rejects refresh_token without refresh token lifetimes, and refresh lifetimes without refresh_token", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.grantTypes = ["authorization_code", "refresh_token"])))).toEqual([
      { path: "clients.agent.grantTypes.1", message: "refresh_token needs refreshTokens: { idleLifetime, absoluteLifetime } on this client" },
    ]);
    expect(issuesOf(configWith((c) => (c.clients.reviewer.grantTypes = ["authorization_code"])))).toEqual([
      { path: "clients.reviewer.grantTypes", message: "lacks refresh_token while refreshTokens is set; add it or set refreshTokens: false" },
    ]);
  });

  it.each([
    ["clientSecret", "s3cr3t"],
    ["client_secret", "s3cr3t"],
    ["secret", "s3cr3t"],
  ])("rejects a client secret under %s", (key, value) => {
    expect(issuesOf(configWith((c) => (c.clients.agent[key] = value)))).toEqual([
      {
        path: `clients.agent.${key}`,
        message: `unknown key "${key}"; agent clients are public and hold no secret; PKCE (S256) protects the authorization code; allowed keys: name, redirectUris, access, refreshTokens, grantTypes, tokenEndpointAuthMethod, codeChallengeMethod`,
      },
    ]);
  });

  it.each(["client_secret_basic", "client_secret_post", "private_key_jwt"])("rejects tokenEndpointAuthMethod %s", (method) => {
    expect(issuesOf(configWith((c) => (c.clients.agent.tokenEndpointAuthMethod = method)))).toEqual([
      { path: "clients.agent.tokenEndpointAuthMethod", message: "must be none: agent clients are public and authenticate with PKCE, not a secret" },
    ]);
  });

  it("accepts tokenEndpointAuthMethod none and codeChallengeMethod S256", () => {
    expect(issuesOf(configWith((c) => Object.assign(c.clients.agent, { tokenEndpointAuthMethod: "none", codeChallengeMethod: "S256" })))).toEqual([]);
  });

  it.each([
    ["plain", "plain PKCE is refused (it protects nothing once the request leaks; OAuth 2.1 §4.1.1); must be S256"],
    ["S512", "must be S256, the only PKCE method allowed"],
    ["s256", "must be S256, the only PKCE method allowed"],
  ])("rejects codeChallengeMethod %s", (method, message) => {
    expect(issuesOf(configWith((c) => (c.clients.agent.codeChallengeMethod = method)))).toEqual([
      { path: "clients.agent.codeChallengeMethod", message },
    ]);
  });
});

describe("refresh tokens", () => {
  it.each([
    [undefined, false],
    [false, false],
    [true, { idleLifetime: 86_400, absoluteLifetime: 2_592_000 }],
    [{}, { idleLifetime: 86_400, absoluteLifetime: 2_592_000 }],
    [{ idleLifetime: "12h" }, { idleLifetime: 43_200, absoluteLifetime: 2_592_000 }],
    [{ idleLifetime: 3600, absoluteLifetime: "7d" }, { idleLifetime: 3600, absoluteLifetime: 604_800 }],
  ])("reads %j as %j", (refreshTokens, expected) => {
    const config = parseConfig(configWith((c) => (c.clients.agent.refreshTokens = refreshTokens)));
    expect(config.clients["agent"]?.refreshTokens).toEqual(expected);
  });

  it.each([
    ["yes", "clients.agent.refreshTokens", "must be false, true, or { idleLifetime, absoluteLifetime }"],
    [[], "clients.agent.refreshTokens", "must be false, true, or { idleLifetime, absoluteLifetime }"],
    [{ idleLifetime: "2d", absoluteLifetime: "1d" }, "clients.agent.refreshTokens.idleLifetime", "must not exceed absoluteLifetime"],
    [{ idle: "1d" }, "clients.agent.refreshTokens.idle", 'unknown key "idle" (did you mean "idleLifetime"?); allowed keys: idleLifetime, absoluteLifetime'],
    [{ absoluteLifetime: "forever" }, "clients.agent.refreshTokens.absoluteLifetime", 'must be a duration like 30s, 10m, 1h or 1d, or a whole number of seconds; got "forever"'],
  ])("rejects %j", (refreshTokens, path, message) => {
    expect(issuesOf(configWith((c) => (c.clients.agent.refreshTokens = refreshTokens)))).toEqual([{ path, message }]);
  });
});
