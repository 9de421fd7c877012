/** Without a framework: `bearerAuth` on node:http resolves with the verified token, or answers the refusal itself. */
import { createServer } from "node:http";
import { bearerAuth, createTokenVerifier, protectedResourceMetadata, protectedResourceMetadataUrl, serveProtectedResourceMetadata } from "pulumi-mcp-auth/verify";

const resource = "https://mcp.example.com/github";
const verifier = createTokenVerifier({ issuer: "https://tenant.example.com/", resource, allowedExtraAudiences: ["https://tenant.example.com/userinfo"], tokenType: "at+jwt" });
const requireToken = bearerAuth(verifier, { resourceMetadataUrl: protectedResourceMetadataUrl(resource), requiredScopes: ["github:read"] });
const serveMetadata = serveProtectedResourceMetadata(protectedResourceMetadata({ resource, authorizationServers: ["https://tenant.example.com/"], scopesSupported: ["github:read", "github:write"] }));

export const server = createServer(async (req, res) => {
  if (serveMetadata(req, res)) return;
  const token = await requireToken(req, res); // 401/403/400/503 already sent when undefined
  if (!token) return;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ subject: token.subject, client: token.clientId, scopes: token.scopes }));
});
