import { spawn } from "node:child_process";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Exchange } from "../../examples/demo/agent.js";
import { lineNarrator } from "../../examples/demo/narrator.js";
import { AGENT_REDIRECT_URI, runDemo, type DemoResult } from "../../examples/demo/run-demo.js";

// The demo's flow end to end: the MCP SDK's client OAuth → the dev authorization server → SDK Streamable
// HTTP servers → pulumi-mcp-auth/verify. Everything below comes from real requests on loopback.
let result: DemoResult;
const narration: string[] = [];

beforeAll(async () => {
  result = await runDemo(lineNarrator((line) => narration.push(line)));
});

const prm = (resource: string) => resource.replace(/\/(github|jira)$/, "/.well-known/oauth-protected-resource/$1");

function tokenExchanges(): Exchange[] {
  return result.exchanges.filter((exchange) => exchange.url.pathname === "/token");
}

describe("the demo flow", () => {
  it("tells its steps in order", () => {
    expect(narration.filter((line) => /^[0-9]+\. /.test(line))).toEqual([
      "1. The config: examples/mcp-auth.yaml",
      "2. A local authorization server from the same file (pulumi-mcp-auth/dev)",
      "3. Two MCP servers, each accepting only tokens for its own resource URI (pulumi-mcp-auth/verify)",
      "4. The agent (desktop-agent) connects to the github server without a token",
      "5. The github token at the jira server",
      "6. Step-up: open_pull_request needs github:write, which the token lacks",
      "7. An agent in nobody's file, identified by its client ID metadata document",
      "8. An agent in nobody's file that registers itself (RFC 7591 dynamic client registration)",
      "9. Done",
    ]);
  });

  it("starts from the server's 401, which names the resource metadata", () => {
    const first = result.exchanges[0];
    expect([first?.method, first?.url.href, first?.status, first?.wwwAuthenticate]).toEqual([
      "POST",
      result.resources.github,
      401,
      `Bearer scope="github:read", resource_metadata="${prm(result.resources.github)}"`,
    ]);
  });

  it("sends PKCE S256 and the resource in each authorization request", () => {
    const requests = result.browserSteps.map(({ authorizationUrl }) => {
      const { code_challenge: challenge, state, ...rest } = Object.fromEntries(authorizationUrl.searchParams);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(state).toMatch(/^[A-Za-z0-9_-]{22}$/);
      return rest;
    });
    const common = { response_type: "code", client_id: "desktop-agent", code_challenge_method: "S256", redirect_uri: AGENT_REDIRECT_URI };
    expect(requests).toEqual([
      { ...common, scope: "github:read", resource: result.resources.github },
      { ...common, scope: "jira:read", resource: result.resources.jira },
      { ...common, scope: "github:read github:write", resource: result.resources.github },
    ]);
    expect(result.browserSteps.map(({ authorizationUrl }) => authorizationUrl.origin + authorizationUrl.pathname)).toEqual(Array(3).fill(`${result.issuer}/auth`));
  });

  it("signs in once, then asks consent only for the scope the config marks consent: required", () => {
    expect(result.browserSteps.map(({ pages }) => pages)).toEqual([[{ kind: "login", username: "alice" }], [], [{ kind: "consent", scopes: ["github:write"] }]]);
  });

  it("sends resource on every token request, and never a secret", () => {
    const forms = tokenExchanges().map((exchange) => {
      const form = Object.fromEntries(exchange.requestForm ?? []);
      return { grant_type: form["grant_type"], resource: form["resource"], client_id: form["client_id"], fields: Object.keys(form).sort() };
    });
    const code = ["client_id", "code", "code_verifier", "grant_type", "redirect_uri", "resource"];
    expect(forms).toEqual([
      { grant_type: "authorization_code", resource: result.resources.github, client_id: "desktop-agent", fields: code },
      { grant_type: "authorization_code", resource: result.resources.jira, client_id: "desktop-agent", fields: code },
      { grant_type: "refresh_token", resource: result.resources.github, client_id: "desktop-agent", fields: ["client_id", "grant_type", "refresh_token", "resource"] },
      { grant_type: "authorization_code", resource: result.resources.github, client_id: "desktop-agent", fields: code },
    ]);
  });

  it("gets JWT access tokens bound to one resource, with only the granted scopes", () => {
    expect(result.accessTokens).toHaveLength(4);
    const described = result.accessTokens.map((token) => {
      const header = decodeProtectedHeader(token);
      const claims = decodeJwt(token);
      expect(Object.keys(claims).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub"]);
      return { alg: header.alg, typ: header.typ, iss: claims.iss, aud: claims.aud, scope: claims["scope"], client_id: claims["client_id"], sub: claims.sub, lifetime: (claims.exp as number) - (claims.iat as number) };
    });
    const common = { alg: "ES256", typ: "at+jwt", iss: result.issuer, client_id: "desktop-agent", sub: "alice" };
    expect(described).toEqual([
      { ...common, aud: result.resources.github, scope: "github:read", lifetime: 600 },
      { ...common, aud: result.resources.jira, scope: "jira:read", lifetime: 900 },
      { ...common, aud: result.resources.github, scope: "github:read", lifetime: 600 },
      { ...common, aud: result.resources.github, scope: "github:read github:write", lifetime: 600 },
    ]);
    expect(new Set(result.accessTokens.map((token) => decodeJwt(token).jti)).size).toBe(4);
  });

  it("rotates the refresh token on refresh", () => {
    const [githubCode, , refresh] = tokenExchanges();
    const issued = (githubCode?.responseJson as { refresh_token: string }).refresh_token;
    expect(refresh?.requestForm?.get("refresh_token")).toBe(issued);
    expect((refresh?.responseJson as { refresh_token: string }).refresh_token).not.toBe(issued);
  });

  it("is refused at jira with github's token: 401 invalid_token, from the verifier's aud check", () => {
    expect(result.crossResource).toEqual({
      status: 401,
      wwwAuthenticate: `Bearer error="invalid_token", error_description="the token is not meant for this resource (aud)", scope="jira:read", resource_metadata="${prm(result.resources.jira)}"`,
    });
  });

  it("meets 403 insufficient_scope naming the whole scope set, which the SDK cannot fix by refreshing", () => {
    expect([result.insufficientScope.status, result.insufficientScope.wwwAuthenticate]).toEqual([
      403,
      `Bearer error="insufficient_scope", error_description="the token lacks the scope github:write", scope="github:read github:write", resource_metadata="${prm(result.resources.github)}"`,
    ]);
    expect(result.sdkStepUpError).toBe("Streamable HTTP error: Server returned 403 after trying upscoping");
  });

  it("calls each tool with a token the verifier accepted", () => {
    expect(result.toolReplies).toEqual({
      listRepositories: "alice can read 2 repositories: platform/pulumi-mcp-auth, platform/agents",
      searchIssues: "3 open issues assigned to alice",
      openPullRequest: "pull request #42 opened by alice",
    });
  });
});

describe("the demo's agents in nobody's file", () => {
  const claimsOf = (token: string) => {
    const { aud, scope, client_id: clientId, sub, iss } = decodeJwt(token);
    return { aud, scope, client_id: clientId, sub, iss };
  };

  it("one presents its client ID metadata document: its URL is the client_id, the user is asked, the token is github:read at github only", () => {
    const { metadataDocument } = result.unregistered;
    expect(metadataDocument.clientId).toMatch(/^https:\/\/localhost:[0-9]+\/agents\/travel-planner\.json$/);
    expect(Object.fromEntries(metadataDocument.authorizationUrl.searchParams)).toMatchObject({ client_id: metadataDocument.clientId, scope: "github:read", resource: result.resources.github });
    expect(metadataDocument.pages).toEqual([{ kind: "consent", scopes: ["github:read"] }]);
    expect(claimsOf(metadataDocument.accessToken)).toEqual({ aud: result.resources.github, scope: "github:read", client_id: metadataDocument.clientId, sub: "alice", iss: result.issuer });
    expect([metadataDocument.toolReply, metadataDocument.crossResourceStatus]).toEqual(["alice can read 2 repositories: platform/pulumi-mcp-auth, platform/agents", 401]);
    expect(metadataDocument.exchanges.some((exchange) => exchange.url.pathname === "/reg")).toBe(false);
    expect(narration).toContain("   The dev server fetched the document once for the whole flow (it caches documents for a few minutes).");
  });

  it("one registers itself: the registration states github:read only, the user is asked, the token is github:read at github only", () => {
    const { dynamicRegistration } = result.unregistered;
    const registration = dynamicRegistration.exchanges.find((exchange) => exchange.url.pathname === "/reg");
    expect([registration?.status, (registration?.responseJson as Record<string, unknown>)["client_id"], (registration?.responseJson as Record<string, unknown>)["scope"]]).toEqual([
      201,
      dynamicRegistration.clientId,
      "github:read",
    ]);
    expect(dynamicRegistration.pages).toEqual([{ kind: "consent", scopes: ["github:read"] }]);
    expect(claimsOf(dynamicRegistration.accessToken)).toEqual({ aud: result.resources.github, scope: "github:read", client_id: dynamicRegistration.clientId, sub: "alice", iss: result.issuer });
    expect(dynamicRegistration.crossResourceStatus).toBe(401);
  });
});

describe("npm run demo", () => {
  it("prints the narrated flow, nothing on stderr, and exits 0", async () => {
    const child = spawn("npm", ["run", "--silent", "demo"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise((resolve) => child.on("exit", resolve));
    expect([exitCode, stderr]).toEqual([0, ""]);
    expect(stdout.split("\n")[0]).toBe("pulumi-mcp-auth demo: one config file, a local authorization server, two MCP servers, a declared agent and two in nobody's file.");
    expect(stdout).toContain("   Tool open_pull_request → \"pull request #42 opened by alice\"\n");
  });
});
