import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/schema/index.js";
import { MAX_CLIENTS, MAX_CONFIG_DEPTH, MAX_RESOURCES, MAX_SCOPES_PER_RESOURCE } from "../../../src/schema/limits.js";
import { configWith, issuesOf } from "../../support/configs.js";
import { thrownBy } from "../../support/thrown.js";

// parseConfig is public: objects built in code get the same limits as files, checked before anything recurses.
const TOO_DEEP = `nests deeper than ${MAX_CONFIG_DEPTH} levels; no part of a config is that deep`;

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
}

const resource = (key: string) => ({ uri: `https://mcp.example.com/${key}`, scopes: { [`${key}:read`]: "Read" } });

describe("nesting depth and cycles of an object config", () => {
  it("refuses an object nested 100 000 deep with the path where the limit is passed", () => {
    const config = configWith((c) => (c.resources.github.scopes["github:read"] = nested(100_000)));
    const path = ["resources", "github", "scopes", "github:read", ...Array(MAX_CONFIG_DEPTH - 4).fill("a")].join(".");
    expect(issuesOf(config)).toEqual([{ path, message: TOO_DEEP }]);
  });

  it("refuses arrays nested deeper than the limit", () => {
    let deep: unknown = [];
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    const config = configWith((c) => (c.clients.agent.redirectUris = deep));
    expect(issuesOf(config)).toEqual([{ path: ["clients", "agent", "redirectUris", ...Array(MAX_CONFIG_DEPTH - 3).fill("0")].join("."), message: TOO_DEEP }]);
  });

  it("lets the schema judge a config exactly at the limit", () => {
    const config = configWith((c) => (c.resources.github.scopes["github:read"] = nested(MAX_CONFIG_DEPTH - 4)));
    expect(issuesOf(config)).toContainEqual({ path: "resources.github.scopes.github:read.a", message: 'unknown key "a"; allowed keys: description, consent' });
  });

  it("refuses a cycle", () => {
    const config = configWith((c) => (c.resources.github.scopes = c.resources));
    expect(issuesOf(config)).toEqual([{ path: "resources.github.scopes", message: "refers to an object that contains it (a cycle); a config must be a tree of plain values" }]);
  });

  it("walks a subtree shared many times once, and still refuses it when it reaches too deep through a longer path", () => {
    const shared = { description: "Read" };
    let wide: unknown = shared;
    for (let i = 0; i < 40; i += 1) wide = [wide, wide];
    const deepShared = configWith((c) => (c.resources.github.scopes["github:read"] = wide));
    expect(issuesOf(deepShared)).toEqual([{ path: ["resources", "github", "scopes", "github:read", ...Array(MAX_CONFIG_DEPTH - 4).fill("0")].join("."), message: TOO_DEEP }]);
    const sharedOnce = nested(MAX_CONFIG_DEPTH - 4);
    const reachedDeeper = configWith((c) => {
      c.resources.github.extra = sharedOnce; // first met here, where it fits
      c.resources.jira.scopes["jira:read"] = { description: "x", consent: { a: sharedOnce } };
    });
    expect(issuesOf(reachedDeeper)).toEqual([{ path: "resources.jira.scopes.jira:read.consent.a", message: TOO_DEEP }]);
  });

  it("turns a getter that throws into a ConfigError, never another exception", () => {
    const config = configWith((c) => {
      Object.defineProperty(c.resources, "boom", {
        enumerable: true,
        get() {
          throw new Error("no access");
        },
      });
    });
    const error = thrownBy(() => parseConfig(config));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ path: "", message: "cannot be read as a config: Error: no access" }]);
  });

  it("turns a revoked proxy into a ConfigError", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const error = thrownBy(() => parseConfig(configWith((c) => (c.clients = proxy))));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ path: "", message: "cannot be read as a config: TypeError: Cannot perform 'ownKeys' on a proxy that has been revoked" }]);
  });
});

describe("counts of resources, scopes and clients", () => {
  it(`accepts ${MAX_RESOURCES} resources and refuses ${MAX_RESOURCES + 1}, before any other rule`, () => {
    const withResources = (count: number) =>
      configWith((c) => {
        c.resources = Object.fromEntries(Array.from({ length: count }, (_, i) => [`r${i}`, resource(`r${i}`)]));
        c.clients = {};
      });
    expect(issuesOf(withResources(MAX_RESOURCES))).toEqual([]);
    const tooMany = withResources(MAX_RESOURCES + 1);
    tooMany.resources.r0.uri = "ftp://not-checked";
    expect(issuesOf(tooMany)).toEqual([{ path: "resources", message: `declares ${MAX_RESOURCES + 1} resources; at most ${MAX_RESOURCES} are allowed in one config (split it by team or environment)` }]);
  });

  it(`accepts ${MAX_SCOPES_PER_RESOURCE} scopes on a resource and refuses ${MAX_SCOPES_PER_RESOURCE + 1} (64 000 too)`, () => {
    const withScopes = (count: number) => configWith((c) => (c.resources.jira.scopes = Object.fromEntries(Array.from({ length: count }, (_, i) => [`jira:s${i}`, "S"]))));
    const atLimit = withScopes(MAX_SCOPES_PER_RESOURCE);
    atLimit.clients.agent.access.jira = ["jira:s0"];
    expect(issuesOf(atLimit)).toEqual([]);
    for (const count of [MAX_SCOPES_PER_RESOURCE + 1, 64_000]) {
      expect(issuesOf(withScopes(count))).toEqual([
        { path: "resources.jira.scopes", message: `declares ${count} scopes; at most ${MAX_SCOPES_PER_RESOURCE} are allowed per resource (a scope names a kind of access, not an object)` },
      ]);
    }
  });

  it(`accepts ${MAX_CLIENTS} clients and refuses ${MAX_CLIENTS + 1}`, () => {
    const withClients = (count: number) =>
      configWith((c) => (c.clients = Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}`, { name: `Client ${i}`, redirectUris: ["http://127.0.0.1/cb"], access: { jira: ["jira:read"] } }]))));
    expect(issuesOf(withClients(MAX_CLIENTS))).toEqual([]);
    expect(issuesOf(withClients(MAX_CLIENTS + 1))).toEqual([
      { path: "clients", message: `declares ${MAX_CLIENTS + 1} clients; at most ${MAX_CLIENTS} are allowed in one config (let agents register themselves with registration instead)` },
    ]);
  });
});
