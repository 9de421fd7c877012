import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import {
  ALICE,
  GITHUB,
  HeadlessBrowser,
  JIRA,
  authorizationUrl,
  authorizeHeadlessly,
  devConfig,
  firstResponse,
  pkcePair,
  redirectParameters,
  tokenRequest,
} from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// registration.dynamic: clients that register at run time (RFC 7591) are public, PKCE-only, and get
// exactly registration.access; the user is asked before any of their scopes is granted.
const dev = useDevServer({ ...devConfig(), registration: { dynamic: true, access: { github: ["github:read"] } } });
const REDIRECT = "http://127.0.0.1:4567/callback";

async function register(metadata: Record<string, unknown>): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${dev.issuer}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function request(clientId: string, overrides: Record<string, string | undefined> = {}) {
  const pkce = pkcePair();
  const params = { response_type: "code", client_id: clientId, redirect_uri: REDIRECT, code_challenge: pkce.challenge, code_challenge_method: "S256", scope: "github:read", resource: GITHUB, state: "s", ...overrides };
  return { url: authorizationUrl(dev.issuer, params), verifier: pkce.verifier };
}

describe("dynamic client registration", () => {
  it("is advertised in discovery", async () => {
    const metadata = (await (await fetch(`${dev.issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata["registration_endpoint"]).toBe(`${dev.issuer}/reg`);
    expect(metadata["token_endpoint_auth_methods_supported"]).toEqual(["none"]);
  });

  it("registers a public native client: no secret, no registration access token", async () => {
    const { status, body } = await register({ client_name: "Some agent", redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      client_name: "Some agent",
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      application_type: "native",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    });
    expect(Object.keys(body).filter((key) => key.startsWith("client_secret") || key.startsWith("registration_"))).toEqual([]);
    expect(body["client_id"]).not.toBe("agent");
  });

  it.each(["client_secret_post", "client_secret_basic", "private_key_jwt"])(
    "registers a client that asks for %s as a public one (token_endpoint_auth_method none, no secret), as RFC 7591 §3.2.1 allows",
    async (method) => {
      const { status, body } = await register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: method });
      expect(status).toBe(201);
      expect(body["token_endpoint_auth_method"]).toBe("none");
      expect(Object.keys(body).filter((key) => key.startsWith("client_secret") || key.startsWith("registration_"))).toEqual([]);
    },
  );

  it("gives a registered client exactly registration.access, always with the user's consent, and no refresh token", async () => {
    const { body: client } = await register({ client_name: "Some agent", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"] });
    // No auth method sent: the server makes the client public rather than handing out an unusable secret.
    expect([client["token_endpoint_auth_method"], client["application_type"], client["client_secret"]]).toEqual(["none", "native", undefined]);
    const { url, verifier } = request(client["client_id"], { scope: "github:read" });
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), url, ALICE, "http://127.0.0.1:4567/");
    expect(outcome.pages).toEqual(["login", "consent"]);
    expect([...(outcome.html[1] ?? "").matchAll(/<li data-scope="([^"]+)">/g)].map((match) => match[1])).toEqual(["github:read"]);
    expect(outcome.html[1]).toContain("This client registered itself: it is not declared in the config, and its name is its own claim.");
    if (outcome.kind !== "redirect") throw new Error("no redirect");
    const response = await tokenRequest(dev.issuer, {
      grant_type: "authorization_code",
      code: outcome.url.searchParams.get("code") ?? "",
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: client["client_id"],
      resource: GITHUB,
    });
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(decodeJwt(response.body.access_token)).toMatchObject({ aud: GITHUB, scope: "github:read", client_id: client["client_id"] });
  });

  it("refuses a scope outside registration.access with invalid_scope before any sign-in", async () => {
    const { body: client } = await register({ redirect_uris: [REDIRECT] });
    const visit = await firstResponse(request(client["client_id"], { scope: "github:read github:write" }).url);
    expect(redirectParameters(visit.location as string)).toEqual({
      error: "invalid_scope",
      error_description: `client ${client["client_id"]} may not obtain scope github:write for ${GITHUB}; it may ask for github:read`,
      state: "s",
      iss: dev.issuer,
    });
  });

  it("refuses a resource outside registration.access", async () => {
    const { body: client } = await register({ redirect_uris: [REDIRECT] });
    const visit = await firstResponse(request(client["client_id"], { resource: JIRA, scope: "jira:read" }).url);
    expect(redirectParameters(visit.location as string)).toEqual({
      error: "invalid_target",
      error_description: `client ${client["client_id"]} is not granted ${JIRA}`,
      state: "s",
      iss: dev.issuer,
    });
  });

  it("matches a registered loopback redirect on any port", async () => {
    const { body: client } = await register({ redirect_uris: [REDIRECT] });
    const visit = await firstResponse(request(client["client_id"], { redirect_uri: "http://127.0.0.1:9999/callback" }).url);
    expect(visit.location).toMatch(new RegExp(`^${dev.issuer}/interaction/`));
  });

  it.each([
    [{ redirect_uris: [] }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [{ client_name: "no redirects" }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [
      { redirect_uris: ["http://agent.example/callback"] },
      "invalid_redirect_uri",
      "http://agent.example/callback uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https",
    ],
    [{ redirect_uris: ["javascript:alert(1)"] }, "invalid_redirect_uri", "javascript:alert(1) must not use the javascript: scheme; allowed: https://host/path, http://127.0.0.1/path or http://[::1]/path (no port), or a private-use scheme like com.example.app:/callback"],
    [{ redirect_uris: ["https://agent.example/*"] }, "invalid_redirect_uri", "https://agent.example/* must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)"],
  ])("refuses %j", async (metadata, error, description) => {
    expect(await register(metadata)).toEqual({ status: 400, body: { error, error_description: description } });
  });

  it.each([
    [{ grant_types: ["client_credentials"] }, "grant_types can only contain 'authorization_code' or 'refresh_token'"],
    [{ grant_types: ["implicit"] }, "grant_types can only contain 'authorization_code' or 'refresh_token'"],
    [{ response_types: ["code id_token"] }, "response_types can only contain 'code'"],
  ])("refuses other flows through oidc-provider's own checks: %j", async (metadata, description) => {
    expect(await register({ redirect_uris: [REDIRECT], ...metadata })).toEqual({ status: 400, body: { error: "invalid_client_metadata", error_description: description } });
  });
});
