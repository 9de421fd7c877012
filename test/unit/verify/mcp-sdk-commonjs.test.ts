import type { requireBearerAuth as RequireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import express from "express";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mcpSdkTokenVerifier, protectedResourceMetadataUrl, type McpSdkErrorClasses } from "../../../src/verify/index.js";
import { serve, type ServerUnderTest } from "../../support/http-server.js";
import { nowSeconds, RESOURCE } from "../../support/token-issuer.js";
import { useVerifiedIssuer } from "../../support/verifier-fixture.js";

// The dual-package hazard: a CommonJS server's requireBearerAuth matches errors with `instanceof` on the
// CommonJS classes, so ESM-built errors would come out as 500. This file loads the CommonJS build only.
const require = createRequire(import.meta.url);
const { requireBearerAuth } = require("@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js") as { requireBearerAuth: typeof RequireBearerAuth };
const commonJsErrors = require("@modelcontextprotocol/sdk/server/auth/errors.js") as McpSdkErrorClasses;
const PRM = protectedResourceMetadataUrl(RESOURCE);

const fixture = useVerifiedIssuer();

async function withServer(sdkVerifier: ReturnType<typeof mcpSdkTokenVerifier>, check: (server: ServerUnderTest) => Promise<void>): Promise<void> {
  const app = express();
  app.get("/mcp", requireBearerAuth({ verifier: sdkVerifier, resourceMetadataUrl: PRM }), (_req, res) => void res.send("tool"));
  const server = await serve(app);
  try {
    await check(server);
  } finally {
    await server.close();
  }
}

const expiredToken = () => fixture.as.token({ claims: { exp: nowSeconds() - 3600 } });
const EXPIRED_CHALLENGE = `Bearer error="invalid_token", error_description="the token has expired", resource_metadata="${PRM}"`;

describe("mcpSdkTokenVerifier with the SDK's CommonJS build", () => {
  it("detects the CommonJS middleware and throws CommonJS errors: 401 with the challenge, not 500", async () => {
    await withServer(mcpSdkTokenVerifier(fixture.verifier), async (server) => {
      const response = await fetch(`${server.origin}/mcp`, { headers: { authorization: `Bearer ${await expiredToken()}` } });
      expect([response.status, response.headers.get("www-authenticate")]).toEqual([401, EXPIRED_CHALLENGE]);
      const ok = await fetch(`${server.origin}/mcp`, { headers: { authorization: `Bearer ${await fixture.as.token()}` } });
      expect([ok.status, await ok.text()]).toEqual([200, "tool"]);
    });
  });

  it("shows the hazard it avoids: the ESM classes passed explicitly make the CommonJS middleware answer 500", async () => {
    const esmErrors = (await import("@modelcontextprotocol/sdk/server/auth/errors.js")) as McpSdkErrorClasses;
    await withServer(mcpSdkTokenVerifier(fixture.verifier, { errorClasses: esmErrors }), async (server) => {
      const response = await fetch(`${server.origin}/mcp`, { headers: { authorization: `Bearer ${await expiredToken()}` } });
      expect([response.status, response.headers.get("www-authenticate"), await response.json()]).toEqual([
        500,
        null,
        { error: "server_error", error_description: "Internal Server Error" },
      ]);
    });
  });

  it("uses explicitly given error classes", async () => {
    await withServer(mcpSdkTokenVerifier(fixture.verifier, { errorClasses: commonJsErrors }), async (server) => {
      const response = await fetch(`${server.origin}/mcp`, { headers: { authorization: `Bearer ${await expiredToken()}` } });
      expect([response.status, response.headers.get("www-authenticate")]).toEqual([401, EXPIRED_CHALLENGE]);
    });
  });
});
