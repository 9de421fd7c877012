/**
 * An MCP server (Streamable HTTP, Express) that accepts only access tokens bound to its own resource URI.
 *
 * Configuration comes from the per-resource stack outputs of any pulumi-mcp-auth component, saved as JSON:
 *   { "verifierOptions": { "issuer": …, "resource": …, … }, "protectedResourceMetadata": { "resource": …, … } }
 * Run it with:
 *   MCP_AUTH_FILE=mcp-auth.github.json PORT=3000 npx tsx examples/mcp-server/server.ts
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import { readFileSync } from "node:fs";
import {
  bearerAuth,
  createTokenVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
  type ProtectedResourceMetadata,
  type TokenVerifierOptions,
} from "pulumi-mcp-auth/verify";
import { z } from "zod";

interface ResourceOutputs {
  readonly verifierOptions: TokenVerifierOptions;
  readonly protectedResourceMetadata?: ProtectedResourceMetadata;
}

const outputs = JSON.parse(readFileSync(process.env.MCP_AUTH_FILE ?? "mcp-auth.json", "utf8")) as ResourceOutputs;
const { verifierOptions } = outputs;
const metadata =
  outputs.protectedResourceMetadata ?? protectedResourceMetadata({ resource: verifierOptions.resource, authorizationServers: [verifierOptions.issuer] });

// Create the verifier once: it discovers the issuer's keys and caches them.
const verifier = createTokenVerifier(verifierOptions);
const requireToken = bearerAuth(verifier, {
  resourceMetadataUrl: protectedResourceMetadataUrl(verifierOptions.resource),
  requiredScopes: ["github:read"],
});

const app = express();
// RFC 9728: clients find the authorization server here, from the resource_metadata of every 401/403.
app.use(serveProtectedResourceMetadata(metadata));

// The MCP endpoint is the resource URI's path (behind a proxy, use the path the proxy forwards to).
const mcpPath = new URL(verifierOptions.resource).pathname;
app.post(mcpPath, requireToken, express.json(), async (req, res) => {
  const server = new McpServer({ name: "github-tools", version: "1.0.0" });
  server.registerTool(
    "whoami",
    { description: "Says who the access token speaks for", inputSchema: { greeting: z.string().default("hello") } },
    // bearerAuth put the verified token on req.auth; the SDK transport hands it to tools as authInfo.
    async ({ greeting }, { authInfo }) => ({
      content: [{ type: "text", text: `${greeting}, ${String(authInfo?.extra?.["subject"])} (client ${authInfo?.clientId}, scopes ${authInfo?.scopes.join(" ")})` }],
    }),
  );
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? "127.0.0.1", () => console.log(`MCP server for ${verifierOptions.resource} on port ${port}`));
