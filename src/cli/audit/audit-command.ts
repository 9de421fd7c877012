import { CommanderError, type Command } from "commander";
import type { SuppliedTokens } from "./checks/context.js";
import { unverifiedClaims } from "./forge.js";
import { redact, renderJson, renderTable } from "./report.js";
import { runAudit, ServerUnreachableError } from "./run-audit.js";

/** Where the audit command writes. */
export interface AuditCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes of `audit`: 0 every check passed (skips allowed), 1 a check failed, 2 usage error or unreachable server. */
export const AUDIT_EXIT = { passed: 0, failed: 1, usageOrUnreachable: 2 } as const;

interface AuditCommandOptions {
  json?: boolean;
  token?: string;
  foreignToken?: string;
  expiredToken?: string;
  multiAudienceToken?: string;
  insufficientScopeToken?: string;
}

/** `pulumi-mcp-auth audit <mcp-server-url> [--json] [--token <jwt>] [--foreign-token <jwt>] …` */
export function addAuditCommand(program: Command, io: AuditCommandIo): void {
  program
    .command("audit")
    .summary("check an MCP server's authorization from the outside (exit 0 passed, 1 a check failed, 2 usage error or unreachable)")
    .description("check an MCP server's authorization from the outside (401 challenge, RFC 9728 metadata, forged and misplaced tokens, token binding); exit 0 all passed, 1 a check failed, 2 usage error or server unreachable")
    .argument("<mcp-server-url>", "the MCP endpoint, which is also its resource identifier, e.g. https://mcp.example.com/mcp")
    .option("--json", "print exactly one JSON object: { url, passed, checks: [{ id, status, title, detail }] }")
    .option("--token <jwt>", "a valid access token for this server: enables valid-token-accepted and authorization-header-scheme-case, and is the token token-in-query sends")
    .option("--foreign-token <jwt>", "a token the same authorization server issued for another resource: enables foreign-token-refused")
    .option("--expired-token <jwt>", "an expired token the authorization server issued for this server: enables expired-token")
    .option("--multi-audience-token <jwt>", "a token whose aud names this server and another resource: enables multi-audience-token")
    .option("--insufficient-scope-token <jwt>", "a valid token for this server lacking a scope it needs: enables insufficient-scope-challenge")
    // Commander's own usage errors (missing URL, unknown option) exit 2 here, like the audit's, and hide any token.
    .configureOutput({ writeErr: (text) => io.stderr(redact(text.replace(/\n$/, ""), [])) })
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(AUDIT_EXIT.usageOrUnreachable, error.code, error.message);
    })
    .action(async (url: string, options: AuditCommandOptions) => {
      const tokens: SuppliedTokens = {
        token: options.token,
        foreignToken: options.foreignToken,
        expiredToken: options.expiredToken,
        multiAudienceToken: options.multiAudienceToken,
        insufficientScopeToken: options.insufficientScopeToken,
      };
      const problems = [serverUrlProblem(url), ...tokenProblems(url, tokens)].filter((problem): problem is string => problem !== undefined);
      if (problems.length > 0) stop(io, problems.map((problem) => `error: ${problem}`).join("\n"), "pulumi-mcp-auth.audit.usage");
      let report;
      try {
        report = await runAudit({ serverUrl: url, tokens });
      } catch (error) {
        if (error instanceof ServerUnreachableError) stop(io, `error: ${error.message}`, "pulumi-mcp-auth.audit.unreachable");
        throw error;
      }
      io.stdout(options.json ? renderJson(report) : renderTable(report));
      if (!report.passed) throw new CommanderError(AUDIT_EXIT.failed, "pulumi-mcp-auth.audit.failed", "");
    });
}

function stop(io: AuditCommandIo, message: string, code: string): never {
  io.stderr(message);
  throw new CommanderError(AUDIT_EXIT.usageOrUnreachable, code, message);
}

/** The server URL is a resource identifier (RFC 8707 §2): absolute http(s), no user name, no query, no fragment. */
export function serverUrlProblem(url: string): string | undefined {
  const allowed = "must be an absolute http or https URL without user name, query or fragment, e.g. https://mcp.example.com/mcp";
  // The value is printed only when it cannot hide a credential (no query, no user info).
  const shown = /[?@]/.test(url) ? "" : `; got ${JSON.stringify(url)}`;
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return `<mcp-server-url> ${allowed}${shown}`;
  const parsed = new URL(url);
  if (url.includes("#") || url.includes("?") || parsed.username !== "" || parsed.password !== "") return `<mcp-server-url> ${allowed}${shown}`;
  return undefined;
}

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 16_384;

const OPTION_NAMES: Record<keyof SuppliedTokens, string> = {
  token: "--token",
  foreignToken: "--foreign-token",
  expiredToken: "--expired-token",
  multiAudienceToken: "--multi-audience-token",
  insufficientScopeToken: "--insufficient-scope-token",
};

/** What is wrong with the supplied tokens, without ever printing one. */
export function tokenProblems(serverUrl: string, tokens: SuppliedTokens): string[] {
  const problems: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (const [key, option] of Object.entries(OPTION_NAMES) as [keyof SuppliedTokens, string][]) {
    const token = tokens[key];
    if (token === undefined) continue;
    if (token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token)) {
      problems.push(`${option} must be a bearer token of at most ${MAX_TOKEN_LENGTH} characters: letters, digits and -._~+/ with optional trailing = (RFC 6750 §2.1); the value given is not (it is not printed)`);
      continue;
    }
    const claims = unverifiedClaims(token);
    const audiences = claims === undefined ? [] : [claims["aud"]].flat();
    const exp = claims?.["exp"];
    if (key === "token" && typeof exp === "number" && exp < now) problems.push(`--token expired ${now - exp} s ago; give a fresh token`);
    if (key === "foreignToken" && audiences.includes(serverUrl)) problems.push(`--foreign-token has ${serverUrl} in its aud; give a token the authorization server issued for another resource`);
    if (key === "expiredToken" && (typeof exp !== "number" || exp >= now)) {
      problems.push(`--expired-token must be a JWT whose exp is in the past; ${typeof exp === "number" ? `it expires in ${exp - now} s` : "it has no numeric exp"}`);
    }
    if (key === "multiAudienceToken" && !(Array.isArray(claims?.["aud"]) && audiences.includes(serverUrl) && audiences.some((aud) => aud !== serverUrl))) {
      problems.push(`--multi-audience-token must be a JWT whose aud is an array holding ${serverUrl} and another resource`);
    }
  }
  return problems;
}
