import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

const withUri = (uri: unknown) => configWith((c) => (c.resources.github.uri = uri));

describe("resource URI (SECURITY.md §A.1)", () => {
  it.each([
    ["https://mcp.example.com/github", "https://mcp.example.com/github"],
    ["HTTPS://MCP.Example.COM/GitHub", "https://mcp.example.com/GitHub"],
    ["https://mcp.example.com:443/github", "https://mcp.example.com/github"],
    ["https://mcp.example.com:8443/github", "https://mcp.example.com:8443/github"],
    ["https://mcp.example.com:/github", "https://mcp.example.com/github"],
    ["http://127.0.0.1:3000/mcp", "http://127.0.0.1:3000/mcp"],
    ["http://[::1]:3000/mcp", "http://[::1]:3000/mcp"],
    ["http://localhost:3000/mcp", "http://localhost:3000/mcp"],
    ["http://LOCALHOST:80/mcp", "http://localhost/mcp"],
    ["https://mcp.example.com/a~b/%2F%C3%A9", "https://mcp.example.com/a~b/%2F%C3%A9"],
    ["https://[2001:DB8::1]/mcp", "https://[2001:db8::1]/mcp"],
    ["https://mcp.example.com:8443/mcp/", "https://mcp.example.com:8443/mcp/"],
    ["https://mcp.example.com/a..b/.well/x.", "https://mcp.example.com/a..b/.well/x."],
    ["https://xn--mnchen-3ya.example.com/mcp", "https://xn--mnchen-3ya.example.com/mcp"],
    ["https://192.0.2.1:9000/mcp", "https://192.0.2.1:9000/mcp"],
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

const canonicalIssue = (reasons: string, canonical: string) =>
  `is not in canonical form (${reasons}): an MCP client would send ${canonical} as the resource and never match this audience; write ${canonical}`;

describe("resource URIs not in canonical form are refused, naming the canonical form (SECURITY.md §A.1)", () => {
  const DOTS = "the path has dot segments (. or .., also when percent-encoded)";
  const UNRESERVED = "the path percent-encodes characters that need no encoding (letters, digits, - . _ ~)";
  const LOWER_HEX = "a percent-encoding uses lower-case hex digits";
  it.each([
    ["https://mcp.example.com:0443/github", "the port has leading zeros", "https://mcp.example.com/github"],
    ["https://mcp.example.com:00443/github", "the port has leading zeros", "https://mcp.example.com/github"],
    ["https://mcp.example.com:08443/github", "the port has leading zeros", "https://mcp.example.com:8443/github"],
    ["http://127.0.0.1:03000/mcp", "the port has leading zeros", "http://127.0.0.1:3000/mcp"],
    ["https://mcp.example.com/a/../github", DOTS, "https://mcp.example.com/github"],
    ["https://mcp.example.com/./github", DOTS, "https://mcp.example.com/github"],
    ["https://mcp.example.com/github/.", DOTS, "https://mcp.example.com/github/"],
    ["https://mcp.example.com/tools/github/..", DOTS, "https://mcp.example.com/tools/"],
    ["https://mcp.example.com/a/%2e%2e/github", `${DOTS}; ${UNRESERVED}; ${LOWER_HEX}`, "https://mcp.example.com/github"],
    ["https://mcp.example.com/a/%2E%2E/github", `${DOTS}; ${UNRESERVED}`, "https://mcp.example.com/github"],
    ["https://mcp.example.com/a/.%2E/github", `${DOTS}; ${UNRESERVED}`, "https://mcp.example.com/github"],
    ["https://mcp.example.com/%2E/github", `${DOTS}; ${UNRESERVED}`, "https://mcp.example.com/github"],
    ["https://mcp%2Eexample.com/github", "the host is percent-encoded", "https://mcp.example.com/github"],
    ["https://%6Dcp.example.com/github", "the host is percent-encoded", "https://mcp.example.com/github"],
    ["https://mcp.example.com./github", "the host ends with a dot", "https://mcp.example.com/github"],
    ["HTTPS://MCP.EXAMPLE.COM.:0443/github", "the port has leading zeros; the host ends with a dot", "https://mcp.example.com/github"],
    ["https://mcp.example.com/%7Euser", UNRESERVED, "https://mcp.example.com/~user"],
    ["https://mcp.example.com/%67ithub", UNRESERVED, "https://mcp.example.com/github"],
    ["https://mcp.example.com/a%2Db%5Fc%30", UNRESERVED, "https://mcp.example.com/a-b_c0"],
    ["https://mcp.example.com/a%7eb", `${UNRESERVED}; ${LOWER_HEX}`, "https://mcp.example.com/a~b"],
    ["https://mcp.example.com/a%2fb", LOWER_HEX, "https://mcp.example.com/a%2Fb"],
    ["https://mcp.example.com/%c3%a9", LOWER_HEX, "https://mcp.example.com/%C3%A9"],
    ["https://[2001:db8:0:0:0:0:0:1]/mcp", "the host is not written the way URL parsers write it, e.g. an abbreviated IPv4 address or an uncompressed IPv6 address", "https://[2001:db8::1]/mcp"],
    ["https://192.0.2.010/mcp", "the host is not written the way URL parsers write it, e.g. an abbreviated IPv4 address or an uncompressed IPv6 address", "https://192.0.2.8/mcp"],
    ["https://127.1/mcp", "the host is not written the way URL parsers write it, e.g. an abbreviated IPv4 address or an uncompressed IPv6 address", "https://127.0.0.1/mcp"],
  ])("refuses %s (%s)", (uri, reasons, canonical) => {
    expect(issuesOf(withUri(uri))).toEqual([{ path: "resources.github.uri", message: canonicalIssue(reasons, canonical) }]);
    // The form it names is accepted as it is.
    expect(parseConfig(withUri(canonical)).resources["github"]?.uri).toBe(canonical);
  });

  it.each(["https://mcp.example.com:0/github", "https://mcp.example.com:000/github", "http://127.0.0.1:0/mcp"])("refuses port 0 in %s", (uri) => {
    expect(issuesOf(withUri(uri))).toEqual([{ path: "resources.github.uri", message: "must not use port 0: no server can be reached there, e.g. https://mcp.example.com/github" }]);
  });
});

describe("host-only resource URIs are refused, suggesting a path (SECURITY.md §A.1)", () => {
  const hostOnly = (suggestion: string) =>
    `must have a path, e.g. ${suggestion}: MCP clients differ on whether a host-only resource URI ends in "/", and Auth0 and Keycloak compare the audience exactly, so tokens would be refused for some clients`;
  it.each([
    ["https://docs-mcp.example.com", "https://docs-mcp.example.com/mcp"],
    ["https://docs-mcp.example.com/", "https://docs-mcp.example.com/mcp"],
    ["https://DOCS-MCP.example.com:443", "https://docs-mcp.example.com/mcp"],
    ["https://docs-mcp.example.com:8443/", "https://docs-mcp.example.com:8443/mcp"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000/mcp"],
    ["http://[::1]:3000/", "http://[::1]:3000/mcp"],
  ])("refuses %s and suggests %s", (uri, suggestion) => {
    expect(issuesOf(withUri(uri))).toEqual([{ path: "resources.github.uri", message: hostOnly(suggestion) }]);
    expect(parseConfig(withUri(suggestion)).resources["github"]?.uri).toBe(suggestion);
  });

  it("names the canonical form first when a host-only URI is also not canonical", () => {
    expect(issuesOf(withUri("https://docs-mcp.example.com.:0443"))).toEqual([
      { path: "resources.github.uri", message: canonicalIssue("the port has leading zeros; the host ends with a dot", "https://docs-mcp.example.com") },
    ]);
  });
});

describe("duplicate resources (SECURITY.md §A.2)", () => {
  const duplicateMessage =
    "is the same resource as resources.github.uri once normalized (case, percent-encoding, dot segments, port, host spelling, trailing slash; RFC 3986 §6.2.2–6.2.3): the two would share one audience";

  it.each([
    ["exact copy", "https://mcp.example.com/github"],
    ["host case", "https://MCP.EXAMPLE.COM/github"],
    ["scheme case", "HTTPS://mcp.example.com/github"],
    ["default port", "https://mcp.example.com:443/github"],
    ["trailing slash", "https://mcp.example.com/github/"],
    ["several trailing slashes", "https://mcp.example.com/github//"],
  ])("rejects a second canonical resource that differs only by %s", (_, uri) => {
    const config = configWith((c) => (c.resources.jira.uri = uri));
    expect(issuesOf(config)).toEqual([{ path: "resources.jira.uri", message: duplicateMessage }]);
  });

  it.each([
    ["a default port with a leading zero", "https://mcp.example.com:0443/github"],
    ["a dot segment", "https://mcp.example.com/tools/../github"],
    ["a single dot", "https://mcp.example.com/./github"],
    ["encoded dot segments", "https://mcp.example.com/tools/%2e%2e/github"],
    ["an encoded unreserved character", "https://mcp.example.com/%67ithub"],
    ["a percent-encoded host", "https://mcp%2Eexample.com/github"],
    ["a trailing-dot host", "https://mcp.example.com./github"],
    ["all of them at once", "HTTPS://MCP%2eEXAMPLE.COM.:00443/x/%2E%2E/%67ithub/"],
  ])("reports %s both as not canonical and as a duplicate", (_, uri) => {
    const config = configWith((c) => (c.resources.jira.uri = uri));
    const issues = issuesOf(config);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ path: "resources.jira.uri", message: expect.stringMatching(/^is not in canonical form \(.*\): an MCP client would send https:\/\/mcp\.example\.com\/github\/? as the resource/) });
    expect(issues[1]).toEqual({ path: "resources.jira.uri", message: duplicateMessage });
  });

  it("keeps distinct paths, ports and hosts apart", () => {
    for (const uri of ["https://mcp.example.com/github2", "https://mcp.example.com:8443/github", "https://mcp2.example.com/github", "https://mcp.example.com/GITHUB", "https://mcp.example.com/github%2F"]) {
      expect(issuesOf(configWith((c) => (c.resources.jira.uri = uri)))).toEqual([]);
    }
  });

  it("keeps reserved characters encoded: %2F is not /", () => {
    const different = configWith((c) => {
      c.resources.github.uri = "https://mcp.example.com/a%2Fb";
      c.resources.jira.uri = "https://mcp.example.com/a/b";
    });
    expect(issuesOf(different)).toEqual([]);
  });
});
