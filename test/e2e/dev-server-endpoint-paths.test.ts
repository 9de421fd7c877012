import { request } from "node:http";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import {
  AGENT_REDIRECT,
  GITHUB,
  JIRA,
  agentRequest,
  authorizationCode,
  authorizationUrl,
  codeExchange,
  devConfig,
  firstResponse,
  pkcePair,
  redirectParameters,
} from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// Issue 14.1: oidc-provider's router matches paths case-insensitively and ignores one trailing slash, so
// /TOKEN, /Token/ and /reg/ are the token and registration endpoints too. Every rule of those endpoints must
// hold on every path that reaches them, and however the body's content type is spelled.
const dev = useDevServer({ ...devConfig(), registration: { dynamic: true, access: { github: ["github:read"] } } });

/** POSTs `body` to `path` exactly as written (fetch would normalize the path first). */
function rawPost(path: string, contentType: string, body: string): Promise<{ status: number; body: Record<string, any> | string }> {
  const issuer = new URL(dev.issuer);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: issuer.hostname, port: issuer.port, path, method: "POST", headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          const json = (response.headers["content-type"] ?? "").startsWith("application/json");
          resolve({ status: response.statusCode ?? 0, body: json ? (JSON.parse(text) as Record<string, any>) : text });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function form(params: Record<string, string | readonly string[] | undefined>): string {
  const encoded = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of value === undefined ? [] : [value].flat()) encoded.append(name, item);
  return encoded.toString();
}

const FORM = "application/x-www-form-urlencoded";
/** Every spelling of the token and registration paths that oidc-provider's router maps to the endpoint. */
const TOKEN_PATHS = ["/token", "/TOKEN", "/Token", "/tOKEn", "/token/", "/TOKEN/", "/token?x=1", "/Token/?x=1"];
const REGISTRATION_PATHS = ["/reg", "/REG", "/Reg", "/reg/", "/REG/", "/reg?x=1"];
/** Spellings its router does not map to any endpoint: no dot-segment, percent-decoding or parameter handling. */
const UNROUTED_TOKEN_PATHS = ["//token", "/token//", "/token;x", "/%74oken", "/token%2F", "/./token", "/x/../token"];

const refusal = (description: string) => ({ status: 400, body: { error: "invalid_target", error_description: description } });
const MISSING = refusal("the resource parameter is required: name the one MCP resource this token is for (RFC 8707)");
const TWO = refusal("exactly one resource per request: every access token is bound to one MCP resource");
const UNDECLARED = refusal("http://127.0.0.1:7001/gitlab is not a resource of this authorization server");
const NOT_GRANTED = refusal("client agent is not granted https://docs.example.com/mcp");
const OTHER_CODE = refusal(`this authorization code was issued for ${GITHUB}; ask for a token for that resource`);
const OTHER_REFRESH = refusal(`this refresh token was issued for ${GITHUB}; ask for a token for that resource`);

describe("the token endpoint on every path its router accepts", () => {
  it.each(TOKEN_PATHS)("%s refuses a code exchange without the right resource, spends nothing, then issues the bound token", async (path) => {
    const grant = await authorizationCode(dev.issuer);
    const attempts = [
      { ...codeExchange(grant), resource: undefined },
      { ...codeExchange(grant), resource: [GITHUB, JIRA] },
      codeExchange(grant, "http://127.0.0.1:7001/gitlab"),
      codeExchange(grant, "https://docs.example.com/mcp"),
      codeExchange(grant, JIRA),
    ];
    const refusals = [];
    for (const attempt of attempts) refusals.push(await rawPost(path, FORM, form(attempt)));
    expect(refusals).toEqual([MISSING, TWO, UNDECLARED, NOT_GRANTED, OTHER_CODE]);

    const issued = await rawPost(path, FORM, form(codeExchange(grant)));
    expect(issued.status).toBe(200);
    expect(decodeJwt((issued.body as Record<string, string>)["access_token"] as string)).toMatchObject({ aud: GITHUB, scope: "github:read" });
  });

  it.each(TOKEN_PATHS)("%s refuses a refresh without the right resource and keeps the refresh token usable", async (path) => {
    const first = await rawPost("/token", FORM, form(codeExchange(await authorizationCode(dev.issuer))));
    const refreshToken = (first.body as Record<string, string>)["refresh_token"] as string;
    const refresh = (resource: string | readonly string[] | undefined) => form({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "agent", resource });
    const refusals = [];
    for (const resource of [undefined, [GITHUB, JIRA], "http://127.0.0.1:7001/gitlab", JIRA]) refusals.push(await rawPost(path, FORM, refresh(resource)));
    expect(refusals).toEqual([MISSING, TWO, UNDECLARED, OTHER_REFRESH]);
    expect((await rawPost(path, FORM, refresh(GITHUB))).status).toBe(200);
  });

  it.each(["application/x-www-form-urlencoded; charset=utf-8", "Application/X-WWW-Form-Urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED;charset=UTF-8"])(
    "refuses a code exchange without resource sent as %s",
    async (contentType) => {
      const grant = await authorizationCode(dev.issuer);
      expect(await rawPost("/TOKEN", contentType, form({ ...codeExchange(grant), resource: undefined }))).toEqual(MISSING);
      expect((await rawPost("/token", FORM, form(codeExchange(grant)))).status).toBe(200);
    },
  );

  it.each(UNROUTED_TOKEN_PATHS)("%s is no endpoint: 404, and the code stays usable", async (path) => {
    const grant = await authorizationCode(dev.issuer);
    expect(await rawPost(path, FORM, form({ ...codeExchange(grant), resource: undefined }))).toEqual({ status: 404, body: "Not Found" });
    expect((await rawPost("/token", FORM, form(codeExchange(grant)))).status).toBe(200);
  });
});

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON", "APPLICATION/JSON;charset=UTF-8"];
const FORBIDDEN_REGISTRATIONS: Array<[Record<string, unknown>, { error: string; error_description: string }]> = [
  [
    { application_type: "web", redirect_uris: ["http://evil.example/cb"] },
    {
      error: "invalid_redirect_uri",
      error_description: "http://evil.example/cb uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https",
    },
  ],
  [
    { redirect_uris: ["https://agent.example/cb"], jwks_uri: "https://evil.example/jwks" },
    {
      error: "invalid_client_metadata",
      error_description:
        "jwks_uri is not accepted: this server makes no request to a URL a client names, and clients are public (token_endpoint_auth_method none) and sign nothing the server verifies",
    },
  ],
  [{ client_name: "no redirects" }, { error: "invalid_redirect_uri", error_description: "redirect_uris must list at least one redirect URI" }],
];

