/**
 * Proof on a real Keycloak (26.7.3, dev mode, default features) that what KeycloakMcpAuthorization
 * declares makes Keycloak mint access tokens bound to one resource, and refuse everything else an agent
 * client must not do. Run with `npm run test:keycloak`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, TokenVerificationError } from "../../../src/verify/index.js";
import { authorize, exchangeCode, jwtHeader, jwtPayload, tokenRequest, type AuthorizationRequest } from "./browser-flow.js";
import { deployTo, USER, type Deployment } from "./deployment.js";
import { ALPHA, BETA, e2eConfig } from "./e2e-config.js";
import { startKeycloak, type KeycloakServer } from "./keycloak-server.js";

const REALM = "mcp-e2e";
let server: KeycloakServer | undefined;
let deployment: Deployment;
const suiteStarted = Date.now();

let native: Deployment;

beforeAll(async () => {
  server = await startKeycloak();
  deployment = await deployTo(server, e2eConfig(REALM));
  native = await deployTo(server, e2eConfig("mcp-native", { nativeResourceIndicators: true }));
});

afterAll(async () => {
  await server?.stop();
  if (server && deployment) {
    console.info(
      `[keycloak e2e] Keycloak ${server.baseUrl} ready after ${(server.startupMs / 1000).toFixed(1)} s; component applied in ${deployment.applyMs} ms; file ran ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`,
    );
  }
});

const port = () => 20_000 + Math.floor(Math.random() * 40_000);
const loopback = (p = port()) => `http://127.0.0.1:${p}/callback`;

/** Front channel + code exchange; fails the test unless both succeed. */
async function tokensFor(request: AuthorizationRequest, extra: Record<string, string> = {}) {
  const outcome = await authorize(deployment.issuer, request, USER);
  if (outcome.kind !== "redirect" || !outcome.params.get("code")) throw new Error(`no code: ${JSON.stringify(outcome)}`);
  const response = await exchangeCode(deployment.issuer, outcome, request, extra);
  expect(response.status).toBe(200);
  return { outcome, json: response.json };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenVerificationError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error("the verifier accepted the token");
}

const verifierFor = (resource: "alpha" | "beta", extra?: readonly string[]) =>
  createTokenVerifier({ ...deployment.outputs[resource]!.verifierOptions, ...(extra ? { allowedExtraAudiences: extra } : {}) });

describe("the applied configuration", () => {
  it("is every child the component declared: 1 realm + 2 per scope (3) + 3 per client (3) = 16, dependencies first", () => {
    expect(deployment.children).toHaveLength(1 + 2 * 3 + 3 * 3);
    const position = new Map(deployment.children.map((child, index) => [child.name, index]));
    for (const child of deployment.children) for (const dependency of child.dependsOn) expect(position.get(dependency)).toBeLessThan(position.get(child.name)!);
    expect(deployment.children.find((child) => child.name === "e2e-client-agent-ab-optional-scopes")?.dependsOn).toEqual(
      expect.arrayContaining(["e2e-realm", "e2e-client-agent-ab", "e2e-client-agent-ab-default-scopes", "e2e-scope-beta:read", "e2e-audience-beta:read"]),
    );
    expect([...deployment.ids.keys()].sort()).toEqual(deployment.children.map((child) => child.name).sort());
  });

  it("created the realm with single-use refresh tokens, RS256 and the file's lifetimes", async () => {
    const realm = await deployment.api.get<Record<string, unknown>>(`/${REALM}`);
    expect(realm).toMatchObject({
      realm: REALM,
      enabled: true,
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      defaultSignatureAlgorithm: "RS256",
      accessTokenLifespan: 240,
      offlineSessionIdleTimeout: 7200,
      offlineSessionMaxLifespanEnabled: true,
      offlineSessionMaxLifespan: 86400,
    });
  });

  it("gave each client exactly its granted scopes as optional and only basic as default", async () => {
    const scopesOf = async (clientId: string, kind: string) => {
      const [client] = await deployment.api.get<Array<{ id: string }>>(`/${REALM}/clients?clientId=${clientId}`);
      return (await deployment.api.get<Array<{ name: string }>>(`/${REALM}/clients/${client!.id}/${kind}-client-scopes`)).map((s) => s.name).sort();
    };
    expect(await scopesOf("agent-a", "default")).toEqual(["basic"]);
    expect(await scopesOf("agent-a", "optional")).toEqual(["alpha:read", "offline_access"]);
    expect(await scopesOf("agent-ab", "default")).toEqual(["basic"]);
    expect(await scopesOf("agent-ab", "optional")).toEqual(["alpha:read", "alpha:write", "beta:read", "offline_access"]);
    expect(await scopesOf("agent-b", "optional")).toEqual(["beta:read"]);
  });

  it("serves discovery at the output URL with the output issuer and JWKS URI", async () => {
    const alpha = deployment.outputs["alpha"]!;
    expect(alpha.issuer).toBe(`${deployment.server.baseUrl}/realms/${REALM}`);
    const metadata = (await (await fetch(alpha.authorizationServerMetadataUrl)).json()) as Record<string, unknown>;
    expect(metadata["issuer"]).toBe(alpha.issuer);
    expect(metadata["jwks_uri"]).toBe(alpha.jwksUri);
    expect(deployment.clientIds).toEqual({ "agent-a": "agent-a", "agent-ab": "agent-ab", "agent-b": "agent-b" });
  });
});

