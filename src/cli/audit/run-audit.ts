/**
 * Runs every check against one MCP server, in a fixed order, and returns the report with every token
 * the audit sent or was given replaced by `[token]`.
 */
import { authorizationServerMetadata, resourceMetadata, resourceMetadataContentType, unauthenticated401 } from "./checks/discovery-checks.js";
import { forgedNone, forgedSignature } from "./checks/forged-token-checks.js";
import { noTokenEcho } from "./checks/no-token-echo.js";
import {
  authorizationHeaderSchemeCase,
  expiredToken,
  foreignTokenRefused,
  insufficientScopeChallenge,
  multiAudienceToken,
  tokenInQuery,
  validTokenAccepted,
} from "./checks/supplied-token-checks.js";
import { fail, resultOf, type AuditContext, type Check, type SuppliedTokens } from "./checks/context.js";
import { discover, type Discovery } from "./discovery.js";
import { AuditHttp, DEFAULT_HTTP_LIMITS, HttpFailure, type HttpLimits } from "./http-client.js";
import { auditReport, redact, redactReport, type AuditReport, type CheckResult } from "./report.js";

/** Every check, in the order they run and are reported. `no-token-echo` reads the others' requests, so it is last. */
export const CHECKS: readonly Check[] = [
  unauthenticated401,
  resourceMetadata,
  resourceMetadataContentType,
  authorizationServerMetadata,
  forgedNone,
  forgedSignature,
  tokenInQuery,
  validTokenAccepted,
  authorizationHeaderSchemeCase,
  foreignTokenRefused,
  expiredToken,
  multiAudienceToken,
  insufficientScopeChallenge,
  noTokenEcho,
];

export interface AuditOptions {
  /** The MCP endpoint, which is also the resource identifier its metadata must name. */
  readonly serverUrl: string;
  readonly tokens?: SuppliedTokens;
  readonly limits?: HttpLimits;
}

/** The server gave no HTTP answer to the first request; the message names the URL and why. */
export class ServerUnreachableError extends Error {
  override readonly name = "ServerUnreachableError";
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const { serverUrl } = options;
  const tokens = options.tokens ?? {};
  const http = new AuditHttp(serverUrl, options.limits ?? DEFAULT_HTTP_LIMITS);
  const secrets = Object.values(tokens).filter((token): token is string => token !== undefined);
  let discovery: Discovery;
  try {
    discovery = await discover(http, serverUrl);
  } catch (error) {
    if (error instanceof HttpFailure) throw new ServerUnreachableError(redact(`the MCP server is unreachable: ${error.message}`, secrets));
    throw error;
  }
  const context: AuditContext = { http, serverUrl, discovery, tokens, exchanges: [] };
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    try {
      results.push(resultOf(check, await check.run(context)));
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      results.push(resultOf(check, fail(`no answer: ${error.message}`)));
    }
  }
  return redactReport(auditReport(serverUrl, results), [...secrets, ...context.exchanges.map((exchange) => exchange.token)]);
}
