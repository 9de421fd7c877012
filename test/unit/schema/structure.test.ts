import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/schema/index.js";
import { baseConfig, configWith, issuesOf } from "../../support/configs.js";
import { thrownBy } from "../../support/thrown.js";

const KEY_RULE = "must be a lower-case letter followed by up to 39 lower-case letters, digits or hyphens (^[a-z][a-z0-9-]{0,39}$)";
const ROOT_KEYS = "$schema, version, resources, clients, registration, auth0, okta, keycloak";

describe("keys and strict objects (SECURITY.md §A.8)", () => {
  it.each(["a", "gh", "git-hub-2", "a".repeat(40)])("accepts the key %j", (key) => {
    const config = configWith((c) => {
      c.resources[key] = { uri: `https://mcp.example.com/k/${key}`, scopes: { [`${key}:x`]: "X" } };
    });
    expect(Object.keys(parseConfig(config).resources)).toContain(key);
  });

  it.each(["GitHub", "1github", "-github", "git_hub", "git.hub", "a".repeat(41), "", "ünicode"])("rejects the resource key %j", (key) => {
    const config = configWith((c) => {
      // defineProperty, so that "__proto__" becomes an own key as JSON.parse would make it.
      Object.defineProperty(c.resources, key, { value: { uri: "https://mcp.example.com/other", scopes: { "other:x": "X" } }, enumerable: true });
    });
    const path = key === "" ? 'resources.""' : `resources.${key}`;
    expect(issuesOf(config)).toEqual([{ path, message: `key ${JSON.stringify(key)} ${KEY_RULE}` }]);
  });

  it.each([
    ['{"version":1,"resources":{"__proto__":{"uri":"https://a.example.com/mcp","scopes":{"a:b":"x"}}}}', "resources.__proto__"],
    ['{"version":1,"resources":{"a":{"uri":"https://a.example.com/mcp","scopes":{"a:b":"x","__proto__":"y"}}}}', "resources.a.scopes.__proto__"],
  ])("rejects an own __proto__ key instead of letting it vanish (%#)", (json, path) => {
    expect(issuesOf(JSON.parse(json))).toContainEqual({ path, message: 'must not be used as a key: "__proto__" is reserved in JavaScript objects' });
  });

  it("rejects a bad client key the same way", () => {
    const config = configWith((c) => {
      c.clients.Agent = c.clients.agent;
      delete c.clients.agent;
    });
    expect(issuesOf(config)).toEqual([{ path: "clients.Agent", message: `key "Agent" ${KEY_RULE}` }]);
  });

  it("names every unknown key at its own path with the allowed keys, suggesting near misses", () => {
    const config = configWith((c) => {
      c.resource = {};
      c.resources.github.scope = {};
      c.clients.agent.redirectUri = "x";
    });
    expect(issuesOf(config)).toEqual([
      { path: "resources.github.scope", message: 'unknown key "scope" (did you mean "scopes"?); allowed keys: uri, name, scopes, accessTokenLifetime, documentation' },
      {
        path: "clients.agent.redirectUri",
        message: 'unknown key "redirectUri" (did you mean "redirectUris"?); allowed keys: name, redirectUris, access, refreshTokens, grantTypes, tokenEndpointAuthMethod, codeChallengeMethod',
      },
      { path: "resource", message: `unknown key "resource" (did you mean "resources"?); allowed keys: ${ROOT_KEYS}` },
    ]);
  });

  it.each([
    [null, `must be an object with the keys ${ROOT_KEYS}`],
    [[], `must be an object with the keys ${ROOT_KEYS}`],
    ["version: 1", `must be an object with the keys ${ROOT_KEYS}`],
    [42, `must be an object with the keys ${ROOT_KEYS}`],
    [undefined, `must be an object with the keys ${ROOT_KEYS}`],
  ])("rejects the non-object input %j at the root", (input, message) => {
    expect(issuesOf(input)).toEqual([{ path: "", message }]);
  });

  it("requires version 1 and at least one resource", () => {
    expect(issuesOf({ resources: {} })).toEqual([
      { path: "version", message: "is required and must be 1, the only file format version" },
      { path: "resources", message: "must declare at least one MCP resource" },
    ]);
    expect(issuesOf(configWith((c) => (c.version = 2)))).toEqual([{ path: "version", message: "must be 1, the only file format version" }]);
    expect(issuesOf({ version: 1 })).toEqual([
      { path: "resources", message: "is required and must map resource keys to MCP resources, e.g. { github: { uri, scopes } }" },
    ]);
  });

  it("accepts a $schema key for JSON editors and no clients at all", () => {
    const config = configWith((c) => {
      c.$schema = "./mcp-auth.schema.json";
      delete c.clients;
    });
    expect(parseConfig(config).clients).toEqual({});
  });

  it("collects every issue of a file in one ConfigError", () => {
    const config = configWith((c) => {
      c.resources.github.uri = "http://mcp.example.com/github";
      c.resources.jira.scopes["github:read"] = "dup";
      c.clients.agent.redirectUris = ["http://127.0.0.1:9/cb"];
      c.clients.agent.access.slack = ["x"];
    });
    const error = thrownBy(() => parseConfig(config));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("MCP_AUTH_CONFIG_INVALID");
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
      "resources.github.uri",
      "clients.agent.redirectUris.0",
      "resources.jira.scopes.github:read",
      "clients.agent.access.slack",
    ]);
    expect((error as ConfigError).message).toBe(
      [
        "Invalid pulumi-mcp-auth config (4 issues):",
        "  - resources.github.uri: must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)",
        "  - clients.agent.redirectUris.0: must be registered without a port: the authorization server accepts any port on loopback (RFC 8252 §7.3)",
        "  - resources.jira.scopes.github:read: is already declared by resources.github; scope names must be unique across the file (a shared scope would make one token valid at both resources)",
        "  - clients.agent.access.slack: names no declared resource; declared resources: github, jira",
      ].join("\n"),
    );
  });

  it("returns a deeply frozen config that parses the same way twice", () => {
    const config = parseConfig(baseConfig());
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.resources["github"]?.scopes)).toBe(true);
    expect(parseConfig(baseConfig())).toEqual(config);
  });

  it("does not mutate its input", () => {
    const input = baseConfig();
    const snapshot = structuredClone(input);
    parseConfig(input);
    expect(input).toEqual(snapshot);
  });
});

