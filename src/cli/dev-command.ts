import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { join } from "node:path";
import { startDevAuthorizationServer, type DevAuthorizationServer, type DevUser } from "../dev/index.js";
import { loadConfigFile } from "../schema/parse.js";
import { protectedResourceMetadata } from "../verify/metadata.js";
import type { ResolvedConfig } from "../schema/parse.js";
import { renderWarnings } from "./render-plan.js";

/** The port `dev` listens on unless told otherwise: fixed, so the issuer stays the same across restarts. */
export const DEFAULT_DEV_PORT = 9400;

/** What the dev command needs from its surroundings; tests replace the wait for Ctrl+C. */
export interface DevCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves when the server should stop; by default on SIGINT or SIGTERM. */
  readonly untilInterrupted?: (() => Promise<void>) | undefined;
}

/** The options `dev` parses. */
interface DevCommandOptions {
  readonly port: number;
  readonly user?: DevUser[];
  readonly writeConfig?: string;
  readonly metadataDocumentsAllowLoopback?: true | undefined;
  readonly metadataDocumentsTrust?: string[];
}

/**
 * `pulumi-mcp-auth dev <file> [--port N] [--user name:password]... [--write-config dir]
 * [--metadata-documents-allow-loopback] [--metadata-documents-trust ca.pem]...`
 */
export function addDevCommand(program: Command, io: DevCommandIo): void {
  program
    .command("dev")
    .description("run a local authorization server for the file's resources and clients (loopback only, in memory) until interrupted")
    .argument("<file>", "mcp-auth.yaml, .yml or .json")
    .option("--port <n>", "the port on 127.0.0.1 to listen on; 0 picks a free one", parsePort, DEFAULT_DEV_PORT)
    // No commander defaults for repeatable options: they would print "(default: [])" after the real default.
    .option("--user <name:password>", "a user who may sign in; repeat for more (default: one generated user)", collectUser)
    .option("--write-config <dir>", "write <dir>/<resource key>.json per resource: its verifierOptions and protectedResourceMetadata")
    .option(
      "--metadata-documents-allow-loopback",
      "for local testing: also fetch client ID metadata documents from loopback addresses (never from other private ones)",
    )
    .option(
      "--metadata-documents-trust <pem-file>",
      "for local testing: trust this CA certificate (PEM) when fetching client ID metadata documents; repeat for more",
      collectCertificate,
    )
    .action(async (file: string, options: DevCommandOptions) => {
      const config = loadConfigFile(file);
      const users = options.user ?? [];
      const trusted = options.metadataDocumentsTrust ?? [];
      const metadataDocuments =
        options.metadataDocumentsAllowLoopback || trusted.length > 0
          ? { allowLoopback: options.metadataDocumentsAllowLoopback === true, trustedCertificates: trusted }
          : undefined;
      const server = await startDevAuthorizationServer({ config, port: options.port, users, metadataDocuments });
      if (options.writeConfig !== undefined) {
        for (const line of writeResourceFiles(options.writeConfig, config, server)) io.stdout(line);
      }
      // Listen for Ctrl+C before inviting it: a signal right after the message must stop the server cleanly.
      const interrupted = io.untilInterrupted === undefined ? untilSignal() : undefined;
      io.stdout(renderDevServer(file, config, server, users.length === 0));
      if (config.warnings.length > 0) io.stderr(renderWarnings(config.warnings));
      await (interrupted ?? io.untilInterrupted?.());
      await server.close();
      io.stdout("Stopped. Every session, grant and token is gone.");
    });
}

/**
 * Writes, per resource, what an MCP server needs to accept this dev server's tokens: the options
 * `createTokenVerifier` takes and the RFC 9728 document to serve (the same shape as a component's
 * per-resource stack outputs, so examples/mcp-server/server.ts reads either). Returns one line per file.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.2
 */
export function writeResourceFiles(dir: string, config: ResolvedConfig, server: DevAuthorizationServer): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(server.verifierOptions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, verifierOptions]) => {
      const resource = config.resources[key];
      const metadata = protectedResourceMetadata({
        resource: verifierOptions.resource,
        authorizationServers: [server.issuer],
        scopesSupported: Object.keys(resource?.scopes ?? {}),
        resourceName: resource?.name,
        resourceDocumentation: resource?.documentation,
      });
      const path = join(dir, `${key}.json`);
      writeFileSync(path, `${JSON.stringify({ verifierOptions, protectedResourceMetadata: metadata }, null, 2)}\n`);
      return `Wrote ${path}`;
    });
}

/** What a developer needs to point an MCP server and an agent at the dev server. */
export function renderDevServer(file: string, config: ResolvedConfig, server: DevAuthorizationServer, generatedUser: boolean): string {
  const lines = [
    `Local authorization server for ${file}`,
    `  issuer: ${server.issuer}`,
    "  state:  in memory only; stopping the server forgets every session, grant and token",
    "",
    generatedUser ? "Sign in as (generated for this run; choose your own with --user name:password)" : "Sign in as",
    ...server.users.map((user) => `  ${user.username} / ${user.password}`),
    "",
    "Clients (client_id: public, PKCE S256, loopback redirect URIs match on any port)",
    ...Object.keys(config.clients).sort().map((key) => `  ${key}`),
    ...(config.registration.dynamic ? [`  and any client that registers at ${server.issuer}/reg (RFC 7591), with registration.access`] : []),
    ...(config.registration.clientIdMetadataDocuments ? [`  and any client whose client_id is the https URL of its metadata document ${documentHosts(config)}, with registration.access`] : []),
    "",
    "Resources: the options createTokenVerifier takes (pulumi-mcp-auth/verify)",
    ...Object.entries(server.verifierOptions)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, options]) => `  ${key}: ${JSON.stringify(options)}`),
    "",
    "Press Ctrl+C to stop.",
  ];
  return lines.join("\n");
}

/** Where client ID metadata documents may come from, as the config says. */
function documentHosts(config: ResolvedConfig): string {
  const hosts = config.registration.metadataDocumentHosts;
  if (hosts === undefined) return "on any public host";
  return hosts.length === 0 ? "(none: allowedHosts is empty)" : `on ${hosts.join(", ")}`;
}

function collectCertificate(file: string, certificates: string[] = []): string[] {
  try {
    return [...certificates, readFileSync(file, "utf8")];
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass a PEM certificate file`);
  }
}

function parsePort(value: string): number {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError("must be a whole number from 0 to 65535");
  return Number(value);
}

function collectUser(value: string, users: DevUser[] = []): DevUser[] {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) throw new InvalidArgumentError("must be name:password, e.g. --user alice:correct-horse");
  return [...users, { username: value.slice(0, colon), password: value.slice(colon + 1) }];
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
