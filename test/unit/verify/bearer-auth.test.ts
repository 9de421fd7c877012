import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearerAuth, createTokenVerifier, protectedResourceMetadataUrl, type AuthenticatedRequest } from "../../../src/verify/index.js";
import { serve, type ServerUnderTest } from "../../support/http-server.js";
import { rawGet } from "../../support/raw-request.js";
import { nowSeconds, RESOURCE } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

const PRM = protectedResourceMetadataUrl(RESOURCE);
const CHALLENGE_PARAMS = `scope="github:read", resource_metadata="${PRM}"`;

const fixture = useVerifiedIssuer({ tokenType: "at+jwt" });

interface Answer {
  readonly status: number;
  readonly challenge: string | null;
  readonly body: unknown;
}

async function ask(origin: string, init: { authorization?: string; path?: string; method?: string; body?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.authorization !== undefined) headers["authorization"] = init.authorization;
  if (init.body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  const response = await fetch(`${origin}${init.path ?? "/mcp"}`, { method: init.method ?? "GET", headers, body: init.body });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: text.startsWith("{") ? JSON.parse(text) : text };
}

/** The same checks, run against a node:http server and an Express app. */
const servers: Record<string, (auth: ReturnType<typeof bearerAuth>) => Promise<ServerUnderTest>> = {
  "node:http": (auth) =>
    serve(async (req: AuthenticatedRequest, res) => {
      const verified = await auth(req, res);
      if (!verified) return;
      res.end(JSON.stringify({ subject: verified.subject, auth: { ...req.auth, resource: req.auth?.resource.href } }));
    }),
  express: (auth) => {
    const app = express();
    app.use("/mcp", auth);
    app.all("/mcp", (req, res) => {
      const info = (req as AuthenticatedRequest).auth;
      res.json({ subject: info?.extra.subject, auth: { ...info, resource: info?.resource.href } });
    });
    return serve(app);
  },
};

