import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, describe, expect, it } from "vitest";
import { authorizationUrl, authorizeHeadlessly, HeadlessBrowser, pkcePair, tokenRequest } from "../support/dev-oauth.js";

// Every shell command of README.md and the examples' READMEs is run exactly as written: here, or by a
// step of .ci/run. A block that cannot run offline says so on the line before it, and the list of those
// commands is pinned below, so a new command is either run or explicitly marked.
const repo = new URL("../../", import.meta.url);
const docs = ["README.md", ...readdirSync(new URL("examples/", repo), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `examples/${d.name}/README.md`)].filter(
  (path) => spawnSync("test", ["-f", new URL(path, repo).pathname]).status === 0,
);

interface Command {
  readonly doc: string;
  readonly command: string;
  readonly offlineMarker: string | undefined;
}

/** The commands of every ```sh block: one per line, `\` continuations joined as the shell joins them. */
function commandsOf(doc: string): Command[] {
  const text = readFileSync(new URL(doc, repo), "utf8");
  return [...text.matchAll(/(?:<!-- not run offline: ([^>]*?) -->\n)?```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)].flatMap((block) =>
    block[2]!
      .replace(/\\\n/g, "\\\n")
      .split(/(?<!\\)\n/)
      .filter((line) => line.trim() !== "")
      .map((command) => ({ doc, command, offlineMarker: block[1] })),
  );
}
const commands = docs.flatMap(commandsOf);

const OFFLINE = [
  "git clone <repository URL> pulumi-mcp-auth",
  "npm install ~/src/pulumi-mcp-auth/pulumi-mcp-auth-0.1.0.tgz   ",
  'npm install "git+https://<repository host>/<owner>/pulumi-mcp-auth.git#v0.1.0"',
  "pulumi up",
  // examples/mcp-server/README.md: the server on a file saved from a deployed stack's outputs.
  "MCP_AUTH_FILE=mcp-auth.github.json PORT=3000 npx tsx examples/mcp-server/server.ts",
  "npx @modelcontextprotocol/inspector --cli http://127.0.0.1:3000/github --transport http --method tools/list",
];

/** Commands .ci/run runs as they are written (it must contain each line). */
const RUN_BY_CI = [
  "npm ci && npm run demo   # a local authorization server, two MCP servers and an agent, end to end",
  "npm test                 # the test suite",
  "npm ci && npm pack   # in the checkout: writes pulumi-mcp-auth-0.1.0.tgz",
];

/** Short commands this test runs; each must exit 0. */
const RUN_HERE = [
  "npx pulumi-mcp-auth validate examples/mcp-auth.yaml   # every problem, each with its path; exit 1 if any",
  "npx pulumi-mcp-auth plan examples/mcp-auth.yaml       # resources, audiences, scopes, who gets which tokens",
  "npx pulumi-mcp-auth plan examples/mcp-auth.yaml --idp keycloak   # the exact objects an IdP component declares",
  "npx pulumi-mcp-auth schema                            # JSON Schema for editor completion",
  "npx pulumi-mcp-auth --version",
];

/** The local recipe: two long-running commands, started here and probed over loopback. */
const DEV_COMMAND = "npx pulumi-mcp-auth dev examples/loopback/mcp-auth.yaml --write-config .mcp-auth";
const SERVER_COMMAND = "MCP_AUTH_FILE=.mcp-auth/github.json npx tsx examples/mcp-server/server.ts";
/** The audit of the recipe's server, run while the recipe runs. */
const AUDIT_COMMAND = "npx pulumi-mcp-auth audit http://127.0.0.1:3000/github";

describe("commands in the READMEs", () => {
  it("are each run here or by .ci/run, unless marked as not runnable offline", () => {
    const unmarked = [...new Set(commands.filter((c) => c.offlineMarker === undefined).map((c) => c.command))];
    expect(unmarked.sort()).toEqual([...RUN_BY_CI, ...RUN_HERE, DEV_COMMAND, SERVER_COMMAND, AUDIT_COMMAND].sort());
  });

  it("that are marked as not runnable offline are exactly the expected ones (deploys, clones, downloads)", () => {
    const marked = [...new Set(commands.filter((c) => c.offlineMarker !== undefined).map((c) => c.command))];
    const idpDeploys = marked.filter((c) => c.startsWith("pulumi ") && c !== "pulumi up");
    const exampleSetup = marked.filter((c) => c.startsWith("npm install") && !OFFLINE.includes(c)).concat(marked.filter((c) => c.startsWith("npm run build --prefix") || c.startsWith("cd examples/")));
    expect(marked.filter((c) => !idpDeploys.includes(c) && !exampleSetup.includes(c)).sort()).toEqual([...OFFLINE].sort());
    // The example deploy blocks hold only Pulumi commands and the example's own install and build.
    expect(exampleSetup.sort()).toEqual(["cd examples/multi-idp && npm install", "npm install", "npm run build --prefix ../..          # the example uses the built package"].sort());
    expect(idpDeploys.every((c) => /^pulumi (stack|config|preview)/.test(c))).toBe(true);
  });

  it("that .ci/run runs appear in it verbatim", () => {
    const ci = readFileSync(new URL(".ci/run", repo), "utf8").split("\n");
    for (const command of RUN_BY_CI) expect(ci, command).toContain(command);
  });

  it.each(RUN_HERE)("%s exits 0", (command) => {
    const run = spawnSync("bash", ["-c", command], { cwd: repo, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("the local recipe (dev server + example MCP server), as written", () => {
  const started: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of started) {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    }
    rmSync(new URL(".mcp-auth", repo), { recursive: true, force: true });
  });

  /** Starts `command` in its own process group and resolves with its output once it printed `ready`. */
  const start = (command: string, ready: string) =>
    new Promise<{ child: ChildProcess; output: () => string }>((resolve, reject) => {
      const child = spawn("bash", ["-c", command], { cwd: repo, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      started.push(child);
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(ready)) resolve({ child, output: () => output });
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.on("exit", (code) => reject(new Error(`${command} exited ${code}:\n${output}`)));
    });

  it("serves a resource any MCP client can find, and answers GET and DELETE with 405", async () => {
    rmSync(new URL(".mcp-auth", repo), { recursive: true, force: true });
    const dev = await start(DEV_COMMAND, "Press Ctrl+C to stop.");
    expect(dev.output()).toContain("Wrote .mcp-auth/github.json");
    const written = JSON.parse(readFileSync(new URL(".mcp-auth/github.json", repo), "utf8")) as Record<string, unknown>;
    expect(written).toEqual({
      verifierOptions: { issuer: "http://127.0.0.1:9400", resource: "http://127.0.0.1:3000/github", jwksUri: "http://127.0.0.1:9400/jwks", algorithms: ["ES256"], tokenType: "at+jwt" },
      protectedResourceMetadata: {
        resource: "http://127.0.0.1:3000/github",
        authorization_servers: ["http://127.0.0.1:9400"],
        scopes_supported: ["github:read"],
        bearer_methods_supported: ["header"],
        resource_name: "GitHub tools (local)",
      },
    });

    await start(SERVER_COMMAND, "MCP server for http://127.0.0.1:3000/github on port 3000");
    const mcp = "http://127.0.0.1:3000/github";
    const metadataUrl = "http://127.0.0.1:3000/.well-known/oauth-protected-resource/github";

    const unauthenticated = await fetch(mcp, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toBe(`Bearer scope="github:read", resource_metadata="${metadataUrl}"`);

    const metadata = await fetch(metadataUrl);
    expect(await metadata.json()).toEqual(written["protectedResourceMetadata"]);
    const asMetadata = (await (await fetch("http://127.0.0.1:9400/.well-known/oauth-authorization-server")).json()) as Record<string, unknown>;
    expect(asMetadata["issuer"]).toBe("http://127.0.0.1:9400");
    expect(asMetadata["registration_endpoint"]).toBe("http://127.0.0.1:9400/reg");

    // A real MCP client with a token from the dev server: sign in as the printed user, then list and call tools.
    const password = /^ {2}dev \/ (\S+)$/m.exec(dev.output())?.[1];
    expect(password).toBeDefined();
    const pkce = pkcePair();
    const redirectUri = "http://127.0.0.1:5555/callback";
    const request = { response_type: "code", client_id: "desktop-agent", redirect_uri: redirectUri, code_challenge: pkce.challenge, code_challenge_method: "S256", scope: "github:read", resource: mcp, state: "s" };
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl("http://127.0.0.1:9400", request), { username: "dev", password: password! }, "http://127.0.0.1:5555/");
    expect(outcome.kind).toBe("redirect");
    const code = outcome.kind === "redirect" ? outcome.url.searchParams.get("code") : null;
    const token = await tokenRequest("http://127.0.0.1:9400", { grant_type: "authorization_code", code: code ?? "", code_verifier: pkce.verifier, redirect_uri: redirectUri, client_id: "desktop-agent", resource: mcp });
    expect(token.status).toBe(200);
    const client = new Client({ name: "readme-recipe", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp), { requestInit: { headers: { authorization: `Bearer ${token.body["access_token"]}` } } }));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["whoami"]);
    expect(await client.callTool({ name: "whoami", arguments: { greeting: "hi" } })).toEqual({
      content: [{ type: "text", text: "hi, dev (client desktop-agent, scopes github:read)" }],
    });
    await client.close();

    // The README's audit of this server: every check passes (those needing tokens it was not given are skipped).
    const audit = spawnSync("bash", ["-c", AUDIT_COMMAND], { cwd: repo, encoding: "utf8" });
    expect([audit.status, audit.stderr]).toEqual([0, ""]);
    expect(audit.stdout).toMatch(/^PASS +unauthenticated-401 /m);
    expect(audit.stdout).toMatch(/^PASS +resource-metadata /m);
    expect(audit.stdout).toMatch(/^PASS +forged-signature /m);
    expect(audit.stdout).not.toMatch(/^FAIL /m);

    for (const method of ["GET", "DELETE"]) {
      const refused = await fetch(mcp, { method, headers: { accept: "text/event-stream" } });
      expect([method, refused.status, refused.headers.get("allow")]).toEqual([method, 405, "POST"]);
      expect(await refused.json()).toEqual({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this server is stateless, use POST" }, id: null });
    }
  });
});