describe("display names and documentation", () => {
  it("keeps names trimmed and leaves them absent when not given", () => {
    const config = parseConfig(configWith((c) => (c.resources.github.name = "  GitHub tools ")));
    expect(config.resources["github"]?.name).toBe("GitHub tools");
    expect(config.resources["jira"]?.name).toBeUndefined();
  });

  it.each([
    ["", "resources.github.name", "must not be empty"],
    ["x".repeat(201), "resources.github.name", "must be at most 200 characters"],
  ])("rejects the name %j", (name, path, message) => {
    expect(issuesOf(configWith((c) => (c.resources.github.name = name)))).toEqual([{ path, message }]);
  });

  it.each(["http://docs.example.com/x", "docs.example.com", "ftp://docs.example.com/"])("rejects the documentation URL %j", (url) => {
    expect(issuesOf(configWith((c) => (c.resources.github.documentation = url)))).toEqual([
      { path: "resources.github.documentation", message: "must be an absolute https URL, e.g. https://docs.example.com/mcp/github" },
    ]);
  });
});

describe("derived names do not collide (SECURITY.md §A.8)", () => {
  const message = (section: string, first: string) =>
    `is the same display name as ${section}.${first} (names default to the key); IdP object names and consent screens must tell them apart`;

  it("rejects two resources with the same display name, in any case", () => {
    const config = configWith((c) => {
      c.resources.github.name = "Dev tools";
      c.resources.jira.name = "dev TOOLS";
    });
    expect(issuesOf(config)).toEqual([{ path: "resources.jira.name", message: message("resources", "github") }]);
  });

  it("rejects a display name equal to another resource's key", () => {
    expect(issuesOf(configWith((c) => (c.resources.jira.name = "github")))).toEqual([{ path: "resources.jira.name", message: message("resources", "github") }]);
  });

  it("rejects two clients with the same display name", () => {
    const config = configWith((c) => {
      c.clients.agent.name = "Agent";
      c.clients.reviewer.name = "Agent";
    });
    expect(issuesOf(config)).toEqual([{ path: "clients.reviewer.name", message: message("clients", "agent") }]);
  });

  it("allows a resource and a client to share a name", () => {
    expect(issuesOf(configWith((c) => (c.clients.agent.name = "github")))).toEqual([]);
  });
});
