import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

const withScope = (name: string, value: unknown = "Something") =>
  configWith((c) => (c.resources.jira.scopes = { "jira:read": "Read issues", [name]: value }));

const TOKEN_RULE = 'must be a scope token: printable ASCII without spaces, double quotes (") or backslashes (\\) (RFC 6749 §3.3)';
const RESERVED = "is reserved (openid, offline_access, profile, email are managed by pulumi-mcp-auth); use a resource-specific name such as github:read";
const UNIQUE = "scope names must be unique across the file (a shared scope would make one token valid at both resources)";

describe("scope names (SECURITY.md §A.4)", () => {
  it.each(["jira:write", "jira.write", "https://mcp.example.com/jira/write", "a", "!#$%&'()*+,-./:;<=>?@[]^_`{|}~"])("accepts %j", (name) => {
    expect(Object.keys(parseConfig(withScope(name)).resources["jira"]?.scopes ?? {})).toContain(name);
  });

  it.each([
    ["jira write", TOKEN_RULE],
    ['jira"write', TOKEN_RULE],
    ["jira\\write", TOKEN_RULE],
    ["jira\twrite", TOKEN_RULE],
    ["jira:é", TOKEN_RULE],
    ["", "must not be empty; write a scope token such as github:read"],
    ["openid", RESERVED],
    ["offline_access", RESERVED],
    ["profile", RESERVED],
    ["email", RESERVED],
    ["OpenID", RESERVED],
  ])("rejects %j", (name, problem) => {
    const path = name === "" ? 'resources.jira.scopes.""' : `resources.jira.scopes.${name}`;
    expect(issuesOf(withScope(name))).toEqual([{ path, message: `scope ${JSON.stringify(name)} ${problem}` }]);
  });

  it("rejects a scope name another resource already declared, at the later resource", () => {
    expect(issuesOf(withScope("github:read"))).toEqual([
      { path: "resources.jira.scopes.github:read", message: `is already declared by resources.github; ${UNIQUE}` },
    ]);
  });

  it("rejects a scope name that differs from another only in case", () => {
    expect(issuesOf(withScope("GitHub:Read"))).toEqual([
      { path: "resources.jira.scopes.GitHub:Read", message: `differs only in case from "github:read", declared by resources.github; ${UNIQUE}` },
    ]);
  });

  it.each(["*", "all", "admin", "full-access", "jira:admin", "jira:*", "jira.all", "ADMIN"])("warns about the omnibus scope %j", (name) => {
    expect(parseConfig(withScope(name)).warnings).toContainEqual({
      path: `resources.jira.scopes.${name}`,
      message: "looks like an omnibus scope; prefer narrow scopes per capability so a leaked token can do little",
    });
  });

  it("does not warn about narrow scopes", () => {
    expect(parseConfig(withScope("jira:administer-boards")).warnings.filter((w) => w.path.includes("scopes"))).toEqual([]);
  });

  it("requires at least one scope per resource", () => {
    expect(issuesOf(configWith((c) => (c.resources.jira.scopes = {})))).toEqual([
      { path: "resources.jira.scopes", message: "must declare at least one scope, e.g. { github:read: Read repositories }" },
    ]);
  });

  it("takes a description or { description, consent } and defaults consent to implicit", () => {
    const config = parseConfig(baseLike());
    expect(config.resources["github"]?.scopes).toEqual({
      "github:read": { description: "Read repositories", consent: "implicit" },
      "github:write": { description: "Push commits", consent: "required" },
    });
  });

  it.each([
    ["", "resources.jira.scopes.jira:x", "must not be empty: say what the scope allows"],
    ["   ", "resources.jira.scopes.jira:x", "must not be empty: say what the scope allows"],
    [{ description: "x", consent: "sometimes" }, "resources.jira.scopes.jira:x.consent", "must be required (the user is asked) or implicit (granted without a prompt)"],
    [{ consent: "required" }, "resources.jira.scopes.jira:x.description", "is required and must be a description, or { description, consent }"],
    [{ description: "x", prompt: true }, "resources.jira.scopes.jira:x.prompt", 'unknown key "prompt"; allowed keys: description, consent'],
  ])("rejects the scope value %j", (value, path, message) => {
    expect(issuesOf(withScope("jira:x", value))).toEqual([{ path, message }]);
  });
});

function baseLike() {
  return configWith(() => undefined);
}
