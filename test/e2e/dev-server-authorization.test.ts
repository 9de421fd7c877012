import { describe, expect, it } from "vitest";
import {
  AGENT_REDIRECT,
  ALICE,
  GITHUB,
  HeadlessBrowser,
  JIRA,
  agentRequest,
  authorizationUrl,
  authorizeHeadlessly,
  firstResponse,
  pkcePair,
  redirectParameters,
} from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// SECURITY.md §D at the authorization endpoint: PKCE S256 only, resource required and granted, code flow
// only, registered redirect URIs only (loopback on any port), a real sign-in, consent where the config asks.
const dev = useDevServer();

/** The first answer to an authorization request for `agent` with these overrides. */
async function authorize(overrides: Record<string, string | readonly string[] | undefined>) {
  return firstResponse(authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge, overrides)));
}

/** An error sent back to the client's redirect URI (RFC 6749 §4.1.2.1), with `iss` (RFC 9207). */
function clientError(error: string, description: string) {
  return { error, error_description: description, state: "state-1", iss: dev.issuer };
}

describe("PKCE (S256 only)", () => {
  it("refuses a request without code_challenge", async () => {
    const visit = await authorize({ code_challenge: undefined, code_challenge_method: undefined });
    expect(visit.status).toBe(303);
    expect(redirectParameters(visit.location as string)).toEqual(clientError("invalid_request", "Authorization Server policy requires PKCE to be used for this request"));
  });

  it("refuses code_challenge_method=plain", async () => {
    const visit = await authorize({ code_challenge_method: "plain" });
    expect(redirectParameters(visit.location as string)).toEqual(clientError("invalid_request", "not supported value of code_challenge_method"));
  });

  it("refuses a code_challenge without a method (no silent plain)", async () => {
    const visit = await authorize({ code_challenge_method: undefined });
    expect(redirectParameters(visit.location as string)).toEqual(clientError("invalid_request", "code_challenge_method must be provided"));
  });

  it("accepts S256 and goes on to sign-in", async () => {
    const visit = await authorize({});
    expect(visit.status).toBe(303);
    expect(visit.location).toMatch(new RegExp(`^${dev.issuer}/interaction/[A-Za-z0-9_-]+$`));
  });
});

describe("resource at the authorization endpoint (RFC 8707)", () => {
  it("refuses a request without resource", async () => {
    const visit = await authorize({ resource: undefined });
    expect(redirectParameters(visit.location as string)).toEqual(
      clientError("invalid_target", "the resource parameter is required: name the one MCP resource this token is for (RFC 8707)"),
    );
  });

  it("refuses a resource the config does not declare", async () => {
    const visit = await authorize({ resource: "http://127.0.0.1:7001/gitlab" });
    expect(redirectParameters(visit.location as string)).toEqual(clientError("invalid_target", "http://127.0.0.1:7001/gitlab is not a resource of this authorization server"));
  });

  it("refuses a declared resource the client is not granted", async () => {
    const pkce = pkcePair();
    const visit = await firstResponse(
      authorizationUrl(dev.issuer, { ...agentRequest(pkce.challenge), client_id: "cli", redirect_uri: "http://[::1]:4000/cb", resource: JIRA, scope: "jira:read" }),
    );
    expect(redirectParameters(visit.location as string)).toEqual({
      error: "invalid_target",
      error_description: "client cli is not granted http://127.0.0.1:7002/jira",
      state: "state-1",
      iss: dev.issuer,
    });
  });

  it("refuses two resources in one request", async () => {
    const visit = await authorize({ resource: [GITHUB, JIRA] });
    expect(redirectParameters(visit.location as string)).toEqual(
      clientError("invalid_target", "exactly one resource per request: every access token is bound to one MCP resource"),
    );
  });
});