describe("the registration endpoint on every path its router accepts", () => {
  it.each(REGISTRATION_PATHS.flatMap((path) => JSON_TYPES.map((type) => [path, type])))("%s with %s refuses what the rules forbid", async (path, type) => {
    const answers = [];
    for (const [metadata] of FORBIDDEN_REGISTRATIONS) answers.push(await rawPost(path, type, JSON.stringify(metadata)));
    expect(answers).toEqual(FORBIDDEN_REGISTRATIONS.map(([, body]) => ({ status: 400, body })));
  });

  it.each(REGISTRATION_PATHS)("%s registers an allowed client as public and native, without a secret, whatever it asked for", async (path) => {
    const metadata = { redirect_uris: ["http://127.0.0.1:4567/callback"], application_type: "web", token_endpoint_auth_method: "client_secret_basic" };
    const { status, body } = await rawPost(path, "Application/JSON; charset=UTF-8", JSON.stringify(metadata));
    expect(status).toBe(201);
    expect(body).toMatchObject({ token_endpoint_auth_method: "none", application_type: "native", redirect_uris: ["http://127.0.0.1:4567/callback"] });
    expect(Object.keys(body).filter((key) => key.startsWith("client_secret") || key.startsWith("registration_"))).toEqual([]);
  });

  it("registers nothing from a body oidc-provider does not read as JSON", async () => {
    const metadata = JSON.stringify({ application_type: "web", redirect_uris: ["http://evil.example/cb"] });
    expect(await rawPost("/REG", "text/plain", metadata)).toEqual({
      status: 400,
      body: { error: "invalid_request", error_description: "only application/json content-type bodies are supported on POST /REG" },
    });
    expect(await rawPost("/reg/", FORM, form({ redirect_uris: "http://evil.example/cb", application_type: "web" }))).toEqual({
      status: 400,
      body: { error: "invalid_request", error_description: "only application/json content-type bodies are supported on POST /reg/" },
    });
  });
});

describe("the authorization endpoint on every path its router accepts", () => {
  it.each(["/auth", "/AUTH", "/Auth/"])("%s keeps its resource, scope and PKCE rules", async (path) => {
    const at = (overrides: Record<string, string | undefined>) => {
      const url = authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge, overrides));
      url.pathname = path;
      return firstResponse(url);
    };
    const refused = [
      await at({ resource: undefined }),
      await at({ scope: "jira:read" }),
      await at({ code_challenge_method: "plain" }),
    ].map((visit) => (visit.location?.startsWith(`${AGENT_REDIRECT}?`) ? redirectParameters(visit.location) : visit.status));
    const error = (code: string, description: string) => ({ error: code, error_description: description, state: "state-1", iss: dev.issuer });
    expect(refused).toEqual([
      error("invalid_target", "the resource parameter is required: name the one MCP resource this token is for (RFC 8707)"),
      error("invalid_scope", `client agent may not obtain scope jira:read for ${GITHUB}; it may ask for github:read github:write`),
      error("invalid_request", "not supported value of code_challenge_method"),
    ]);
    const unregistered = await at({ redirect_uri: "https://attacker.example/callback" });
    expect([unregistered.status, unregistered.location]).toEqual([400, undefined]);
  });
});