describe("a token for resource A", () => {
  it("has aud exactly A (a string), the scope asked for, azp the client; the verifier accepts it for A and refuses it for B (401)", async () => {
    const { json } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" });
    const claims = jwtPayload(json["access_token"]);
    expect(jwtHeader(json["access_token"])).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(claims["aud"]).toBe(ALPHA);
    expect(claims["scope"].split(" ")).toContain("alpha:read");
    expect(claims["azp"]).toBe("agent-a");
    expect(claims["iss"]).toBe(deployment.issuer);
    // Nothing beyond what basic and the audience mapper add: no profile data, no role audiences.
    expect(Object.keys(claims).sort()).toEqual(["aud", "auth_time", "azp", "exp", "iat", "iss", "jti", "scope", "sid", "sub", "typ"]);
    expect(json["expires_in"]).toBe(240);
    const verified = await verifierFor("alpha").verify(json["access_token"], { requiredScopes: ["alpha:read"] });
    expect(verified).toMatchObject({ subject: claims["sub"], scopes: expect.arrayContaining(["alpha:read"]) });
    expect(await refusal(verifierFor("beta").verify(json["access_token"]))).toEqual({ status: 401, code: "invalid_token" });
  });

  it("gives the ID token only the client as audience", async () => {
    const { json } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(), scope: "openid alpha:read" });
    expect(jwtPayload(json["access_token"])["aud"]).toBe(ALPHA);
    expect(jwtPayload(json["id_token"])["aud"]).toBe("agent-a");
    expect(await refusal(verifierFor("alpha").verify(json["id_token"]))).toEqual({ status: 401, code: "invalid_token" });
  });

  it("lasts as long as the shortest resource the client is granted: 240 s for A's clients, 600 s for a B-only client", async () => {
    const { json } = await tokensFor({ clientId: "agent-b", redirectUri: "http://[::1]:43123/callback", scope: "beta:read" });
    expect(json["expires_in"]).toBe(600);
    expect(jwtPayload(json["access_token"])["aud"]).toBe(BETA);
  });
});

describe("a client not granted B", () => {
  it.each(["beta:read", "alpha:read beta:read", "openid beta:read"])("is refused B's scopes (%s) with invalid_scope", async (scope) => {
    const outcome = await authorize(deployment.issuer, { clientId: "agent-a", redirectUri: loopback(), scope }, USER);
    expect(outcome.kind).toBe("redirect");
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_scope" });
    expect(outcome.kind === "redirect" && outcome.params.get("code")).toBe(null);
  });

  it("gets no token bound to B by sending resource=B: without the feature Keycloak ignores it and the verifier for B refuses", async () => {
    const request = { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read", resource: BETA };
    const { json } = await tokensFor(request, { resource: BETA });
    expect(jwtPayload(json["access_token"])["aud"]).toBe(ALPHA);
    expect(await refusal(verifierFor("beta").verify(json["access_token"]))).toEqual({ status: 401, code: "invalid_token" });
  });
});

describe("redirect URIs", () => {
  it("accept a loopback redirect on any port, and the private-use scheme as registered", async () => {
    for (const p of [port(), port()]) {
      const { outcome } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(p), scope: "alpha:read" });
      expect(outcome.location.origin).toBe(`http://127.0.0.1:${p}`);
      expect(outcome.location.pathname).toBe("/callback");
      expect(outcome.params.get("iss")).toBe(deployment.issuer);
    }
    const { outcome } = await tokensFor({ clientId: "agent-a", redirectUri: "com.example.agent:/cb", scope: "alpha:read" });
    expect(outcome.location.protocol).toBe("com.example.agent:");
  });

  it.each([
    "http://127.0.0.1:51001/other",
    "http://127.0.0.1:51002/callback/extra",
    "http://localhost:51003/callback",
    "http://[::1]:51004/callback",
    "https://127.0.0.1:51005/callback",
    "https://attacker.example/callback",
    "com.example.agent:/other",
  ])("refuse the unregistered %s with an error page, never a redirect", async (redirectUri) => {
    const outcome = await authorize(deployment.issuer, { clientId: "agent-a", redirectUri, scope: "alpha:read" }, USER);
    expect(outcome).toMatchObject({ kind: "error-page", status: 400 });
    expect(outcome.kind === "error-page" && outcome.text).toContain("Invalid parameter: redirect_uri");
  });

  it("bind the code to the exact redirect URI, port included", async () => {
    const request = { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" };
    const outcome = await authorize(deployment.issuer, request, USER);
    if (outcome.kind !== "redirect") throw new Error("no redirect");
    const response = await exchangeCode(deployment.issuer, outcome, { ...request, redirectUri: loopback() });
    expect(response).toEqual({ status: 400, json: { error: "invalid_grant", error_description: "Incorrect redirect_uri" } });
  });
});

