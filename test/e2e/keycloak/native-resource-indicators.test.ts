/**
 * Keycloak 26.7.3 with its experimental native RFC 8707 support (`--features=resource-indicators`): what
 * changes for the default layout (custom audience mappers) and for `nativeResourceIndicators` (a
 * bearer-only client per resource, named by its URI, with `resource_url`). MCP clients send `resource` on
 * both the authorization and the token request (MCP authorization spec, "Resource Parameter").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, TokenVerificationError } from "../../../src/verify/index.js";
import { authorize, exchangeCode, jwtPayload, tokenRequest, type AuthorizationRequest } from "./browser-flow.js";
import { deployTo, USER, type Deployment } from "./deployment.js";
import { ALPHA, BETA, e2eConfig } from "./e2e-config.js";
import { startKeycloak, type KeycloakServer } from "./keycloak-server.js";

const INVALID_RESOURCE = "The requested resource is invalid, missing, unknown, or malformed.";
const NOT_MATCHING = "The requested resource is not matching the original request.";

let server: KeycloakServer | undefined;
let custom: Deployment;
let native: Deployment;
const suiteStarted = Date.now();

beforeAll(async () => {
  server = await startKeycloak({ features: ["resource-indicators"] });
  custom = await deployTo(server, e2eConfig("ri-custom"));
  native = await deployTo(server, e2eConfig("ri-native", { nativeResourceIndicators: true }));
});

afterAll(async () => {
  await server?.stop();
  if (server) {
    console.info(
      `[keycloak e2e, resource-indicators] Keycloak ready after ${(server.startupMs / 1000).toFixed(1)} s; file ran ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`,
    );
  }
});

const loopback = () => `http://127.0.0.1:${20_000 + Math.floor(Math.random() * 40_000)}/callback`;

/** The front channel (`resource` on the authorization request when given), then the code exchange (`tokenResource` on it). */
async function flow(deployment: Deployment, request: AuthorizationRequest & { readonly tokenResource?: string }) {
  const outcome = await authorize(deployment.issuer, request, USER);
  if (outcome.kind !== "redirect" || !outcome.params.get("code")) throw new Error(`no code: ${JSON.stringify(outcome)}`);
  return exchangeCode(deployment.issuer, outcome, request, request.tokenResource ? { resource: request.tokenResource } : {});
}

async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenVerificationError) return error.status;
    throw error;
  }
  throw new Error("the verifier accepted the token");
}

