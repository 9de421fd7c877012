import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/schema/index.js";
import { configWith, issuesOf } from "../support/configs.js";

// SECURITY.md §A.1–§A.2 as properties: whatever spelling a URI is written in, an accepted one is exactly
// what a URL parser and RFC 3986 normalization make of it, and two that mean the same are caught.
const HOSTS = ["mcp.example.com", "MCP.Example.com", "mcp%2Eexample.com", "%6Dcp.example.com", "mcp.example.com.", "192.0.2.1", "192.0.2.010", "[2001:db8::1]", "[2001:DB8:0:0::1]"];
const PORTS = ["", ":", ":443", ":0443", ":8443", ":08443", ":0", ":00"];
const SEGMENTS = ["github", "GitHub", ".", "..", "%2e", "%2E%2E", "a%7Eb", "a%7eb", "a~b", "%2F", "%2f", "%C3%A9", "%c3%a9", "x-y_z", "%41", ""];

const uriFrom = (hosts: readonly string[], ports: readonly string[], segments: readonly string[], minSegments: number) =>
  fc
    .tuple(fc.constantFrom("https", "HTTPS"), fc.constantFrom(...hosts), fc.constantFrom(...ports), fc.array(fc.constantFrom(...segments), { minLength: minSegments, maxLength: 4 }), fc.boolean())
    .map(([scheme, host, port, parts, trailingSlash]) => `${scheme}://${host}${port}${parts.map((segment) => `/${segment}`).join("")}${trailingSlash ? "/" : ""}`);

/** Any spelling, canonical or not. */
const uriArbitrary = uriFrom(HOSTS, PORTS, SEGMENTS, 0);
/** Spellings the library accepts (case of scheme and host, default or empty port, any trailing slash), so that pairs collide often. */
const acceptedUriArbitrary = uriFrom(["mcp.example.com", "MCP.Example.com", "192.0.2.1", "[2001:db8::1]"], ["", ":", ":443", ":8443"], ["github", "GitHub", "a~b", "%2F", "%C3%A9", "x-y_z"], 1);

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** What a client makes of a URI, computed independently of the library: WHATWG URL, then RFC 3986 §6.2.2 on the path. */
function clientForm(uri: string): string {
  const url = new URL(uri);
  const path = url.pathname.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const character = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(character) ? character : `%${hex.toUpperCase()}`;
  });
  return `${url.protocol}//${url.host.replace(/\.(?=$|:)/, "")}${path}`;
}

const sameResource = (uri: string) => clientForm(uri).replace(/\/+$/, "");

function accepted(uri: string): string | undefined {
  try {
    return parseConfig(configWith((c) => (c.resources.github.uri = uri))).resources["github"]?.uri;
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

describe("resource URI properties", () => {
  it("emits every accepted URI in exactly the form a client computes, and refuses the rest naming that form", () => {
    fc.assert(
      fc.property(uriArbitrary, (uri) => {
        const output = accepted(uri);
        if (output !== undefined) {
          expect(clientForm(output)).toBe(output);
          expect(new URL(output).href).toBe(output);
          return;
        }
        const issues = issuesOf(configWith((c) => (c.resources.github.uri = uri)));
        expect(issues).toHaveLength(1);
        expect(issues[0]?.path).toBe("resources.github.uri");
        const message = issues[0]?.message ?? "";
        if (message.startsWith("is not in canonical form")) {
          // The form it names is the client's form of the input.
          const hostOnly = /^[^:]+:\/\/[^/]*$/.test(uri);
          expect(message.endsWith(`; write ${hostOnly ? clientForm(uri).replace(/\/$/, "") : clientForm(uri)}`)).toBe(true);
        } else {
          expect(message).toMatch(/^(must have a path|must not use port 0)/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("reports two URIs that a client would treat as one resource as duplicates, and only those", () => {
    fc.assert(
      fc.property(acceptedUriArbitrary, acceptedUriArbitrary, (first, second) => {
        fc.pre(accepted(first) !== undefined && accepted(second) !== undefined);
        const config = configWith((c) => {
          c.resources.github.uri = first;
          c.resources.jira.uri = second;
        });
        const issues = issuesOf(config);
        const duplicate = issues.some((issue) => issue.path === "resources.jira.uri" && issue.message.startsWith("is the same resource as resources.github.uri"));
        expect(duplicate).toBe(sameResource(first) === sameResource(second));
      }),
      { numRuns: 400 },
    );
  });

  it("catches duplicates among URIs written in non-canonical forms too", () => {
    fc.assert(
      fc.property(uriArbitrary, uriArbitrary, (first, second) => {
        fc.pre(URL.canParse(first) && URL.canParse(second) && !/:0+(?=\/|$)/.test(first.slice(8)) && !/:0+(?=\/|$)/.test(second.slice(8)));
        fc.pre(sameResource(first) === sameResource(second));
        const config = configWith((c) => {
          c.resources.github.uri = first;
          c.resources.jira.uri = second;
        });
        const issues = issuesOf(config);
        expect(issues.some((issue) => issue.path === "resources.jira.uri" && issue.message.startsWith("is the same resource as resources.github.uri"))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
