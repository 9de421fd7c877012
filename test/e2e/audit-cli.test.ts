import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { runCliCaptured } from "../support/cli.js";
import { startTokenIssuer, type TokenIssuer, nowSeconds } from "../support/token-issuer.js";
import { REQUIRED_SCOPE, startTarget, type Target, type TargetFlaws } from "./audit-target.js";

// `pulumi-mcp-auth audit` as a command: exit codes, the --json contract, usage errors, and no token printed anywhere.
let as: TokenIssuer;

beforeAll(async () => {
  as = await startTokenIssuer();
  as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: as.issuer, jwks_uri: as.jwksUri, code_challenge_methods_supported: ["S256"] } });
});
afterAll(() => as.close());

async function target(flaws: TargetFlaws = {}): Promise<Target> {
  const started = await startTarget(as.issuer, flaws);
  onTestFinished(() => started.close());
  return started;
}

/** A loopback URL nothing listens on: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/mcp`;
}

/** Runs the real executable (node + tsx on src/cli/main.ts) and resolves to its exit code and output. */
function runProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("pulumi-mcp-auth audit: exit codes of the real process", () => {
  it("exits 0 when every check passes, 1 when one fails, 2 when the server is unreachable", async () => {
    const good = await target();
    const bad = await target({ acceptQueryToken: true });
    const unreachable = await closedPortUrl();
    const token = await as.token({ claims: { aud: bad.url, scope: REQUIRED_SCOPE } });
    const [passed, failed, down] = await Promise.all([
      runProcess(["audit", good.url]),
      runProcess(["audit", bad.url, "--token", token]),
      runProcess(["audit", unreachable]),
    ]);
    expect([passed.code, failed.code, down.code]).toEqual([0, 1, 2]);
    expect(passed.stdout).toMatch(/\n8 passed, 0 failed, 6 skipped: every check passed\n$/);
    expect(failed.stdout).toMatch(/\nFAIL {2}token-in-query {20}A token in the query string \(access_token=\) is not accepted\n/);
    expect(failed.stdout).toMatch(/\n9 passed, 1 failed, 4 skipped: the server failed the audit\n$/);
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(token);
    expect(down.stdout).toBe("");
    expect(down.stderr).toBe(`error: the MCP server is unreachable: ${unreachable}: connect ECONNREFUSED ${new URL(unreachable).host}\n`);
  });
});

