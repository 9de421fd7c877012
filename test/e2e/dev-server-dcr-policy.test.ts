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
import { useDevServer, type DevServerFixture } from "../support/dev-server.js";

// Dynamic registration (RFC 7591) as a spec-following client does it by hand: `scope` in the request is
// trimmed to registration.access, the response states exactly what the client will get, and the later
// authorization holds the client to it.
const REDIRECT = "http://127.0.0.1:4567/callback";
const config = { ...devConfig(), registration: { dynamic: true, access: { github: ["github:read", "github:write"], docs: ["docs:search"] } } };
const dev = useDevServer(config);

async function register(fixture: DevServerFixture, metadata: Record<string, unknown>, path = "/reg"): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${fixture.issuer}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** The whole RFC 7591 response for a client registered with REDIRECT: public, native, code flow only, plus `fields`. */
function registrationResponse(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    client_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    client_id_issued_at: expect.any(Number),
    redirect_uris: [REDIRECT],
    application_type: "native",
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code"],
    response_types: ["code"],
    id_token_signed_response_alg: "ES256",
    require_auth_time: false,
    subject_type: "public",
    ...fields,
  };
}

function authorization(clientId: string, scope: string, resource = GITHUB) {
  const pkce = pkcePair();
  const params = { response_type: "code", client_id: clientId, redirect_uri: REDIRECT, code_challenge: pkce.challenge, code_challenge_method: "S256", scope, resource, state: "s" };
  return { url: authorizationUrl(dev.issuer, params), verifier: pkce.verifier };
}

describe("dynamic registration: nothing but a public native client", () => {
  it.each([
    ["request_object_signing_alg", "HS256"],
    ["userinfo_signed_response_alg", "HS256"],
    ["introspection_signed_response_alg", "HS256"],
    ["authorization_signed_response_alg", "HS256"],
    ["id_token_encrypted_response_alg", "dir"],
    ["userinfo_encrypted_response_alg", "A128KW"],
    ["application_type", "web"],
    ["logo_uri", "https://evil.example/logo.png"],
  ])("registers a client that sent %s %j without a secret, public and native, the field ignored", async (field, value) => {
    const { status, body } = await register(dev, { redirect_uris: [REDIRECT], [field]: value });
    expect(status).toBe(201);
    expect(body).toEqual(registrationResponse({ scope: "docs:search github:read github:write" }));
  });
});