describe.each(Object.keys(servers))("bearerAuth with %s", (kind) => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await servers[kind]!(bearerAuth(fixture.verifier, { resourceMetadataUrl: PRM, requiredScopes: ["github:read"] }));
  });
  afterAll(() => server.close());

  it("lets a valid token through and exposes it as req.auth in the MCP SDK AuthInfo shape", async () => {
    const exp = nowSeconds() + 600;
    const token = await fixture.as.token({ claims: { exp } });
    const answer = await ask(server.origin, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      subject: "alice",
      auth: {
        token,
        clientId: "desktop-agent",
        scopes: ["github:read"],
        expiresAt: exp,
        resource: RESOURCE,
        extra: { subject: "alice", audience: [RESOURCE], claims: expect.objectContaining({ sub: "alice", exp }) },
      },
    });
  });

  it.each(["bearer", "BEARER", "BeArEr"])("accepts the scheme spelled %s", async (scheme) => {
    expect((await ask(server.origin, { authorization: `${scheme} ${await fixture.as.token()}` })).status).toBe(200);
  });

  // RFC 6750 §3.1: a request that lacks authentication gets no error code and no error information,
  // neither in the challenge nor in the body; the two must never disagree.
  it.each([
    ["no Authorization header", undefined],
    ["an empty Authorization header", ""],
    ["a blank Authorization header", "   "],
    ["another scheme", "Basic YWxpY2U6c2VjcmV0"],
    ["another scheme without credentials", "Negotiate"],
  ])("answers 401 with a bare challenge and an empty body to %s", async (_, authorization) => {
    const answer = await ask(server.origin, authorization === undefined ? {} : { authorization });
    expect(answer).toEqual({ status: 401, challenge: `Bearer ${CHALLENGE_PARAMS}`, body: "" });
  });

  it.each([["Authorization:"], ["Authorization:    "], ["authorization: Basic YWxpY2U6c2VjcmV0"], ["AUTHORIZATION: Digest username=alice"]])(
    "answers the raw header line %j with the same bare challenge and empty body",
    async (line) => {
      expect(await rawGet(server.origin, "/mcp", [line])).toEqual({ status: 401, challenge: `Bearer ${CHALLENGE_PARAMS}`, body: "" });
    },
  );

  it("never reads a token from the query string", async () => {
    const answer = await ask(server.origin, { path: `/mcp?access_token=${await fixture.as.token()}` });
    expect(answer).toEqual({ status: 401, challenge: `Bearer ${CHALLENGE_PARAMS}`, body: "" });
  });

  it("never reads a token from a form body", async () => {
    const answer = await ask(server.origin, { method: "POST", body: `access_token=${await fixture.as.token()}` });
    expect(answer).toEqual({ status: 401, challenge: `Bearer ${CHALLENGE_PARAMS}`, body: "" });
  });

  it("names invalid_token in the challenge and the body alike when a bad token is sent", async () => {
    const answer = await ask(server.origin, { authorization: "Bearer not-a-jwt" });
    expect(answer).toEqual({
      status: 401,
      challenge: `Bearer error="invalid_token", error_description="the access token is not a compact JWS (three dot-separated parts)", ${CHALLENGE_PARAMS}`,
      body: { error: "invalid_token", error_description: "the access token is not a compact JWS (three dot-separated parts)" },
    });
  });

  it.each([
    ["two valid tokens", (token: string) => [`Bearer ${token}`, `Bearer ${token}`]],
    ["a valid token and a bad one", (token: string) => [`Bearer ${token}`, "Bearer forged"]],
    ["a bad token first", (token: string) => ["Bearer forged", `Bearer ${token}`]],
    ["a bearer and a basic header", (token: string) => [`Bearer ${token}`, "Basic YWxpY2U6c2VjcmV0"]],
  ])("answers 400 invalid_request to two Authorization headers (%s), never picking one", async (_, headersOf) => {
    const duplicate = "the request carries more than one Authorization header; send exactly one";
    expect(await rawGet(server.origin, "/mcp", headersOf(await fixture.as.token()).map((value) => `Authorization: ${value}`))).toEqual({
      status: 400,
      challenge: `Bearer error="invalid_request", error_description="${duplicate}", ${CHALLENGE_PARAMS}`,
      body: { error: "invalid_request", error_description: duplicate },
    });
  });

  it.each(["Bearer", "Bearer a b", "Bearer a,b"])("answers 400 invalid_request to the malformed header %j", async (authorization) => {
    expect(await ask(server.origin, { authorization })).toEqual({
      status: 400,
      challenge: `Bearer error="invalid_request", error_description="the Authorization header must be Bearer followed by exactly one token", ${CHALLENGE_PARAMS}`,
      body: { error: "invalid_request", error_description: "the Authorization header must be Bearer followed by exactly one token" },
    });
  });

  it("answers 401 invalid_token with the reason, scope and resource_metadata", async () => {
    const token = await fixture.as.token({ claims: { aud: "https://mcp.example.com/jira" } });
    expect(await ask(server.origin, { authorization: `Bearer ${token}` })).toEqual({
      status: 401,
      challenge: `Bearer error="invalid_token", error_description="the token is not meant for this resource (aud)", ${CHALLENGE_PARAMS}`,
      body: { error: "invalid_token", error_description: "the token is not meant for this resource (aud)" },
    });
  });

  it("answers 403 insufficient_scope naming the scope the route needs", async () => {
    const token = await fixture.as.token({ claims: { scope: "github:write" } });
    expect(await ask(server.origin, { authorization: `Bearer ${token}` })).toEqual({
      status: 403,
      challenge: `Bearer error="insufficient_scope", error_description="the token lacks the scope github:read", ${CHALLENGE_PARAMS}`,
      body: { error: "insufficient_scope", error_description: "the token lacks the scope github:read" },
    });
  });
});

describe("bearerAuth when the issuer's keys cannot be fetched", () => {
  let server: ServerUnderTest | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("answers 503 server_error without a challenge, never a pass", async () => {
    const offline = createTokenVerifier({ issuer: fixture.as.issuer, resource: RESOURCE, jwksUri: `${fixture.as.issuer}/no-such-jwks` });
    const auth = bearerAuth(offline, { resourceMetadataUrl: PRM });
    server = await serve(async (req, res) => {
      if (await auth(req, res)) res.end("reached the tool");
    });
    expect(await ask(server.origin, { authorization: `Bearer ${await fixture.as.token()}` })).toEqual({
      status: 503,
      challenge: null,
      body: { error: "server_error", error_description: "the issuer's signing keys cannot be fetched" },
    });
  });

  it("refuses a bad resourceMetadataUrl or scope when created, not on the first request", () => {
    expect(() => bearerAuth(fixture.verifier, { resourceMetadataUrl: "/prm" })).toThrow(new TypeError('wwwAuthenticate: resourceMetadataUrl must be an absolute http(s) URL, got "/prm"'));
    expect(() => bearerAuth(fixture.verifier, { resourceMetadataUrl: PRM, requiredScopes: ["a b"] })).toThrow(new TypeError('wwwAuthenticate: "a b" is not an RFC 6749 scope token'));
  });
});
