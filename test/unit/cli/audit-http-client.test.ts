import { describe, expect, it } from "vitest";
import { AuditHttp, HttpFailure } from "../../../src/cli/audit/http-client.js";
import { loopbackServerForTest, startLoopbackServer } from "../../support/loopback-server.js";

const loopback = loopbackServerForTest;
const limits = { timeoutMs: 300, maxBodyBytes: 64, maxRedirects: 2 };

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpFailure) return error.message;
    throw error;
  }
  throw new Error("expected an HttpFailure");
}

describe("AuditHttp: where it goes", () => {
  it("does not follow a redirect to another origin, which therefore sees no request", async () => {
    const server = await loopback();
    const elsewhere = await loopback();
    server.route("/doc", (_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/doc?access_token=x` }).end());
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    expect(await failureOf(http.request(`${server.origin}/doc`))).toBe(`${server.origin}/doc redirected to another origin (${elsewhere.origin}); not followed`);
    expect(elsewhere.requests).toEqual([]);
  });

  it("follows a same-origin redirect for a GET, up to the limit", async () => {
    const server = await loopback();
    server.route("/a", (_req, res) => res.writeHead(301, { location: "/b" }).end());
    server.route("/b", { json: { ok: true } });
    server.route("/loop", (_req, res) => res.writeHead(302, { location: "/loop" }).end());
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    const { answer, document } = await http.getJsonObject(`${server.origin}/a`);
    expect([answer.url, document]).toEqual([`${server.origin}/b`, { ok: true }]);
    expect(await failureOf(http.request(`${server.origin}/loop`))).toBe(`${server.origin}/loop: more than 2 redirects`);
    expect(server.count("/loop")).toBe(3);
  });

  it("does not follow redirects of a POST: the answer is the 3xx itself", async () => {
    const server = await loopback();
    server.route("/mcp", (_req, res) => res.writeHead(307, { location: "/elsewhere" }).end());
    const answer = await new AuditHttp(`${server.origin}/mcp`, limits).request(`${server.origin}/mcp`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(307);
    expect(server.requests).toEqual(["/mcp"]);
  });

  it("fetches another origin only once it is permitted, and only http(s)", async () => {
    const server = await loopback();
    const named = await loopback();
    named.route("/m", { json: {} });
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    expect(await failureOf(http.request(`${named.origin}/m`))).toBe(`${named.origin} is neither the server's origin nor named by its metadata; not fetched`);
    expect(named.requests).toEqual([]);
    http.permit(`${named.origin}/m`);
    expect((await http.request(`${named.origin}/m`)).status).toBe(200);
    expect(await failureOf(http.request("file:///etc/passwd"))).toBe("file: URLs are not fetched (only http and https)");
  });
});

describe("AuditHttp: how long and how much", () => {
  it("cuts a long body at the limit and refuses it as a JSON document", async () => {
    const server = await loopback();
    server.route("/big", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ filler: "z".repeat(10_000) })));
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    const answer = await http.request(`${server.origin}/big`);
    expect([answer.truncated, answer.body.length]).toEqual([true, 64]);
    expect(await failureOf(http.getJsonObject(`${server.origin}/big`))).toBe(`${server.origin}/big: larger than 64 bytes`);
  });

  it("gives up on a server that never answers, and says so without the query", async () => {
    const server = await loopback();
    server.route("/slow", () => {});
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    expect(await failureOf(http.request(`${server.origin}/slow?access_token=secret`))).toBe(`${server.origin}/slow: no answer within 300 ms`);
  });

  it("names a refused connection", async () => {
    const server = await startLoopbackServer();
    const origin = server.origin;
    await server.close();
    expect(await failureOf(new AuditHttp(`${origin}/mcp`, limits).request(`${origin}/mcp`))).toBe(`${origin}/mcp: connect ECONNREFUSED ${new URL(origin).host}`);
  });

  it("refuses a non-JSON or non-object document and a non-200 answer", async () => {
    const server = await loopback();
    server.route("/text", (_req, res) => res.writeHead(200).end("hello"));
    server.route("/array", { json: [1] });
    const http = new AuditHttp(`${server.origin}/mcp`, limits);
    expect(await failureOf(http.getJsonObject(`${server.origin}/text`))).toBe(`${server.origin}/text: not JSON`);
    expect(await failureOf(http.getJsonObject(`${server.origin}/array`))).toBe(`${server.origin}/array: not a JSON object`);
    expect(await failureOf(http.getJsonObject(`${server.origin}/missing`))).toBe(`${server.origin}/missing: HTTP 404`);
  });
});
