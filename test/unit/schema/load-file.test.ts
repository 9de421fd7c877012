import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configJsonSchema, loadConfigFile } from "../../../src/schema/index.js";

const dir = mkdtempSync(join(tmpdir(), "mcp-auth-load-"));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const YAML = `version: 1
resources:
  github:
    uri: https://mcp.example.com/github
    scopes: { "github:read": Read repositories }
clients:
  agent:
    redirectUris: [http://127.0.0.1/cb]
    access: { github: [github:read] }
`;

describe("loadConfigFile", () => {
  it("reads YAML and JSON to the same resolved config", () => {
    const fromYaml = loadConfigFile(write("a.yaml", YAML));
    const fromJson = loadConfigFile(write("a.json", JSON.stringify(parseConfigInput())));
    expect(fromYaml).toEqual(fromJson);
    expect(loadConfigFile(write("a.yml", YAML))).toEqual(fromYaml);
  });

  it("loads the example config shipped with the repository", () => {
    const config = loadConfigFile("examples/mcp-auth.yaml");
    expect(Object.keys(config.resources)).toEqual(["github", "jira", "docs"]);
    expect(Object.keys(config.clients)).toEqual(["desktop-agent", "ci-reviewer"]);
    expect(config.warnings).toEqual([]);
  });

  it("names the file and the path of every issue", () => {
    const error = errorOf(() => loadConfigFile(write("bad.yaml", YAML.replace("https://mcp.example.com/github", "http://mcp.example.com/github"))));
    expect(error.issues).toEqual([
      { path: "resources.github.uri", message: "must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)" },
    ]);
    expect(error.message.split("\n")[0]).toBe(`Invalid pulumi-mcp-auth config in ${join(dir, "bad.yaml")} (1 issue):`);
  });

  it("reports a missing file, an unknown extension and syntax errors as ConfigError", () => {
    const missing = join(dir, "missing.yaml");
    expect(errorOf(() => loadConfigFile(missing)).issues).toEqual([{ path: "", message: `${missing}: no such file` }]);
    const toml = write("a.toml", "x = 1");
    expect(errorOf(() => loadConfigFile(toml)).issues).toEqual([{ path: "", message: `${toml}: the file name must end in .yaml, .yml or .json` }]);
    const badJson = write("b.json", "{ version: 1 ");
    expect(errorOf(() => loadConfigFile(badJson)).issues).toEqual([{ path: "", message: `${badJson}: invalid JSON at line 1, column 3: expected a double-quoted property name or }` }]);
    const badYaml = write("b.yaml", "version: 1\nresources: [\n");
    expect(errorOf(() => loadConfigFile(badYaml)).issues[0]?.message).toMatch(new RegExp(`^${escape(badYaml)}: invalid YAML: `));
  });

  it("refuses a YAML key written twice instead of letting the last one win", () => {
    const path = write("dup.yaml", YAML.replace("clients:", "resources: {}\nclients:"));
    expect(errorOf(() => loadConfigFile(path)).issues[0]?.message).toMatch(/invalid YAML: Map keys must be unique/);
  });

  it.each([
    ["empty.yaml", ""],
    ["blank.yml", "\n\t \n"],
    ["comments.yaml", "# nothing yet\n"],
    ["empty.json", ""],
  ])("says that %s is empty rather than that it is not an object", (name, text) => {
    const path = write(name, text);
    const error = errorOf(() => loadConfigFile(path));
    expect(error.message).toMatch(/^Cannot read config file/);
    expect(error.issues).toEqual([{ path: "", message: `${path}: the file is empty; it needs at least version: 1 and resources` }]);
  });

  it("still reads a file holding an empty mapping as a config with nothing in it", () => {
    expect(errorOf(() => loadConfigFile(write("braces.yaml", "{}\n"))).issues).toEqual([
      { path: "version", message: "is required and must be 1, the only file format version" },
      { path: "resources", message: "is required and must map resource keys to MCP resources, e.g. { github: { uri, scopes } }" },
    ]);
  });
});

describe("the JSON Schema", () => {
  it("is checked in as examples/mcp-auth.schema.json and up to date (npm run schema:write)", () => {
    const checkedIn = JSON.parse(readFileSync("examples/mcp-auth.schema.json", "utf8"));
    expect(checkedIn).toEqual(configJsonSchema());
  });

  it("describes the file strictly, with key patterns and both forms of a scope", () => {
    const schema = configJsonSchema() as any;
    expect(schema.required).toEqual(["version", "resources"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.resources.propertyNames.pattern).toBe("^[a-z][a-z0-9-]{0,39}$");
    const scope = schema.properties.resources.additionalProperties.properties.scopes.additionalProperties;
    expect(scope.anyOf.map((branch: any) => branch.type)).toEqual(["string", "object"]);
    const client = schema.properties.clients.additionalProperties;
    expect(client.additionalProperties).toBe(false);
    expect(client.required).toEqual(["redirectUris", "access"]);
    expect(client.properties.codeChallengeMethod.const).toBe("S256");
  });
});

function parseConfigInput() {
  return {
    version: 1,
    resources: { github: { uri: "https://mcp.example.com/github", scopes: { "github:read": "Read repositories" } } },
    clients: { agent: { redirectUris: ["http://127.0.0.1/cb"], access: { github: ["github:read"] } } },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