describe("scope at the authorization endpoint (invalid_scope up front)", () => {
  it.each([
    ["another resource's scope", "jira:read", `client agent may not obtain scope jira:read for ${GITHUB}; it may ask for github:read github:write`],
    ["a granted scope beside another resource's scope", "github:read jira:read", `client agent may not obtain scope jira:read for ${GITHUB}; it may ask for github:read github:write`],
    ["a scope of no resource", "github:read repo:admin", `client agent may not obtain scope repo:admin for ${GITHUB}; it may ask for github:read github:write`],
    ["several", "docs:search github:read jira:read docs:search", `client agent may not obtain scopes docs:search jira:read for ${GITHUB}; it may ask for github:read github:write`],
    ["profile, which this server does not offer", "openid profile github:read", `client agent may not obtain scope profile for ${GITHUB}; it may ask for github:read github:write`],
  ])("redirects invalid_scope for %s, naming the scope and the resource, before any sign-in", async (_case, scope, description) => {
    const visit = await authorize({ scope });
    expect(visit.status).toBe(303);
    expect(visit.location?.startsWith(`${AGENT_REDIRECT}?`)).toBe(true);
    expect(redirectParameters(visit.location as string)).toEqual(clientError("invalid_scope", description));
  });

  it("refuses a scope of the resource that this client is not granted", async () => {
    const pkce = pkcePair();
    const visit = await firstResponse(
      authorizationUrl(dev.issuer, { ...agentRequest(pkce.challenge), client_id: "cli", redirect_uri: "http://[::1]:4000/cb", scope: "github:read github:write" }),
    );
    expect(redirectParameters(visit.location as string)).toEqual(
      clientError("invalid_scope", `client cli may not obtain scope github:write for ${GITHUB}; it may ask for github:read`),
    );
  });

  it("lets OpenID scopes and granted scopes through to sign-in", async () => {
    const visit = await authorize({ scope: "openid offline_access github:read github:write" });
    expect(visit.location).toMatch(new RegExp(`^${dev.issuer}/interaction/[A-Za-z0-9_-]+$`));
  });

  it("shows an error page, never a redirect, when the redirect URI is not registered", async () => {
    const visit = await authorize({ scope: "jira:read", redirect_uri: "https://attacker.example/callback" });
    expect([visit.status, visit.location, visit.contentType]).toEqual([400, undefined, "text/html; charset=utf-8"]);
    expect(visit.text).toContain('<code id="error">invalid_redirect_uri</code>');
  });
});

describe("response types", () => {
  it("refuses response_type=token (implicit) in the fragment, with no token", async () => {
    const visit = await authorize({ response_type: "token" });
    expect(visit.status).toBe(303);
    expect(visit.location?.startsWith(`${AGENT_REDIRECT}#`)).toBe(true);
    expect(redirectParameters(visit.location as string)).toEqual(clientError("unsupported_response_type", "unsupported response_type requested"));
  });

  it("refuses the hybrid response_type=code id_token", async () => {
    const visit = await authorize({ response_type: "code id_token", scope: "openid github:read", nonce: "n-1" });
    expect(redirectParameters(visit.location as string)).toEqual(clientError("unsupported_response_type", "unsupported response_type requested"));
  });
});

describe("redirect URIs", () => {
  it.each([
    ["another path", "http://127.0.0.1:5555/other"],
    ["a trailing slash", "http://127.0.0.1:5555/callback/"],
    ["localhost for 127.0.0.1", "http://localhost:5555/callback"],
    ["[::1] for 127.0.0.1", "http://[::1]:5555/callback"],
    ["another host", "https://attacker.example/callback"],
  ])("shows an error page, never a redirect, for %s", async (_case, redirectUri) => {
    const visit = await authorize({ redirect_uri: redirectUri });
    expect(visit.status).toBe(400);
    expect(visit.location).toBeUndefined();
    expect(visit.contentType).toBe("text/html; charset=utf-8");
    expect(visit.text).toContain('<code id="error">invalid_redirect_uri</code>');
    expect(visit.text).toContain("redirect_uri did not match any of the client&#39;s registered redirect_uris");
  });

  it("shows an error page for an unknown client", async () => {
    const visit = await authorize({ client_id: "someone-else" });
    expect(visit.status).toBe(400);
    expect(visit.location).toBeUndefined();
    expect(visit.text).toContain('<code id="error">invalid_client</code>');
  });

  it.each(["http://127.0.0.1:1/callback", "http://127.0.0.1:65535/callback"])("accepts the loopback redirect on any port: %s", async (redirectUri) => {
    const visit = await authorize({ redirect_uri: redirectUri });
    expect(visit.status).toBe(303);
    expect(visit.location).toMatch(new RegExp(`^${dev.issuer}/interaction/`));
  });

  it("accepts an [::1] redirect registered without a port, and a private-use scheme exactly", async () => {
    for (const redirectUri of ["http://[::1]:8080/cb", "com.example.cli:/cb"]) {
      const pkce = pkcePair();
      const visit = await firstResponse(authorizationUrl(dev.issuer, { ...agentRequest(pkce.challenge), client_id: "cli", redirect_uri: redirectUri }));
      expect(visit.location).toMatch(new RegExp(`^${dev.issuer}/interaction/`));
    }
  });
});

