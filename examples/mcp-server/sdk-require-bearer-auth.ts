/**
 * The same protection with the MCP SDK's own middleware: `requireBearerAuth` + `mcpSdkTokenVerifier`.
 * The SDK answers 500 instead of 503 when the issuer's keys are unreachable; otherwise it behaves alike.
 */
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type { RequestHandler } from "express";
import { createTokenVerifier, mcpSdkTokenVerifier, protectedResourceMetadataUrl, type TokenVerifierOptions } from "pulumi-mcp-auth/verify";

/** Use as `app.post("/github", sdkBearerAuth(verifierOptions), express.json(), mcpHandler)`. */
export function sdkBearerAuth(verifierOptions: TokenVerifierOptions): RequestHandler {
  const verifier = createTokenVerifier(verifierOptions);
  return requireBearerAuth({
    verifier: mcpSdkTokenVerifier(verifier),
    requiredScopes: ["github:read"],
    resourceMetadataUrl: protectedResourceMetadataUrl(verifierOptions.resource),
    // The SDK compares this with AuthInfo.resource, which mcpSdkTokenVerifier sets to the verified resource.
    expectedResource: new URL(verifierOptions.resource),
  });
}
