import { describe, expect, it } from "vitest";
import { auditReport, MAX_DETAIL_LENGTH, redact, redactReport, renderJson, renderTable, type CheckResult } from "../../../src/cli/audit/report.js";

const checks: CheckResult[] = [
  { id: "unauthenticated-401", status: "pass", title: "No token, 401", detail: "HTTP 401" },
  { id: "forged-none", status: "fail", title: "alg none refused", detail: "was ACCEPTED: HTTP 200\nsecond line" },
  { id: "valid-token-accepted", status: "skip", title: "Valid token accepted", detail: "pass --token" },
];

describe("auditReport", () => {
  it("passes when no check failed, skips allowed", () => {
    expect(auditReport("https://m/mcp", [checks[0] as CheckResult, checks[2] as CheckResult]).passed).toBe(true);
    expect(auditReport("https://m/mcp", checks).passed).toBe(false);
    expect(auditReport("https://m/mcp", []).passed).toBe(true);
  });
});

describe("renderJson", () => {
  it("is one JSON object with url, passed and checks of exactly id, status, title, detail", () => {
    const extra = { ...checks[0], extra: "not printed" } as CheckResult;
    expect(JSON.parse(renderJson(auditReport("https://m/mcp", [extra])))).toEqual({
      url: "https://m/mcp",
      passed: true,
      checks: [{ id: "unauthenticated-401", status: "pass", title: "No token, 401", detail: "HTTP 401" }],
    });
  });
});

describe("renderTable", () => {
  it("prints a line per check, its detail lines indented under the title, and a summary", () => {
    expect(renderTable(auditReport("https://m/mcp", checks))).toBe(
      [
        "Audit of https://m/mcp",
        "",
        "PASS  unauthenticated-401   No token, 401",
        "                            HTTP 401",
        "FAIL  forged-none           alg none refused",
        "                            was ACCEPTED: HTTP 200",
        "                            second line",
        "SKIP  valid-token-accepted  Valid token accepted",
        "                            pass --token",
        "",
        "1 passed, 1 failed, 1 skipped: the server failed the audit",
      ].join("\n"),
    );
  });
});

describe("redact", () => {
  it("replaces each given secret, opaque or not, everywhere it appears", () => {
    expect(redact("a opaque-1 b opaque-1 c opaque-2", ["opaque-1", "opaque-2"])).toBe("a [token] b [token] c [token]");
  });

  it("replaces a secret also where it appears percent-encoded, as a token sent in a query string does", () => {
    expect(redact("GET /mcp?access_token=ab%2Bc%2Fd%3D%3D: ab+c/d==", ["ab+c/d=="])).toBe("GET /mcp?access_token=[token]: [token]");
  });

  it("replaces anything shaped like a JWS, even cut after its payload, given or not", () => {
    expect(redact('x="eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." y', [])).toBe('x="[token]" y');
    expect(redact("cut: eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end", [])).toBe("cut: [token] end");
    expect(redact("cut: eyJhbGciOiJFUzI1NiJ9.eyJzdWIi", [])).toBe("cut: [token]");
  });

  it("redacts every title and detail of a report and cuts long details after redacting", () => {
    const secret = "s3cret-token";
    const long = `${"x".repeat(MAX_DETAIL_LENGTH - 5)} ${secret}${"y".repeat(100)}`;
    const report = redactReport(auditReport("https://m/mcp", [{ id: "a", status: "pass", title: `t ${secret}`, detail: long }]), [secret]);
    expect(report.checks[0]?.title).toBe("t [token]");
    expect(report.checks[0]?.detail).toBe(`${"x".repeat(MAX_DETAIL_LENGTH - 5)} [tok… (cut)`);
  });
});