describe("PKCE and grant types", () => {
  it.each([
    [null, "Missing parameter: code_challenge_method"],
    ["plain", "Invalid parameter: code challenge method is not matching the configured one"],
  ] as const)("refuse an authorization request with PKCE %s", async (pkce, description) => {
    const outcome = await authorize(deployment.issuer, { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read", pkce }, USER);
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_request", error_description: description });
  });

  it("refuse a code exchange without the verifier or with another one", async () => {
    const request = { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" };
    for (const [verifier, description] of [
      [undefined, "PKCE code verifier not specified"],
      ["x".repeat(64), "PKCE verification failed: Code mismatch"],
    ] as const) {
      const outcome = await authorize(deployment.issuer, request, USER);
      if (outcome.kind !== "redirect") throw new Error("no redirect");
      const form: Record<string, string> = { grant_type: "authorization_code", client_id: "agent-a", redirect_uri: request.redirectUri, code: outcome.params.get("code")! };
      if (verifier) form["code_verifier"] = verifier;
      expect(await tokenRequest(deployment.issuer, form)).toEqual({ status: 400, json: { error: "invalid_grant", error_description: description } });
    }
  });

  it.each(["token", "id_token token", "code token"])("refuse the implicit flow (response_type=%s)", async (responseType) => {
    const outcome = await authorize(deployment.issuer, { clientId: "agent-a", redirectUri: loopback(), scope: "openid alpha:read", responseType }, USER);
    expect(outcome.kind).toBe("redirect");
    if (outcome.kind !== "redirect") return;
    expect(outcome.params.get("error")).toBe("unauthorized_client");
    expect(outcome.params.get("access_token")).toBe(null);
  });

  it("refuse the password and client credentials grants", async () => {
    expect(await tokenRequest(deployment.issuer, { grant_type: "password", client_id: "agent-a", username: USER.username, password: USER.password, scope: "alpha:read" })).toEqual({
      status: 400,
      json: { error: "unauthorized_client", error_description: "Client not allowed for direct access grants" },
    });
    expect(await tokenRequest(deployment.issuer, { grant_type: "client_credentials", client_id: "agent-a" })).toEqual({
      status: 401,
      json: { error: "unauthorized_client", error_description: "Public client not allowed to retrieve service account" },
    });
  });
});

describe("refresh tokens", () => {
  it("rotate: a refresh token used twice is refused the second time, and reuse revokes the newer one too", async () => {
    const { json } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" });
    const first = await tokenRequest(deployment.issuer, { grant_type: "refresh_token", client_id: "agent-a", refresh_token: json["refresh_token"] });
    expect(first.status).toBe(200);
    expect(first.json["refresh_token"]).not.toBe(json["refresh_token"]);
    expect(jwtPayload(first.json["access_token"])["aud"]).toBe(ALPHA);
    const reuse = await tokenRequest(deployment.issuer, { grant_type: "refresh_token", client_id: "agent-a", refresh_token: json["refresh_token"] });
    expect(reuse).toEqual({ status: 400, json: { error: "invalid_grant", error_description: "Maximum allowed refresh token reuse exceeded" } });
    const newer = await tokenRequest(deployment.issuer, { grant_type: "refresh_token", client_id: "agent-a", refresh_token: first.json["refresh_token"] });
    expect(newer.status).toBe(400);
    expect(newer.json["error"]).toBe("invalid_grant");
  });

  it("are offline tokens bounded by the client's declared idle lifetime when the agent asks for offline_access", async () => {
    const { json } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read offline_access" });
    expect(json["refresh_expires_in"]).toBe(7200);
    expect(jwtPayload(json["refresh_token"])["typ"]).toBe("Offline");
    expect(jwtPayload(json["access_token"])["aud"]).toBe(ALPHA);
  });

  it("are not issued to a client that declares none, nor may it ask for offline_access", async () => {
    const { json } = await tokensFor({ clientId: "agent-b", redirectUri: "http://[::1]:40001/callback", scope: "beta:read" });
    expect(json["refresh_token"]).toBeUndefined();
    const outcome = await authorize(deployment.issuer, { clientId: "agent-b", redirectUri: "http://[::1]:40001/callback", scope: "beta:read offline_access" }, USER);
    expect(outcome.kind === "redirect" && outcome.params.get("error")).toBe("invalid_scope");
  });
});

describe("a token minted with the scopes of two resources (client granted both)", () => {
  it("carries both audiences and is refused by the verifier of either resource unless told to allow the other", async () => {
    const { outcome, json } = await tokensFor({ clientId: "agent-ab", redirectUri: loopback(), scope: "alpha:read beta:read" });
    expect(outcome.consentShown).toBe(true);
    expect(outcome.consentItems).toEqual(expect.arrayContaining(["Read alpha", "Read beta"]));
    const token = json["access_token"];
    expect(new Set(jwtPayload(token)["aud"])).toEqual(new Set([ALPHA, BETA]));
    expect(await refusal(verifierFor("alpha").verify(token))).toEqual({ status: 401, code: "invalid_token" });
    expect(await refusal(verifierFor("beta").verify(token))).toEqual({ status: 401, code: "invalid_token" });
    expect((await verifierFor("alpha", [BETA]).verify(token)).scopes).toEqual(expect.arrayContaining(["alpha:read", "beta:read"]));
    expect((await verifierFor("beta", [ALPHA]).verify(token)).scopes).toEqual(expect.arrayContaining(["alpha:read", "beta:read"]));
  });

  it("is avoided by asking for one resource's scopes at a time: one audience each", async () => {
    const { json } = await tokensFor({ clientId: "agent-ab", redirectUri: loopback(), scope: "beta:read" });
    expect(jwtPayload(json["access_token"])["aud"]).toBe(BETA);
    await expect(verifierFor("beta").verify(json["access_token"])).resolves.toMatchObject({ scopes: expect.arrayContaining(["beta:read"]) });
  });

  it("never shows consent for a client whose scopes are all implicit", async () => {
    const { outcome } = await tokensFor({ clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" });
    expect(outcome.consentShown).toBe(false);
  });
});

describe("nativeResourceIndicators with the feature off (the default)", () => {
  it("declares one bearer-only client per resource more, and mints the same audiences as the default layout", async () => {
    expect(native.children).toHaveLength(2 + 1 + 2 * 3 + 3 * 3);
    const [resourceClient] = await native.api.get<Array<Record<string, any>>>(`/mcp-native/clients?clientId=${encodeURIComponent(ALPHA)}`);
    expect(resourceClient).toMatchObject({ bearerOnly: true, publicClient: false, standardFlowEnabled: false, attributes: { resource_url: ALPHA } });
    const tokenFor = async (clientId: string, scope: string, resource?: string) => {
      const request = { clientId, redirectUri: loopback(), scope, ...(resource ? { resource } : {}) };
      const outcome = await authorize(native.issuer, request, USER);
      if (outcome.kind !== "redirect") throw new Error("no redirect");
      const response = await exchangeCode(native.issuer, outcome, request, resource ? { resource } : {});
      expect(response.status).toBe(200);
      return jwtPayload(response.json["access_token"]);
    };
    expect((await tokenFor("agent-a", "alpha:read"))["aud"]).toBe(ALPHA);
    expect((await tokenFor("agent-a", "alpha:read", ALPHA))["aud"]).toBe(ALPHA);
    // Without the feature, resource narrows nothing: both audiences, as with the default layout.
    expect(new Set((await tokenFor("agent-ab", "alpha:read beta:read", ALPHA))["aud"])).toEqual(new Set([ALPHA, BETA]));
  });
});
