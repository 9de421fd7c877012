/**
 * An MCP server (Streamable HTTP, Express) that accepts only access tokens bound to its own resource URI.
 *
 * Configuration comes from the per-resource stack outputs of any pulumi-mcp-auth component, saved as JSON:
 *   { "verifierOptions": { "issuer": …, "resource": …, … }, "protectedResourceMetadata": { "resource": …, … } }
 * Run it with:
 *   MCP_AUTH_FILE=mcp-auth.github.json PORT=3000 npx tsx examples/mcp-server/server.ts
 * The imports are the same in a CommonJS project (`pulumi new typescript`) and an ES module project.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
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

// JSON bodies, and Host header checking: only requests addressed to the resource's host are answered.
const host = process.env.HOST ?? "127.0.0.1";
const app = createMcpExpressApp({ host, allowedHosts: [new URL(verifierOptions.resource).hostname] });
// RFC 9728: clients find the authorization server here, from the resource_metadata of every 401/403.
app.use(serveProtectedResourceMetadata(metadata));

// The MCP endpoint is the resource URI's path (behind a proxy, use the path the proxy forwards to).
const mcpPath = new URL(verifierOptions.resource).pathname;
app.post(mcpPath, requireToken, async (req, res) => {
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

// Streamable HTTP: GET opens an SSE stream or is answered 405; DELETE ends a session. A stateless server has
// neither, so both get 405 with `Allow: POST` (a 404 makes clients conclude the endpoint does not exist).
for (const method of ["get", "delete"] as const) {
  app[method](mcpPath, (_req, res) => {
    res.status(405).set("Allow", "POST").json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this server is stateless, use POST" }, id: null });
  });
}

const port = Number(process.env.PORT ?? 3000);
app.listen(port, host, () => console.log(`MCP server for ${verifierOptions.resource} on port ${port}`));
