import { InvalidRequestError, InvalidTokenError, InsufficientScopeError, ServerError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type { OAuthTokenVerifier } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import express from "express";
import { describe, expect, it } from "vitest";
import {
  mcpSdkTokenVerifier,
  protectedResourceMetadataUrl,
  singleAuthorizationHeader,
  TokenVerificationError,
  type TokenVerificationErrorCode,
  type TokenVerifier,
} from "../../../src/verify/index.js";
import { serve } from "../../support/http-server.js";
import { rawGet } from "../../support/raw-request.js";
import { nowSeconds, RESOURCE } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

const fixture = useVerifiedIssuer();

/** A verifier that refuses every token with a chosen error, to reach each mapping. */
const refusing = (code: TokenVerificationErrorCode, message: string): TokenVerifier => ({
  issuer: fixture.as.issuer,
  resource: RESOURCE,
  verify: () => Promise.reject(new TokenVerificationError(code, message)),
});

describe("mcpSdkTokenVerifier (ESM server)", () => {
  it("is an OAuthTokenVerifier whose AuthInfo carries resource and expiresAt", async () => {
    const sdkVerifier: OAuthTokenVerifier = mcpSdkTokenVerifier(fixture.verifier);
    const exp = nowSeconds() + 600;
    const token = await fixture.as.token({ claims: { exp, scope: "github:read github:write" } });
    const info = await sdkVerifier.verifyAccessToken(token);
    expect(info).toEqual({
      token,
      clientId: "desktop-agent",
      scopes: ["github:read", "github:write"],
      expiresAt: exp,
      resource: new URL(RESOURCE),
      extra: { subject: "alice", audience: [RESOURCE], claims: expect.objectContaining({ sub: "alice" }) },
    });
  });

  it("reports a token without client id as clientId \"\" (the SDK requires a string)", async () => {
    const info = await mcpSdkTokenVerifier(fixture.verifier).verifyAccessToken(await fixture.as.token({ claims: { client_id: undefined } }));
    expect(info.clientId).toBe("");
  });

  it.each([
    ["invalid_token", InvalidTokenError],
    ["insufficient_scope", InsufficientScopeError],
    ["invalid_request", InvalidRequestError],
    ["server_error", ServerError],
  ] as const)("throws %s as the SDK's own (ESM) error class", async (code, SdkClass) => {
    const error = await mcpSdkTokenVerifier(refusing(code, "because")).verifyAccessToken("x").catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SdkClass);
    expect(error).toMatchObject({ message: "because", errorCode: code, cause: expect.any(TokenVerificationError) });
  });

  it("throws the real verifier's refusal as InvalidTokenError with the same message", async () => {
    const error = await mcpSdkTokenVerifier(fixture.verifier).verifyAccessToken(await fixture.as.token({ claims: { exp: nowSeconds() - 3600 } })).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ message: "the token has expired" });
  });

  it("keeps the message header-safe, since requireBearerAuth copies it into WWW-Authenticate unescaped", async () => {
    const prm = protectedResourceMetadataUrl(RESOURCE);
    const app = express();
    app.get("/mcp", requireBearerAuth({ verifier: mcpSdkTokenVerifier(refusing("invalid_token", 'bad "sig" \\ x')), resourceMetadataUrl: prm }), (_req, res) => void res.end());
    const server = await serve(app);
    try {
      const response = await fetch(`${server.origin}/mcp`, { headers: { authorization: "Bearer abc" } });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(`Bearer error="invalid_token", error_description="bad 'sig' / x", resource_metadata="${prm}"`);
    } finally {
      await server.close();
    }
  });

  describe("two Authorization headers in front of requireBearerAuth", () => {
    const prm = protectedResourceMetadataUrl(RESOURCE);
    const duplicate = "the request carries more than one Authorization header; send exactly one";

    const get = (origin: string, authorization: readonly string[]) => rawGet(origin, "/mcp", authorization.map((value) => `Authorization: ${value}`));

    it("answers 400 invalid_request with singleAuthorizationHeader, where the SDK alone would use the first header", async () => {
      const token = await fixture.as.token();
      const sdkOnly = express();
      sdkOnly.get("/mcp", requireBearerAuth({ verifier: mcpSdkTokenVerifier(fixture.verifier), resourceMetadataUrl: prm }), (_req, res) => void res.end("tool"));
      const guarded = express();
      guarded.get("/mcp", singleAuthorizationHeader({ resourceMetadataUrl: prm }), requireBearerAuth({ verifier: mcpSdkTokenVerifier(fixture.verifier), resourceMetadataUrl: prm }), (_req, res) => void res.end("tool"));
      const [plain, checked] = await Promise.all([serve(sdkOnly), serve(guarded)]);
      try {
        // What the guard exists for: Node keeps the first header and the SDK lets the request through.
        expect(await get(plain.origin, [`Bearer ${token}`, "Bearer forged"])).toMatchObject({ status: 200, body: "tool" });
        expect(await get(checked.origin, [`Bearer ${token}`, "Bearer forged"])).toEqual({
          status: 400,
          challenge: `Bearer error="invalid_request", error_description="${duplicate}", resource_metadata="${prm}"`,
          body: { error: "invalid_request", error_description: duplicate },
        });
        expect(await get(checked.origin, [`Bearer ${token}`])).toMatchObject({ status: 200, body: "tool" });
      } finally {
        await Promise.all([plain.close(), checked.close()]);
      }
    });

    it("refuses a bad resourceMetadataUrl when created", () => {
      expect(() => singleAuthorizationHeader({ resourceMetadataUrl: "/prm" })).toThrow(new TypeError('wwwAuthenticate: resourceMetadataUrl must be an absolute http(s) URL, got "/prm"'));
    });
  });
});
