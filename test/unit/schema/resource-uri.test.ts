import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

const withUri = (uri: unknown) => configWith((c) => (c.resources.github.uri = uri));

describe("resource URI (SECURITY.md §A.1)", () => {
  it.each([
    ["https://mcp.example.com/github", "https://mcp.example.com/github"],
    ["https://mcp.example.com", "https://mcp.example.com"],
    ["https://mcp.example.com/", "https://mcp.example.com/"],
    ["HTTPS://MCP.Example.COM/GitHub", "https://mcp.example.com/GitHub"],
    ["https://mcp.example.com:443/github", "https://mcp.example.com/github"],
    ["https://mcp.example.com:8443/github", "https://mcp.example.com:8443/github"],
    ["https://mcp.example.com:/github", "https://mcp.example.com/github"],
    ["http://127.0.0.1:3000/mcp", "http://127.0.0.1:3000/mcp"],
    ["http://[::1]:3000/mcp", "http://[::1]:3000/mcp"],
    ["http://localhost:3000/mcp", "http://localhost:3000/mcp"],
    ["http://LOCALHOST:80/mcp", "http://localhost/mcp"],
    ["https://mcp.example.com/a%7eb/%2F", "https://mcp.example.com/a%7eb/%2F"],
    ["https://[2001:DB8::1]/mcp", "https://[2001:db8::1]/mcp"],
  ])("accepts %s and emits it as %s", (uri, canonical) => {
    expect(parseConfig(withUri(uri)).resources["github"]?.uri).toBe(canonical);
  });

  it.each([
    ["", "must be an absolute https URI, e.g. https://mcp.example.com/github"],
    ["mcp.example.com/github", "must be an absolute URI with a host, e.g. https://mcp.example.com/github"],
    ["/github", "must be an absolute URI with a host, e.g. https://mcp.example.com/github"],
    ["urn:example:mcp", "must be an absolute URI with a host, e.g. https://mcp.example.com/github"],
    ["http://mcp.example.com/github", "must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)"],
    ["http://127.0.0.2/github", "must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)"],
    ["ftp://mcp.example.com/github", 'must use https (http is allowed only on a loopback host); got scheme "ftp"'],
    ["https://mcp.example.com/github#", "must not contain a fragment (#): a resource URI names a server (RFC 8707 §2)"],
    ["https://mcp.example.com/github#tools", "must not contain a fragment (#): a resource URI names a server (RFC 8707 §2)"],
    ["https://user@mcp.example.com/github", "must not contain userinfo (user@): credentials never belong in a resource URI"],
    ["https://user:pw@mcp.example.com/github", "must not contain userinfo (user@): credentials never belong in a resource URI"],
    ["https://mcp.example.com/github?", "must not contain a query (?): a resource URI is scheme, host, port and path (RFC 9728 §1.2)"],
    ["https://mcp.example.com/github?tenant=a", "must not contain a query (?): a resource URI is scheme, host, port and path (RFC 9728 §1.2)"],
    ["https://*.example.com/github", "must not contain a wildcard (*): each MCP server has one exact resource URI"],
    ["https://mcp.example.com/*", "must not contain a wildcard (*): each MCP server has one exact resource URI"],
    ["https://mcp.example.com/git hub", "must be printable ASCII without spaces (percent-encode other characters; use punycode for hosts)"],
    ["https://mcp.exämple.com/github", "must be printable ASCII without spaces (percent-encode other characters; use punycode for hosts)"],
    ["https://mcp.example.com/<github>", 'must not contain the character "<"; percent-encode it'],
    ["https://mcp.example.com/%zz", "has a malformed percent-encoding (% must be followed by two hex digits)"],
    ["https:///github", "must name a host, e.g. https://mcp.example.com/github"],
    ["https://mcp.example.com:https/github", "must have a numeric port"],
    ["https://mcp.example.com:99999/github", "is not a valid URI, e.g. https://mcp.example.com/github"],
  ])("rejects %j", (uri, message) => {
    expect(issuesOf(withUri(uri))).toEqual([{ path: "resources.github.uri", message }]);
  });

  it("rejects a missing or non-string uri and says it is required", () => {
    expect(issuesOf(configWith((c) => delete c.resources.github.uri))).toEqual([
      { path: "resources.github.uri", message: "is required and must be an absolute https URI, e.g. https://mcp.example.com/github" },
    ]);
    expect(issuesOf(withUri(42))).toEqual([
      { path: "resources.github.uri", message: "must be an absolute https URI, e.g. https://mcp.example.com/github" },
    ]);
  });
});

describe("duplicate resources (SECURITY.md §A.2)", () => {
  const duplicateMessage =
    "is the same resource as resources.github.uri once normalized (case, percent-encoding, dot segments, default port, trailing slash; RFC 3986 §6.2.2–6.2.3): the two would share one audience";

  it.each([
    ["exact copy", "https://mcp.example.com/github"],
    ["host case", "https://MCP.EXAMPLE.COM/github"],
    ["scheme case", "HTTPS://mcp.example.com/github"],
    ["default port", "https://mcp.example.com:443/github"],
    ["trailing slash", "https://mcp.example.com/github/"],
    ["dot segment", "https://mcp.example.com/tools/../github"],
    ["single dot", "https://mcp.example.com/./github"],
    ["encoded unreserved character", "https://mcp.example.com/%67ithub"],
  ])("rejects a second resource that differs only by %s", (_, uri) => {
    const config = configWith((c) => (c.resources.jira.uri = uri));
    expect(issuesOf(config)).toEqual([{ path: "resources.jira.uri", message: duplicateMessage }]);
  });

  it("treats an empty path and / as one resource", () => {
    const config = configWith((c) => {
      c.resources.github.uri = "https://mcp.example.com";
      c.resources.jira.uri = "https://mcp.example.com/";
    });
    expect(issuesOf(config)).toEqual([
      { path: "resources.jira.uri", message: duplicateMessage },
    ]);
  });

  it("keeps distinct paths, ports and hosts apart", () => {
    for (const uri of ["https://mcp.example.com/github2", "https://mcp.example.com:8443/github", "https://mcp2.example.com/github", "https://mcp.example.com/GITHUB"]) {
      expect(issuesOf(configWith((c) => (c.resources.jira.uri = uri)))).toEqual([]);
    }
  });

  it("normalizes percent-encoding hex case but keeps reserved characters encoded", () => {
    const same = configWith((c) => {
      c.resources.github.uri = "https://mcp.example.com/a%2fb";
      c.resources.jira.uri = "https://mcp.example.com/a%2Fb";
    });
    expect(issuesOf(same)).toEqual([{ path: "resources.jira.uri", message: duplicateMessage }]);
    const different = configWith((c) => {
      c.resources.github.uri = "https://mcp.example.com/a%2Fb";
      c.resources.jira.uri = "https://mcp.example.com/a/b";
    });
    expect(issuesOf(different)).toEqual([]);
  });
});
