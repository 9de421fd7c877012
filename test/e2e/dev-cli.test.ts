import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runDev } from "../support/cli.js";

const EXAMPLE = "examples/mcp-auth.yaml";

describe("pulumi-mcp-auth dev", () => {
  it("prints the issuer, the users, the client ids and each resource's verifier options, serves until interrupted, then stops", async () => {
    let issuer = "";
    const run = await runDev([EXAMPLE, "--port", "0", "--user", "alice:s3cret:with:colons", "--user", "bob:pw"], async (output) => {
      issuer = /issuer: (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(output)?.[1] ?? "";
      const metadata = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
      expect(metadata.issuer).toBe(issuer);
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const options = (resource: string) => JSON.stringify({ issuer, resource, jwksUri: `${issuer}/jwks`, algorithms: ["ES256"], tokenType: "at+jwt" });
    expect(run.stdout).toBe(
      [
        `Local authorization server for ${EXAMPLE}`,
        `  issuer: ${issuer}`,
        "  state:  in memory only; stopping the server forgets every session, grant and token",
        "",
        "Sign in as",
        "  alice / s3cret:with:colons",
        "  bob / pw",
        "",
        "Clients (client_id: public, PKCE S256, loopback redirect URIs match on any port)",
        "  ci-reviewer",
        "  desktop-agent",
        "",
        "Resources: the options createTokenVerifier takes (pulumi-mcp-auth/verify)",
        `  docs: ${options("https://docs-mcp.example.com/mcp")}`,
        `  github: ${options("https://mcp.example.com/github")}`,
        `  jira: ${options("https://mcp.example.com/jira")}`,
        "",
        "Press Ctrl+C to stop.",
        "Stopped. Every session, grant and token is gone.",
      ].join("\n"),
    );
    await expect(fetch(`${issuer}/jwks`)).rejects.toThrow("fetch failed");
  });

  it("generates a user when none is given and says how to choose one", async () => {
    const run = await runDev([EXAMPLE, "--port", "0"]);
    expect(run.stdout).toMatch(/\nSign in as \(generated for this run; choose your own with --user name:password\)\n {2}dev \/ [A-Za-z0-9_-]{16}\n/);
  });

  it.each([
    [["--user", "alice"], "error: option '--user <name:password>' argument 'alice' is invalid. must be name:password, e.g. --user alice:correct-horse"],
    [["--user", ":pw"], "error: option '--user <name:password>' argument ':pw' is invalid. must be name:password, e.g. --user alice:correct-horse"],
    [["--port", "http"], "error: option '--port <n>' argument 'http' is invalid. must be a whole number from 0 to 65535"],
    [["--port", "65536"], "error: option '--port <n>' argument '65536' is invalid. must be a whole number from 0 to 65535"],
  ])("refuses %j with commander's message", async (args, message) => {
    const run = await runDev([EXAMPLE, ...args]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(message);
  });

  it("refuses a user name with a space as a config error", async () => {
    const run = await runDev([EXAMPLE, "--port", "0", "--user", "a b:pw"]);
    expect([run.exitCode, run.stderr]).toEqual([1, "Cannot start the dev authorization server (1 issue):\n  - users.0.username: must be 1 to 100 characters without spaces or colons"]);
  });

  it("refuses a missing file", async () => {
    const run = await runDev(["missing.yaml"]);
    expect([run.exitCode, run.stderr]).toEqual([1, "Cannot read config file (1 issue):\n  - (root): missing.yaml: no such file"]);
  });
});

describe("the dev command as a process", () => {
  it("starts without any warning on stderr and exits 0 on SIGINT", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "dev", EXAMPLE, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("Press Ctrl+C to stop.")) resolve();
      });
      child.on("exit", () => reject(new Error(`exited early: ${stdout}${stderr}`)));
    });
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("Stopped. Every session, grant and token is gone.");
  });

  // The line the CLI keeps away from users exists where this runs below Node.js 22 (LTS "Jod").
  it.runIf((process.release.lts ?? "") < "Jod")("would print oidc-provider's runtime warning if it were imported plainly", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", "await import('oidc-provider')"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    expect(stderr).toBe("oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.\n");
  });
});
