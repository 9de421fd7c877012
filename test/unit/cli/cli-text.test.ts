import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCliCaptured, temporaryFile } from "../../support/cli.js";

const manifestVersion = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("pulumi-mcp-auth --version", () => {
  it.each([["--version"], ["-V"]])("%s prints the version of package.json and exits 0", async (flag) => {
    expect(await runCliCaptured([flag])).toEqual({ code: 0, stdout: manifestVersion, stderr: "" });
  });
});

describe("pulumi-mcp-auth dev --help", () => {
  it("lists each option once, with its real default", async () => {
    const run = await runCliCaptured(["dev", "--help"]);
    expect(run.code).toBe(0);
    const options = run.stdout.slice(run.stdout.indexOf("Options:")).replace(/\s+/g, " ");
    expect(options).toBe(
      "Options: --port <n> the port on 127.0.0.1 to listen on; 0 picks a free one (default: 9400)" +
        " --user <name:password> a user who may sign in; repeat for more (default: one generated user)" +
        " --write-config <dir> write <dir>/<resource key>.json per resource: its verifierOptions and protectedResourceMetadata" +
        " --metadata-documents-allow-loopback for local testing: also fetch client ID metadata documents from loopback addresses (never from other private ones)" +
        " --metadata-documents-trust <pem-file> for local testing: trust this CA certificate (PEM) when fetching client ID metadata documents; repeat for more" +
        " -h, --help display help for command",
    );
  });
});

describe("an empty config file", () => {
  it.each([
    ["mcp-auth.yaml", ""],
    ["mcp-auth.yaml", "\n  \n"],
    ["mcp-auth.yaml", "# only a comment\n"],
    ["mcp-auth.json", ""],
    ["mcp-auth.json", " \n"],
  ])("%s holding %j is reported as empty", async (name, text) => {
    const file = temporaryFile(name, text);
    expect(await runCliCaptured(["validate", file])).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cannot read config file (1 issue):\n  - (root): ${file}: the file is empty; it needs at least version: 1 and resources`,
    });
  });
});
