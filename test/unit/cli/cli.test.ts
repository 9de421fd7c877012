import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../../src/schema/index.js";
import { runCliCaptured } from "../../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "mcp-auth-cli-"));
const BAD = join(dir, "bad.yaml");
writeFileSync(
  BAD,
  `version: 1
resources:
  github:
    uri: http://mcp.example.com/github#x
    scopes: { openid: OIDC }
clients:
  agent:
    redirectUris: ["http://127.0.0.1:3000/cb", "javascript:alert(1)"]
    access: { jira: [jira:read] }
    clientSecret: hunter2
`,
);

describe("pulumi-mcp-auth CLI", () => {
  it("validate: exit 0 and a one-line summary for a good file", async () => {
    expect(await runCliCaptured(["validate", "examples/mcp-auth.yaml"])).toEqual({
      code: 0,
      stdout: "examples/mcp-auth.yaml is valid: 3 resources, 2 clients, 5 grants",
      stderr: "",
    });
  });

  it("validate: every problem with its path on stderr, exit 1, no stack trace", async () => {
    const result = await runCliCaptured(["validate", BAD]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        `Invalid pulumi-mcp-auth config in ${BAD} (6 issues):`,
        "  - resources.github.uri: must not contain a fragment (#): a resource URI names a server (RFC 8707 §2)",
        '  - resources.github.scopes.openid: scope "openid" is reserved (openid, offline_access, profile, email are managed by pulumi-mcp-auth); use a resource-specific name such as github:read',
        "  - clients.agent.redirectUris.0: must be registered without a port: the authorization server accepts any port on loopback (RFC 8252 §7.3)",
        "  - clients.agent.redirectUris.1: must not use the javascript: scheme; allowed: https://host/path, http://127.0.0.1/path or http://[::1]/path (no port), or a private-use scheme like com.example.app:/callback",
        '  - clients.agent.clientSecret: unknown key "clientSecret"; agent clients are public and hold no secret; PKCE (S256) protects the authorization code; allowed keys: name, redirectUris, access, refreshTokens, grantTypes, tokenEndpointAuthMethod, codeChallengeMethod',
        "  - clients.agent.access.jira: names no declared resource; declared resources: github",
      ].join("\n"),
    );
  });

  it("validate: a missing file is a user error, not a crash", async () => {
    expect(await runCliCaptured(["validate", join(dir, "nope.yaml")])).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cannot read config file (1 issue):\n  - (root): ${join(dir, "nope.yaml")}: no such file`,
    });
  });

  it.each([
    ["a directory", () => {
      const path = join(dir, "folder.yaml");
      mkdirSync(path, { recursive: true });
      return [path, `${path}: is a directory, not a config file`];
    }],
    ["100 000-deep JSON", () => {
      const path = join(dir, "deep.json");
      writeFileSync(path, `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
      return [path, `${path}: invalid JSON at line 1, column 11: nests deeper than 10 levels; no part of a config is that deep`];
    }],
    ["a YAML alias bomb", () => {
      const path = join(dir, "bomb.yaml");
      const levels = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e"].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcd"[i]}`).join(", ")}]`)];
      writeFileSync(path, `${levels.join("\n")}\n`);
      return [path, `${path}: invalid YAML: its aliases expand more than 100 times (a "billion laughs" document); write the values out`];
    }],
  ] as Array<[string, () => [string, string]]>)("validate: %s is a user error with the reason, not a crash", async (_, make) => {
    const [path, message] = make();
    expect(await runCliCaptured(["validate", path])).toEqual({ code: 1, stdout: "", stderr: `Cannot read config file (1 issue):\n  - (root): ${message}` });
  });

  it("validate: warnings go to stderr and do not fail", async () => {
    const file = join(dir, "warn.yaml");
    writeFileSync(file, "version: 1\nresources:\n  a: { uri: https://a.example.com/mcp, scopes: { admin: Everything } }\n");
    const result = await runCliCaptured(["validate", file]);
    expect(result).toEqual({
      code: 0,
      stdout: `${file} is valid: 1 resource, 0 clients, 0 grants`,
      stderr: [
        "Warnings (2):",
        "  - resources.a.scopes.admin: looks like an omnibus scope; prefer narrow scopes per capability so a leaked token can do little",
        "  - resources.a: is granted to no client, so no token can be obtained for it yet",
      ].join("\n"),
    });
  });

  it("plan: resources, audiences, scopes and who may get which tokens", async () => {
    const result = await runCliCaptured(["plan", "examples/mcp-auth.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("MCP resources (3) — each is one token audience");
    expect(result.stdout).toContain("    audience:      https://mcp.example.com/github");
    expect(result.stdout).toContain("    scope github:write (consent required): Push commits and open pull requests — desktop-agent");
    expect(result.stdout).toContain("    scope jira:write (consent required): Create and transition issues — no client yet");
    expect(result.stdout).toContain("Who may get which tokens");
    expect(result.stdout).toContain("  desktop-agent → github (aud https://mcp.example.com/github): github:read github:write + offline_access");
    expect(result.stdout).toContain("  ci-reviewer → github (aud https://mcp.example.com/github): github:read\n");
  });

  it("schema: prints the JSON Schema", async () => {
    const result = await runCliCaptured(["schema"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(configJsonSchema());
  });

  it("an unknown command exits 1 with commander's message", async () => {
    const result = await runCliCaptured(["deploy"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown command 'deploy'");
  });

  it("runs as a real process: exit code 1 and issues on stderr for a bad file", () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "validate", BAD], { encoding: "utf8" });
    expect(child.status).toBe(1);
    expect(child.stdout).toBe("");
    expect(child.stderr.split("\n")[0]).toBe(`Invalid pulumi-mcp-auth config in ${BAD} (6 issues):`);
    expect(child.stderr).not.toMatch(/\n\s+at /);
    expect(execFileSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "validate", "examples/mcp-auth.yaml"], { encoding: "utf8" })).toBe(
      "examples/mcp-auth.yaml is valid: 3 resources, 2 clients, 5 grants\n",
    );
  });
});