describe("sign-in", () => {
  it("refuses a wrong password with the login page again, and accepts the right one", async () => {
    const browser = new HeadlessBrowser();
    const wrong = await authorizeHeadlessly(browser, authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge)), { ...ALICE, password: "guess" }, AGENT_REDIRECT);
    expect(wrong.kind).toBe("page");
    if (wrong.kind !== "page") return;
    expect(wrong.pages).toEqual(["login"]);
    expect(wrong.visit.status).toBe(401);
    expect(wrong.visit.text).toContain("Wrong username or password.");
    expect(wrong.visit.text).toContain('value="alice"');

    const right = await authorizeHeadlessly(browser, authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge)), ALICE, AGENT_REDIRECT);
    expect(right.kind).toBe("redirect");
  });

  it("refuses an unknown user", async () => {
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge)), { username: "mallory", password: ALICE.password }, AGENT_REDIRECT);
    expect(outcome.kind === "page" && outcome.visit.status).toBe(401);
  });
});

describe("consent", () => {
  it("asks nothing for scopes the config marks implicit", async () => {
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge)), ALICE, AGENT_REDIRECT);
    expect(outcome.kind === "redirect" && outcome.pages).toEqual(["login"]);
  });

  it("asks for a consent: required scope, listing every scope being added", async () => {
    const request = authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge, { scope: "github:read github:write" }));
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), request, ALICE, AGENT_REDIRECT);
    const consentPage = outcome.html[1] ?? "";
    expect([...consentPage.matchAll(/<li data-scope="[^"]+">.*<\/li>/g)].map((match) => match[0])).toEqual([
      '<li data-scope="github:read"><code>github:read</code>: Read repositories</li>',
      '<li data-scope="github:write"><code>github:write</code>: Push commits</li>',
    ]);
    expect(consentPage).toContain("Desktop agent (<code>agent</code>) asks to act for you at\n<strong>GitHub tools</strong>");
  });

  it("sends access_denied back when the user denies", async () => {
    const request = authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge, { scope: "github:read github:write" }));
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), request, { ...ALICE, consent: "deny" }, AGENT_REDIRECT);
    expect(outcome.kind === "redirect" && outcome.pages).toEqual(["login", "consent"]);
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.url.searchParams)).toEqual(clientError("access_denied", "the user did not allow the request"));
  });

  it("returns a code with state and iss when the user allows", async () => {
    const request = authorizationUrl(dev.issuer, agentRequest(pkcePair().challenge, { scope: "github:read github:write" }));
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), request, ALICE, AGENT_REDIRECT);
    expect(outcome.kind === "redirect" && outcome.pages).toEqual(["login", "consent"]);
    if (outcome.kind !== "redirect") return;
    expect([...outcome.url.searchParams.keys()]).toEqual(["code", "state", "iss"]);
    expect(outcome.url.searchParams.get("state")).toBe("state-1");
    expect(outcome.url.searchParams.get("iss")).toBe(dev.issuer);
  });
});
