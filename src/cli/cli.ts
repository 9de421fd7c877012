import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "node:fs";
import { buildPlan } from "../plan/build-plan.js";
import { ConfigError } from "../schema/config-error.js";
import { configJsonSchema } from "../schema/json-schema.js";
import { loadConfigFile } from "../schema/parse.js";
import { describeArgs } from "../idp/spec.js";
import { addAuditCommand } from "./audit/audit-command.js";
import { addDevCommand } from "./dev-command.js";
import { IDP_MANUAL_STEPS, IDP_TRANSLATORS } from "./idp-translators.js";
import { renderPlan, renderWarnings, summarizeRegistration } from "./render-plan.js";

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** When `dev` should stop; by default on SIGINT or SIGTERM. */
  readonly untilInterrupted?: (() => Promise<void>) | undefined;
}

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

/** The package's version, from its package.json (two levels up from both src/cli and dist/cli). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

function buildProgram(io: CliIo): Command {
  const idpOption = () =>
    new Option("--idp <idp...>", "also run the translation for these IdPs").choices(Object.keys(IDP_TRANSLATORS));
  const program = new Command("pulumi-mcp-auth")
    .description("Resource-bound OAuth for MCP servers: validate and plan an mcp-auth file, print its JSON Schema, run a local authorization server.")
    .version(packageVersion(), "-V, --version", "print the version of pulumi-mcp-auth")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text.replace(/\n$/, "")), writeErr: (text) => io.stderr(text.replace(/\n$/, "")) })
    .showHelpAfterError();

  program
    .command("validate")
    .description("check a config file; print every problem with its path and exit 1 if there is any")
    .argument("<file>", "mcp-auth.yaml, .yml or .json")
    .addOption(idpOption())
    .action((file: string, options: { idp?: string[] }) => {
      const config = loadConfigFile(file);
      const plan = buildPlan(config);
      for (const idp of options.idp ?? []) IDP_TRANSLATORS[idp]?.(plan);
      if (config.warnings.length > 0) io.stderr(renderWarnings(config.warnings));
      const idps = options.idp?.length ? ` for ${options.idp.join(", ")}` : "";
      const counts = [count(plan.resources.length, "resource"), count(plan.clients.length, "client"), count(plan.grants.length, "grant")];
      const registration = summarizeRegistration(plan);
      io.stdout(`${file} is valid${idps}: ${counts.join(", ")}${registration === undefined ? "" : `\n${registration}`}`);
    });

  program
    .command("plan")
    .description("print what will exist: resources, audiences, scopes, and who may get which tokens")
    .argument("<file>", "mcp-auth.yaml, .yml or .json")
    .addOption(idpOption())
    .action((file: string, options: { idp?: string[] }) => {
      const config = loadConfigFile(file);
      const plan = buildPlan(config);
      const sections = [renderPlan(plan)];
      for (const idp of options.idp ?? []) {
        sections.push(renderIdpSpecs(idp, IDP_TRANSLATORS[idp]?.(plan) ?? []));
        const steps = IDP_MANUAL_STEPS[idp]?.(plan) ?? [];
        if (steps.length > 0) sections.push([`${idp}: left to do by hand (${steps.length})`, ...steps.map((step) => `  - ${step}`)].join("\n"));
      }
      io.stdout(sections.join("\n\n"));
      if (config.warnings.length > 0) io.stderr(renderWarnings(config.warnings));
    });

  program
    .command("schema")
    .description("print the JSON Schema of the config file (for editors)")
    .action(() => io.stdout(JSON.stringify(configJsonSchema(), null, 2)));

  addDevCommand(program, io);
  addAuditCommand(program, io);

  return program;
}

function renderIdpSpecs(idp: string, specs: ReturnType<NonNullable<(typeof IDP_TRANSLATORS)[string]>>): string {
  const lines = [`${idp}: ${specs.length} objects`];
  for (const spec of specs) {
    lines.push(`  ${spec.type}  ${spec.name}`);
    for (const [key, value] of Object.entries(describeArgs(spec.args) as Record<string, unknown>)) {
      lines.push(`      ${key}: ${JSON.stringify(value)}`);
    }
  }
  return lines.join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof ConfigError) {
    io.stderr(error.message);
    return 1;
  }
  if (error instanceof CommanderError) {
    // Help and version are successful exits; commander has already printed its own message otherwise.
    // `audit` exits 2 for a usage error or an unreachable server; everything else fails with 1.
    return error.exitCode === 0 || error.code === "commander.helpDisplayed" ? 0 : error.exitCode === 2 ? 2 : 1;
  }
  throw error;
}