describe("pulumi-mcp-auth audit --json", () => {
  it("prints exactly one JSON object with url, passed and checks of id, status, title and detail", async () => {
    const good = await target();
    const run = await runCliCaptured(["audit", good.url, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { checks: Record<string, unknown>[] };
    expect(Object.keys(report)).toEqual(["url", "passed", "checks"]);
    expect(report["url"]).toBe(good.url);
    expect(report["passed"]).toBe(true);
    expect(report.checks).toHaveLength(14);
    for (const check of report.checks) {
      expect(Object.keys(check)).toEqual(["id", "status", "title", "detail"]);
      expect(["pass", "skip"]).toContain(check["status"]);
    }
    expect(report.checks[0]).toEqual({
      id: "unauthenticated-401",
      status: "pass",
      title: "A request without a token gets 401 with a Bearer challenge naming resource_metadata",
      detail: `HTTP 401, WWW-Authenticate: Bearer scope="${REQUIRED_SCOPE}", resource_metadata="${good.url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")}"`,
    });
  });

  it("exits 1 with passed: false when a check fails", async () => {
    const bad = await target({ acceptAnyBearer: true });
    const run = await runCliCaptured(["audit", bad.url, "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { passed: boolean; checks: { id: string; status: string }[] };
    expect(report.passed).toBe(false);
    expect(report.checks.filter((check) => check.status === "fail").map((check) => check.id)).toEqual(["forged-none", "forged-signature"]);
  });

  it("never prints a token, not even one the server echoes back, opaque or JWT, in --json or in the table", async () => {
    const echoing = await target({ echoToken: true });
    const token = await as.token({ claims: { aud: echoing.url, scope: REQUIRED_SCOPE } });
    const opaque = "opaque-foreign-secret-0123456789";
    const expired = await as.token({ claims: { aud: echoing.url, exp: nowSeconds() - 3600 } });
    for (const format of [["--json"], []]) {
      const run = await runCliCaptured(["audit", echoing.url, ...format, "--token", token, "--foreign-token", opaque, "--expired-token", expired]);
      expect(run.code).toBe(1);
      const printed = `${run.stdout}\n${run.stderr}`;
      for (const secret of [token, opaque, expired, token.split(".")[2] ?? "", expired.split(".")[2] ?? ""]) expect(printed).not.toContain(secret);
      // The opaque token is found by value, the JWT by value and by shape.
      expect(printed).toContain("the access token is not a compact JWS (three dot-separated parts): [token]");
      expect(printed).toContain("the token has expired: [token]");
      expect(printed).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    }
  });
});

describe("pulumi-mcp-auth audit: usage errors exit 2 and say what is allowed", () => {
  const usage = async (args: string[]) => {
    const run = await runCliCaptured(["audit", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    return run.stderr;
  };
  const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2lnbmF0dXJl`;
  const url = "http://127.0.0.1:9/mcp";

  it("without a URL", async () => {
    expect(await usage([])).toMatch(/^error: missing required argument 'mcp-server-url'\n/);
  });

  it("with a URL that is not an absolute http(s) URL, or has a query, fragment or user", async () => {
    const allowed = "error: <mcp-server-url> must be an absolute http or https URL without user name, query or fragment, e.g. https://mcp.example.com/mcp";
    expect(await usage(["mcp.example.com/mcp"])).toBe(`${allowed}; got "mcp.example.com/mcp"`);
    expect(await usage(["ftp://mcp.example.com/mcp"])).toBe(`${allowed}; got "ftp://mcp.example.com/mcp"`);
    expect(await usage(["https://mcp.example.com/mcp#x"])).toBe(`${allowed}; got "https://mcp.example.com/mcp#x"`);
    // A query or user info may hold a credential: the value is not repeated.
    expect(await usage(["https://mcp.example.com/mcp?access_token=secret-in-url"])).toBe(allowed);
    expect(await usage(["https://user:secret-in-url@mcp.example.com/mcp"])).toBe(allowed);
  });

  it("with a token that is not an RFC 6750 bearer token, without printing it", async () => {
    expect(await usage([url, "--token", "not a token, secret-value"])).toBe(
      "error: --token must be a bearer token of at most 16384 characters: letters, digits and -._~+/ with optional trailing = (RFC 6750 §2.1); the value given is not (it is not printed)",
    );
  });

  it("with tokens that cannot serve their check, each named, none printed", async () => {
    const now = nowSeconds();
    const stderr = await usage([
      url,
      "--token", jwt({ aud: url, exp: now - 60 }),
      "--foreign-token", jwt({ aud: [url, "https://other.example.com"] }),
      "--expired-token", jwt({ aud: url, exp: now + 600 }),
      "--multi-audience-token", jwt({ aud: url }),
    ]);
    expect(stderr).toBe(
      [
        "error: --token expired 60 s ago; give a fresh token",
        `error: --foreign-token has ${url} in its aud; give a token the authorization server issued for another resource`,
        "error: --expired-token must be a JWT whose exp is in the past; it expires in 600 s",
        `error: --multi-audience-token must be a JWT whose aud is an array holding ${url} and another resource`,
      ].join("\n"),
    );
  });

  it("with an unknown option, without repeating a token given to it", async () => {
    const stderr = await usage([url, "--tokn=eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"]);
    expect(stderr).toMatch(/^error: unknown option '--tokn=\[token\]'/);
  });
});

describe("pulumi-mcp-auth audit --help", () => {
  it("exits 0 and names every option", async () => {
    const run = await runCliCaptured(["audit", "--help"]);
    expect(run.code).toBe(0);
    const options = [...run.stdout.matchAll(/^ {2}(--?[a-z-]+(?:, --[a-z-]+)?(?: <jwt>)?)/gm)].map((match) => match[1]);
    expect(options).toEqual(["--json", "--token <jwt>", "--foreign-token <jwt>", "--expired-token <jwt>", "--multi-audience-token <jwt>", "--insufficient-scope-token <jwt>", "-h, --help"]);
  });
});

describe("pulumi-mcp-auth audit: the table", () => {
  it("prints one line per check with its detail below and a summary", async () => {
    const good = await target();
    const run = await runCliCaptured(["audit", good.url]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      `Audit of ${good.url}`,
      "",
      "PASS  unauthenticated-401               A request without a token gets 401 with a Bearer challenge naming resource_metadata",
      `                                        HTTP 401, WWW-Authenticate: Bearer scope="${REQUIRED_SCOPE}", resource_metadata="${good.url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")}"`,
    ]);
    expect(lines.filter((line) => /^(PASS|FAIL|SKIP) /.test(line)).map((line) => line.slice(0, 4))).toEqual([
      "PASS", "PASS", "PASS", "PASS", "PASS", "PASS", "PASS", "SKIP", "SKIP", "SKIP", "SKIP", "SKIP", "SKIP", "PASS",
    ]);
    expect(lines.at(-1)).toBe("8 passed, 0 failed, 6 skipped: every check passed");
  });
});
