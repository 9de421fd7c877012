import { describe, expect, it } from "vitest";
import { graphDifferences } from "../../../bench/components/graph-check.js";
import type { Registration } from "../../../bench/components/mocked-engine.js";

const server: Registration = { type: "okta:auth/server:Server", name: "mcp-api-a", custom: true, inputs: { name: "mcp-a", audiences: ["https://a"] }, dependencies: [] };
const scope: Registration = { type: "okta:auth/serverScope:ServerScope", name: "mcp-scope-a/read", custom: true, inputs: { name: "a:read" }, dependencies: ["mcp-api-a"] };
const component: Registration = { type: "mcp-auth:okta:Authorization", name: "mcp", custom: false, inputs: {}, dependencies: [] };

describe("graphDifferences: the check that a raw baseline declares the component's graph", () => {
  it("finds none for the same resources in another order, ignoring the component itself", () => {
    expect(graphDifferences([scope, server], [component, server, scope])).toEqual([]);
  });

  it("names a resource the raw program lacks and one it adds", () => {
    expect(graphDifferences([server], [component, server, scope])).toEqual(["raw lacks okta:auth/serverScope:ServerScope::mcp-scope-a/read"]);
    expect(graphDifferences([server, scope], [server])).toEqual(["raw declares okta:auth/serverScope:ServerScope::mcp-scope-a/read, the component does not"]);
  });

  it("names a resource whose inputs differ, even in one nested value", () => {
    const changed = { ...server, inputs: { name: "mcp-a", audiences: ["https://a/"] } };
    expect(graphDifferences([changed, scope], [server, scope])).toEqual([
      'okta:auth/server:Server::mcp-api-a: inputs differ: raw {"name":"mcp-a","audiences":["https://a/"]} vs component {"name":"mcp-a","audiences":["https://a"]}',
    ]);
  });

  it("names a resource whose dependencies differ", () => {
    const unordered = { ...scope, dependencies: [] };
    expect(graphDifferences([server, unordered], [server, scope])).toEqual(["okta:auth/serverScope:ServerScope::mcp-scope-a/read: dependencies differ: raw [] vs component [mcp-api-a]"]);
  });

  it("tells two resources of the same name but different types apart", () => {
    const sameName = { ...scope, type: "okta:auth/serverPolicy:ServerPolicy", name: "mcp-api-a" };
    expect(graphDifferences([server], [server, sameName])).toEqual(["raw lacks okta:auth/serverPolicy:ServerPolicy::mcp-api-a"]);
  });
});