describe("the default layout (custom audience) with the feature on", () => {
  it("still binds tokens when the client sends no resource", async () => {
    const response = await flow(custom, { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read" });
    expect(response.status).toBe(200);
    expect(jwtPayload(response.json["access_token"])["aud"]).toBe(ALPHA);
  });

  it.each([
    ["authorization and token request", ALPHA, ALPHA],
    ["authorization request only", ALPHA, undefined],
  ])("fails the token request with invalid_target when resource=A is in the %s: no client carries resource_url A", async (_where, resource, tokenResource) => {
    const response = await flow(custom, { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read", resource, ...(tokenResource ? { tokenResource } : {}) });
    expect(response).toEqual({ status: 400, json: { error: "invalid_target", error_description: INVALID_RESOURCE } });
  });
});

describe("nativeResourceIndicators with the feature on", () => {
  it("binds the token to A whether the client sends resource=A on both requests, on the authorization request only, or not at all", async () => {
    for (const [resource, tokenResource] of [[ALPHA, ALPHA], [ALPHA, undefined], [undefined, undefined]] as const) {
      const response = await flow(native, {
        clientId: "agent-a",
        redirectUri: loopback(),
        scope: "alpha:read",
        ...(resource ? { resource } : {}),
        ...(tokenResource ? { tokenResource } : {}),
      });
      expect(response.status).toBe(200);
      expect(jwtPayload(response.json["access_token"])["aud"]).toBe(ALPHA);
      await expect(createTokenVerifier(native.outputs["alpha"]!.verifierOptions).verify(response.json["access_token"])).resolves.toMatchObject({
        scopes: expect.arrayContaining(["alpha:read"]),
      });
      expect(jwtPayload(response.json["refresh_token"])["resource"]).toBe(resource);
    }
  });

  it("narrows a two-resource token to the one resource asked for, so each verifier accepts only its own", async () => {
    const token = async (resource: string) => {
      const response = await flow(native, { clientId: "agent-ab", redirectUri: loopback(), scope: "alpha:read beta:read", resource, tokenResource: resource });
      expect(response.status).toBe(200);
      return response.json["access_token"] as string;
    };
    const forAlpha = await token(ALPHA);
    expect(jwtPayload(forAlpha)["aud"]).toBe(ALPHA);
    await expect(createTokenVerifier(native.outputs["alpha"]!.verifierOptions).verify(forAlpha)).resolves.toMatchObject({ audience: [ALPHA] });
    expect(await refusal(createTokenVerifier(native.outputs["beta"]!.verifierOptions).verify(forAlpha))).toBe(401);
    const forBeta = await token(BETA);
    expect(jwtPayload(forBeta)["aud"]).toBe(BETA);
    expect(await refusal(createTokenVerifier(native.outputs["alpha"]!.verifierOptions).verify(forBeta))).toBe(401);
  });

  it("refuses resource=B to a client not granted B (invalid_target): no token bound to B", async () => {
    const response = await flow(native, { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read", resource: BETA, tokenResource: BETA });
    expect(response).toEqual({ status: 400, json: { error: "invalid_target", error_description: INVALID_RESOURCE } });
  });

  it("refuses a token request whose resource differs from the authorization request's", async () => {
    const response = await flow(native, { clientId: "agent-ab", redirectUri: loopback(), scope: "alpha:read beta:read", resource: ALPHA, tokenResource: BETA });
    expect(response).toEqual({ status: 400, json: { error: "invalid_target", error_description: NOT_MATCHING } });
  });

  it("keeps the resource through refresh, refuses another one, and that refused refresh still uses up the refresh token", async () => {
    const first = await flow(native, { clientId: "agent-a", redirectUri: loopback(), scope: "alpha:read", resource: ALPHA, tokenResource: ALPHA });
    const refresh = (token: string, resource?: string) =>
      tokenRequest(native.issuer, { grant_type: "refresh_token", client_id: "agent-a", refresh_token: token, ...(resource ? { resource } : {}) });
    const same = await refresh(first.json["refresh_token"]);
    expect(same.status).toBe(200);
    expect(jwtPayload(same.json["access_token"])["aud"]).toBe(ALPHA);
    expect(await refresh(same.json["refresh_token"], BETA)).toEqual({ status: 400, json: { error: "invalid_target", error_description: NOT_MATCHING } });
    expect(await refresh(same.json["refresh_token"])).toEqual({
      status: 400,
      json: { error: "invalid_grant", error_description: "Maximum allowed refresh token reuse exceeded" },
    });
  });

  it.each([
    ["a token with no audience at all (scope openid only)", "agent-a", "openid", ALPHA],
    ["a client without refresh tokens, even for its own resource", "agent-b", "beta:read", BETA],
  ])("answers 500 (26.7.3 bugs: NullPointerException in the post-processor) when resource is sent for %s", async (_case, clientId, scope, resource) => {
    const redirectUri = clientId === "agent-b" ? "http://[::1]:40002/callback" : loopback();
    const response = await flow(native, { clientId, redirectUri, scope, resource, tokenResource: resource });
    expect(response).toEqual({ status: 500, json: { error: "unknown_error", error_description: "For more on this error consult the server log." } });
  });

  it("accepts only one resource per authorization request", async () => {
    const twice = new URL(`${native.issuer}/protocol/openid-connect/auth`);
    twice.search = new URLSearchParams([
      ["response_type", "code"],
      ["client_id", "agent-ab"],
      ["redirect_uri", "http://127.0.0.1:40000/callback"],
      ["scope", "alpha:read beta:read"],
      ["code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"],
      ["code_challenge_method", "S256"],
      ["resource", ALPHA],
      ["resource", BETA],
    ]).toString();
    const response = await fetch(twice, { redirect: "manual" });
    const location = new URL(response.headers.get("location") ?? "about:blank");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: "invalid_request", error_description: "duplicated parameter" });
  });
});
