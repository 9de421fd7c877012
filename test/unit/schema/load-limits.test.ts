import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfigFile } from "../../../src/schema/index.js";
import { MAX_CONFIG_DEPTH, MAX_CONFIG_FILE_BYTES, MAX_YAML_ALIASES, MAX_YAML_TOKENS } from "../../../src/schema/limits.js";

// Every way a config file can fail is a ConfigError naming the file, checked before the costly step.
const dir = mkdtempSync(join(tmpdir(), "mcp-auth-limits-"));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function issuesOf(path: string): ConfigError["issues"] {
  try {
    loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const VALID = `version: 1
resources:
  github:
    uri: https://mcp.example.com/github
    scopes: { "github:read": Read repositories }
`;
const TOO_DEEP = `nests deeper than ${MAX_CONFIG_DEPTH} levels; no part of a config is that deep`;

describe("reading the file", () => {
  it("refuses a directory, a device and a missing file with the reason", () => {
    const directory = join(dir, "folder.yaml");
    mkdirSync(directory);
    expect(issuesOf(directory)).toEqual([{ path: "", message: `${directory}: is a directory, not a config file` }]);
    const device = join(dir, "null.yaml");
    symlinkSync("/dev/null", device);
    expect(issuesOf(device)).toEqual([{ path: "", message: `${device}: is not a regular file` }]);
    const underFile = join(write("plain.yaml", VALID), "x.yaml");
    expect(issuesOf(underFile)).toEqual([{ path: "", message: `${underFile}: no such file (a part of the path is not a directory)` }]);
  });


  it(`refuses a file larger than ${MAX_CONFIG_FILE_BYTES} bytes before parsing it, and reads one of exactly that size`, () => {
    const padding = (size: number) => `${VALID}#${"x".repeat(size - VALID.length - 2)}\n`;
    const large = write("large.yaml", padding(MAX_CONFIG_FILE_BYTES + 1));
    expect(issuesOf(large)).toEqual([{ path: "", message: `${large}: is ${MAX_CONFIG_FILE_BYTES + 1} bytes, larger than the ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB) a config file may have` }]);
    const huge = write("huge.json", Buffer.alloc(20 * MAX_CONFIG_FILE_BYTES, 0x20));
    expect(issuesOf(huge)).toEqual([{ path: "", message: `${huge}: is ${20 * MAX_CONFIG_FILE_BYTES} bytes, larger than the ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB) a config file may have` }]);
    const exact = write("exact.yaml", padding(MAX_CONFIG_FILE_BYTES));
    expect(Object.keys(loadConfigFile(exact).resources)).toEqual(["github"]);
  });

  it.each([
    ["a lone continuation byte", Buffer.from([0x80]), 23],
    ["a Latin-1 é", Buffer.from([0xe9]), 23],
    ["a cut three-byte character", Buffer.from([0xe2, 0x28, 0xa1]), 23],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf]), 23],
    ["a valid é before a lone continuation byte", Buffer.from([0xc3, 0xa9, 0x80]), 25],
  ])("refuses invalid UTF-8 (%s) and says where", (_, bytes, offset) => {
    const path = write(`latin-${bytes.toString("hex")}.yaml`, Buffer.concat([Buffer.from("version: 1\nresources: "), Buffer.from("'"), bytes, Buffer.from("'\n")]));
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: is not valid UTF-8 (at byte ${offset}); save the file as UTF-8` }]);
  });

  it("reads a file with a UTF-8 byte-order mark", () => {
    const path = write("bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)]));
    expect(Object.keys(loadConfigFile(path).resources)).toEqual(["github"]);
  });
});

describe("JSON syntax errors give line and column", () => {
  it.each([
    ["a trailing comma", '{\n  "version": 1,\n}', 3, 1, "expected a double-quoted property name (no trailing commas in JSON)"],
    ["an unquoted key", '{ version: 1 }', 1, 3, "expected a double-quoted property name or }"],
    ["a missing colon", '{\n  "version" 1\n}', 2, 13, "expected : after the property name"],
    ["a missing comma", '{\n  "version": 1\n  "resources": {}\n}', 3, 3, "expected , or } after a property value"],
    ["a bad literal", '{"version": tru}', 1, 13, "expected a JSON value (object, array, string, number, true, false or null)"],
    ["a leading zero", '{"version": 01}', 1, 14, "expected , or } after a property value"],
    ["an unterminated string", '{"version": "1}', 1, 13, "invalid string (unterminated, a raw control character, or a bad escape)"],
    ["a raw tab in a string", '{"version": "a\tb"}', 1, 13, "invalid string (unterminated, a raw control character, or a bad escape)"],
    ["a bad escape", '{"version": "\\x41"}', 1, 13, "invalid string (unterminated, a raw control character, or a bad escape)"],
    ["an array closed by }", '{"a": [1, 2}', 1, 12, "expected , or ] after an array element"],
    ["text after the value", '{"version": 1} {}', 1, 16, "unexpected text after the JSON value"],
    ["the end of the file", '{\n  "version": 1', 2, 15, "unexpected end of the file"],
    ["a comment", '// config\n{"version": 1}', 1, 1, "expected a JSON value (object, array, string, number, true, false or null)"],
    ["a key written twice", '{\n  "version": 1,\n  "version": 1\n}', 3, 3, 'the key "version" is written twice in one object; keys must be unique'],
    ["a key written twice in another spelling", '{"a": {"k": 1, "\\u006b": 2}}', 1, 16, 'the key "k" is written twice in one object; keys must be unique'],
  ])("%s", (_, text, line, column, message) => {
    const path = write(`syntax-${line}-${column}-${message.length}.json`, text);
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: invalid JSON at line ${line}, column ${column}: ${message}` }]);
  });

  it(`refuses nesting deeper than ${MAX_CONFIG_DEPTH} levels before parsing, however deep (100 000 levels)`, () => {
    const path = write("deep.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: invalid JSON at line 1, column ${MAX_CONFIG_DEPTH + 1}: ${TOO_DEEP}` }]);
    const objects = write("deep-objects.json", `{"version": 1, "resources": ${'{"a": '.repeat(50_000)}1${"}".repeat(50_000)}}`);
    expect(issuesOf(objects)).toEqual([{ path: "", message: `${objects}: invalid JSON at line 1, column ${29 + 6 * (MAX_CONFIG_DEPTH - 1)}: ${TOO_DEEP}` }]);
  });

  it(`accepts exactly ${MAX_CONFIG_DEPTH} levels as far as syntax goes (the schema then names the path)`, () => {
    const path = write("ten.json", `{"version": 1, "x": ${"[".repeat(MAX_CONFIG_DEPTH - 1)}${"]".repeat(MAX_CONFIG_DEPTH - 1)}}`);
    expect(issuesOf(path)).toContainEqual({ path: "x", message: 'unknown key "x"; allowed keys: $schema, version, resources, clients, registration, auth0, okta, keycloak' });
  });
});

