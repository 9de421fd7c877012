import type { Discovery } from "../discovery.js";
import type { AuditHttp, HttpAnswer } from "../http-client.js";
import type { CheckResult, CheckStatus } from "../report.js";

/** The tokens the person running the audit gave; each enables the checks that need it. */
export interface SuppliedTokens {
  /** A valid token for this server (`--token`). */
  readonly token?: string | undefined;
  /** A token from the same authorization server for another resource (`--foreign-token`). */
  readonly foreignToken?: string | undefined;
  /** A token for this server that has expired (`--expired-token`). */
  readonly expiredToken?: string | undefined;
  /** A token whose `aud` names this server and another resource (`--multi-audience-token`). */
  readonly multiAudienceToken?: string | undefined;
  /** A valid token for this server without a scope the MCP endpoint needs (`--insufficient-scope-token`). */
  readonly insufficientScopeToken?: string | undefined;
}

/** A request that carried a token, and what came back: `no-token-echo` reads them all. */
export interface Exchange {
  readonly check: string;
  readonly token: string;
  readonly answer: HttpAnswer;
}

/** Everything a check may read, plus the log of token-carrying exchanges it must append to. */
export interface AuditContext {
  readonly http: AuditHttp;
  readonly serverUrl: string;
  readonly discovery: Discovery;
  readonly tokens: SuppliedTokens;
  readonly exchanges: Exchange[];
}

/** A check: its id and title, and how it decides. */
export interface Check {
  readonly id: string;
  readonly title: string;
  run(context: AuditContext): Promise<Outcome> | Outcome;
}

/** A check's verdict before its id and title are attached. */
export interface Outcome {
  readonly status: CheckStatus;
  readonly detail: string;
}

export const pass = (detail: string): Outcome => ({ status: "pass", detail });
export const fail = (detail: string): Outcome => ({ status: "fail", detail });
export const skip = (detail: string): Outcome => ({ status: "skip", detail });

export function resultOf(check: Check, outcome: Outcome): CheckResult {
  return { id: check.id, status: outcome.status, title: check.title, detail: outcome.detail };
}