describe("dynamic registration: scope", () => {
  it("trims a requested scope to registration.access and states only what the client will get", async () => {
    const { status, body } = await register(dev, {
      client_name: "Spec client",
      redirect_uris: [REDIRECT],
      grant_types: ["authorization_code", "refresh_token"],
      scope: "github:read jira:read offline_access",
    });
    expect(status).toBe(201);
    expect(body).toEqual(registrationResponse({ client_name: "Spec client", scope: "github:read" }));
  });

  it("grants all of registration.access when no scope is asked for", async () => {
    const { body } = await register(dev, { redirect_uris: [REDIRECT] });
    expect(body["scope"]).toBe("docs:search github:read github:write");
  });

  it("refuses a registration none of whose scopes can be granted", async () => {
    expect(await register(dev, { redirect_uris: [REDIRECT], scope: "jira:read offline_access" })).toEqual({
      status: 400,
      body: {
        error: "invalid_client_metadata",
        error_description: "scope names no scope a registered client may obtain; registered clients may ask for docs:search github:read github:write (registration.access)",
      },
    });
  });

  it.each([
    [{ redirect_uris: [REDIRECT], scope: ["github:read"] }, "scope must be a string of space-separated scope values (RFC 7591 §2)"],
    [{ redirect_uris: [REDIRECT], scope: "" }, "scope names no scope a registered client may obtain; registered clients may ask for docs:search github:read github:write (registration.access)"],
    [{ redirect_uris: [REDIRECT], scope: "openid" }, "scope names no scope a registered client may obtain; registered clients may ask for docs:search github:read github:write (registration.access)"],
  ])("refuses %j with invalid_client_metadata", async (metadata, description) => {
    expect(await register(dev, metadata)).toEqual({ status: 400, body: { error: "invalid_client_metadata", error_description: description } });
  });

  it("holds the client to the scopes it was granted: another scope of the resource is invalid_scope before any sign-in", async () => {
    const { body: client } = await register(dev, { redirect_uris: [REDIRECT], scope: "github:read" });
    const visit = await firstResponse(authorization(client["client_id"], "github:read github:write").url);
    expect(redirectParameters(visit.location as string)).toEqual({
      error: "invalid_scope",
      error_description: `client ${client["client_id"]} may not obtain scope github:write for ${GITHUB}; it may ask for github:read`,
      state: "s",
      iss: dev.issuer,
    });
  });

  it("refuses a scope outside registration.access with invalid_scope, and a resource outside it with invalid_target", async () => {
    const { body: client } = await register(dev, { redirect_uris: [REDIRECT] });
    const scope = await firstResponse(authorization(client["client_id"], "github:read jira:read").url);
    expect(redirectParameters(scope.location as string)).toMatchObject({
      error: "invalid_scope",
      error_description: `client ${client["client_id"]} may not obtain scope jira:read for ${GITHUB}; it may ask for github:read github:write`,
    });
    const resource = await firstResponse(authorization(client["client_id"], "jira:read", JIRA).url);
    expect(redirectParameters(resource.location as string)).toMatchObject({
      error: "invalid_target",
      error_description: `client ${client["client_id"]} is not granted ${JIRA}`,
    });
  });

  it("issues a granted client a token for one resource with its granted scopes, after consent, and no refresh token", async () => {
    const { body: client } = await register(dev, { redirect_uris: [REDIRECT], scope: "github:read github:write" });
    const { url, verifier } = authorization(client["client_id"], "github:read github:write");
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), url, ALICE, "http://127.0.0.1:4567/");
    expect(outcome.pages).toEqual(["login", "consent"]);
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
    expect(decodeJwt(response.body.access_token)).toMatchObject({ aud: GITHUB, scope: "github:read github:write", client_id: client["client_id"] });
  });
});

describe("discovery", () => {
  it.each(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"])("%s advertises the OpenID and resource scopes", async (path) => {
    const metadata = (await (await fetch(`${dev.issuer}${path}`)).json()) as Record<string, unknown>;
    expect(metadata["scopes_supported"]).toEqual(["openid", "offline_access", "docs:search", "github:read", "github:write", "jira:read"]);
  });
});

describe("registration.dynamic.maxClients", () => {
  const limited = useDevServer({ ...devConfig(), registration: { dynamic: { maxClients: 2 }, access: { github: ["github:read"] } } });

  it("refuses the registration after the limit with an RFC 7591 error; refused registrations take no slot", async () => {
    expect((await register(limited, { redirect_uris: ["http://evil.example/cb"] })).status).toBe(400);
    expect((await register(limited, { redirect_uris: [REDIRECT], grant_types: ["client_credentials"] })).status).toBe(400);
    expect((await register(limited, { redirect_uris: [REDIRECT] })).status).toBe(201);
    expect((await register(limited, { redirect_uris: [REDIRECT] }, "/REG/")).status).toBe(201);
    const refused = { error: "invalid_client_metadata", error_description: "no more clients may register: this server allows 2 (registration.dynamic.maxClients) and all are taken" };
    expect(await register(limited, { redirect_uris: [REDIRECT] })).toEqual({ status: 400, body: refused });
    expect(await register(limited, { redirect_uris: [REDIRECT] }, "/Reg")).toEqual({ status: 400, body: refused });
  });
});

describe("registration.dynamic.maxClients under concurrency", () => {
  const limited = useDevServer({ ...devConfig(), registration: { dynamic: { maxClients: 3 }, access: { github: ["github:read"] } } });

  it("admits exactly maxClients of many concurrent registrations", async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${limited.issuer}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [REDIRECT] }) })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 201, 400, 400, 400, 400, 400]);
  });
});
