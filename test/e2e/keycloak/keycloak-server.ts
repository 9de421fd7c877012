/**
 * A real Keycloak for the end-to-end suite, obtained the way a user without Docker would: the Maven
 * Central artifact `org.keycloak:keycloak-quarkus-dist` fetched with `mvn dependency:copy` into a cache
 * outside the repository (reused when present), run with the Temurin JDK 25 in dev mode, on loopback only.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const KEYCLOAK_VERSION = "26.7.3";
export const JAVA_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";
const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;
// Generous: the first start after a feature change rebuilds the server (about 90 s on two busy cores).
const READY_TIMEOUT_MS = 300_000;
const STOP_GRACE_MS = 15_000;

/** Where the zip and the unpacked server live: `$PULUMI_MCP_AUTH_CACHE/keycloak`, else `~/.cache/pulumi-mcp-auth/keycloak`. */
export function cacheDirectory(): string {
  const root = process.env["PULUMI_MCP_AUTH_CACHE"] ?? join(homedir(), ".cache", "pulumi-mcp-auth");
  return join(root, "keycloak");
}

/** The unpacked distribution, fetched and unzipped first if the cache lacks it. */
export async function ensureDistribution(): Promise<string> {
  const cache = cacheDirectory();
  const zip = join(cache, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
  const home = join(cache, `keycloak-${KEYCLOAK_VERSION}`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(zip)) {
    await run("mvn", ["-B", "-q", "dependency:copy", `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${cache}`], {
      cwd: cache,
      env: { ...process.env, JAVA_HOME },
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  if (!existsSync(join(home, "bin", "kc.sh"))) await run("unzip", ["-q", "-o", zip, "-d", cache], { maxBuffer: 16 * 1024 * 1024 });
  return home;
}

export interface KeycloakServer {
  /** `http://127.0.0.1:PORT`, the public and admin base URL. */
  readonly baseUrl: string;
  readonly admin: { readonly username: string; readonly password: string };
  /** Milliseconds from spawn until `/health/ready` answered UP. */
  readonly startupMs: number;
  /** The server's output so far, for failure messages. */
  log(): string;
  /** Stops the whole process group; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `kc.sh start-dev` on two free loopback ports with an in-memory database, a capped heap and a
 * random bootstrap admin, and waits for its readiness check. The server runs in its own process group,
 * which is killed on stop, on a failed start and when this process exits.
 */
export async function startKeycloak(options: { readonly features?: readonly string[]; readonly extraArgs?: readonly string[] } = {}): Promise<KeycloakServer> {
  const home = await ensureDistribution();
  const [httpPort, managementPort] = [await freePort(), await freePort()];
  const admin = { username: "admin", password: randomBytes(18).toString("base64url") };
  const args = [
    "start-dev",
    "--db=dev-mem",
    "--http-host=127.0.0.1",
    `--http-port=${httpPort}`,
    "--health-enabled=true",
    "--http-management-host=127.0.0.1",
    `--http-management-port=${managementPort}`,
    ...(options.features?.length ? [`--features=${options.features.join(",")}`] : []),
    ...(options.extraArgs ?? []),
  ];
  const started = Date.now();
  const child = spawn(join(home, "bin", "kc.sh"), args, {
    cwd: home,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      JAVA_HOME,
      PATH: `${JAVA_HOME}/bin:${process.env["PATH"] ?? ""}`,
      JAVA_OPTS_KC_HEAP: "-Xms64m -Xmx512m",
      KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
      KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    },
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never leave a JVM behind: not when this process exits, nor when it is interrupted or terminated.
  const killOnExit = () => killGroup(child, "SIGKILL");
  const killOnSignal = (signal: NodeJS.Signals) => {
    killGroup(child, "SIGKILL");
    removeHandlers();
    process.kill(process.pid, signal);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const removeHandlers = () => {
    process.removeListener("exit", killOnExit);
    for (const signal of signals) process.removeListener(signal, killOnSignal);
  };
  process.once("exit", killOnExit);
  for (const signal of signals) process.once(signal, killOnSignal);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      removeHandlers();
    })();
    return stopping;
  };
  const log = () => output.join("");

  try {
    await waitUntilReady(`http://127.0.0.1:${managementPort}/health/ready`, exited);
  } catch (error) {
    await stop();
    throw new Error(`Keycloak did not become ready: ${(error as Error).message}\n--- server output (tail) ---\n${log().slice(-4000)}`);
  }
  return { baseUrl: `http://127.0.0.1:${httpPort}`, admin, startupMs: Date.now() - started, log, stop };
}

async function waitUntilReady(healthUrl: string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error("the server process exited");
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && ((await response.json()) as { status?: string }).status === "UP") return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no UP from ${healthUrl} within ${READY_TIMEOUT_MS / 1000} s`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // A negative pid addresses the process group: kc.sh and the JVM it starts, even if kc.sh is gone.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** A port the kernel just handed out on 127.0.0.1 and released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