describe("YAML limits", () => {
  it(`refuses a "billion laughs" alias bomb after ${MAX_YAML_ALIASES} expansions`, () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g"].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");
    const path = write("bomb.yaml", `${bomb}\n`);
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: invalid YAML: its aliases expand more than ${MAX_YAML_ALIASES} times (a "billion laughs" document); write the values out` }]);
  });

  it("refuses an alias to an anchor that is not defined before it", () => {
    const path = write("unresolved.yaml", "version: *nope\n");
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: invalid YAML: Unresolved alias (the anchor must be set before the alias): nope` }]);
  });

  it("refuses an alias that makes the config contain itself", () => {
    const path = write("cycle.yaml", "version: 1\nresources: &r\n  github:\n    scopes: *r\n");
    expect(issuesOf(path)).toEqual([{ path: "resources.github.scopes", message: "refers to an object that contains it (a cycle); a config must be a tree of plain values" }]);
  });

  it(`refuses more than ${MAX_YAML_TOKENS} tokens before parsing (64 000 scope keys)`, () => {
    const scopes = Array.from({ length: 64_000 }, (_, i) => `      s${i}: x`).join("\n");
    const path = write("many.yaml", `${VALID.replace('    scopes: { "github:read": Read repositories }\n', "    scopes:\n")}${scopes}\n`);
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: has more than ${MAX_YAML_TOKENS} YAML tokens (keys, values, indicators); a config is far smaller, so it is not read` }]);
  });

  it.each([
    ["flow collections", (n: number) => `x: ${"[".repeat(n)}${"]".repeat(n)}`, 14],
    ["a compact block sequence", (n: number) => `${"- ".repeat(n)}x`, 21],
  ])(`refuses %s nested 100 000 deep before the parser recurses`, (_, nest, column) => {
    const path = write(`deep-${column}.yaml`, `${nest(100_000)}\n`);
    expect(issuesOf(path)).toEqual([{ path: "", message: `${path}: nests deeper than ${MAX_CONFIG_DEPTH} levels (line 1, column ${column}); no part of a config is that deep` }]);
  });

  it("does not count brackets and dashes inside scalars as nesting", () => {
    const text = `version: 1
resources:
  github:
    uri: https://mcp.example.com/github
    name: "[[[[[[[[[[[[ quoted ]]]]]]]]]]]]"
    scopes:
      "github:read": '{{{{{{{{{{{{ single-quoted'
      "github:write": |
        - - - - - - - - - - - - a block scalar
        [[[[[[[[[[[[
      "github:admin": plain - - - - - - - - - - - - [[[[[[[[[[[[ text
`;
    const config = loadConfigFile(write("scalars.yaml", text));
    expect(config.resources["github"]?.name).toBe("[[[[[[[[[[[[ quoted ]]]]]]]]]]]]");
    expect(config.resources["github"]?.scopes["github:admin"]?.description).toBe("plain - - - - - - - - - - - - [[[[[[[[[[[[ text");
  });

  it("refuses block nesting deeper than the limit with the path and position", () => {
    const lines = Array.from({ length: MAX_CONFIG_DEPTH + 1 }, (_, i) => `${"  ".repeat(i)}k${i}:`);
    const path = write("deep-block.yaml", `${lines.join("\n")} x\n`);
    const keys = Array.from({ length: MAX_CONFIG_DEPTH }, (_, i) => `k${i}`);
    expect(issuesOf(path)).toEqual([{ path: keys.join("."), message: `${path}: nests deeper than ${MAX_CONFIG_DEPTH} levels (line ${MAX_CONFIG_DEPTH + 1}, column ${2 * MAX_CONFIG_DEPTH + 1}); no part of a config is that deep` }]);
  });

  it("refuses a key written twice, with its path and position, however large the map", () => {
    const path = write("dup.yaml", `${VALID}clients: {}\nresources: {}\n`);
    expect(issuesOf(path)).toEqual([{ path: "resources", message: `${path}: invalid YAML: Map keys must be unique; "resources" is written twice (line 7, column 1)` }]);
    const nested = write("dup-nested.yaml", VALID.replace("scopes: {", 'scopes: { "github:read": A, '));
    expect(issuesOf(nested)).toEqual([{ path: "resources.github.scopes.github:read", message: `${nested}: invalid YAML: Map keys must be unique; "github:read" is written twice (line 5, column 34)` }]);
    const spelled = write("dup-spelled.yaml", "version: 1\n1: a\n'1': b\n");
    expect(issuesOf(spelled)).toEqual([{ path: "1", message: `${spelled}: invalid YAML: Map keys must be unique; "1" is written twice (line 3, column 1)` }]);
  });
});
