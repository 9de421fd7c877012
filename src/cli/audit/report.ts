/** What the audit found, and the two ways it is printed. */

export type CheckStatus = "pass" | "fail" | "skip";

/** One check's outcome; `detail` says what was sent, what came back and why that passes or fails. */
export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly title: string;
  readonly detail: string;
}

/** The `--json` document: exactly these keys. `passed` is true when no check failed (skips allowed). */
export interface AuditReport {
  readonly url: string;
  readonly passed: boolean;
  readonly checks: readonly CheckResult[];
}

export function auditReport(url: string, checks: readonly CheckResult[]): AuditReport {
  return { url, passed: checks.every((check) => check.status !== "fail"), checks };
}

/** Replaces every secret (each token the audit sent) wherever it appears; the report never prints one. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  // A token sent in a query string arrives percent-encoded (`+`, `/`, `=` in opaque tokens), and a server may
  // repeat it so: hide that spelling too.
  for (const secret of secrets.flatMap(spellings)) if (secret !== "") result = result.split(secret).join("[token]");
  // Anything else shaped like a JWS (base64url parts, the first a JSON header), even cut short, is hidden as well.
  return result.replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g, "[token]");
}

/** A token as sent in a header, and as it appears in a URL. */
export function spellings(token: string): string[] {
  const encoded = encodeURIComponent(token);
  return encoded === token ? [token] : [token, encoded];
}

/** Longest detail printed; longer ones (a server's very long challenge) are cut, after redaction. */
export const MAX_DETAIL_LENGTH = 2000;

export function redactReport(report: AuditReport, secrets: readonly string[]): AuditReport {
  return {
    url: report.url,
    passed: report.passed,
    checks: report.checks.map((check) => ({ id: check.id, status: check.status, title: redact(check.title, secrets), detail: cut(redact(check.detail, secrets)) })),
  };
}

function cut(text: string): string {
  return text.length <= MAX_DETAIL_LENGTH ? text : `${text.slice(0, MAX_DETAIL_LENGTH)}… (cut)`;
}

export function renderJson(report: AuditReport): string {
  return JSON.stringify({ url: report.url, passed: report.passed, checks: report.checks.map(({ id, status, title, detail }) => ({ id, status, title, detail })) }, null, 2);
}

const MARK: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

/**
 * A table for people: one line per check (status, id, title), its detail indented below, then a summary.
 * @example
 * PASS  unauthenticated-401  A request without a token is refused with 401 and a Bearer challenge
 *       401 with WWW-Authenticate: Bearer resource_metadata="…"
 */
export function renderTable(report: AuditReport): string {
  const idWidth = Math.max(...report.checks.map((check) => check.id.length), 0);
  const lines = [`Audit of ${report.url}`, ""];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${check.id.padEnd(idWidth)}  ${check.title}`);
    for (const line of check.detail.split("\n")) lines.push(`      ${" ".repeat(idWidth + 2)}${line}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((check) => check.status === status).length;
  lines.push("", `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped: ${report.passed ? "every check passed" : "the server failed the audit"}`);
  return lines.join("\n");
}
