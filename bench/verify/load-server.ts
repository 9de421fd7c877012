/**
 * Child process of the HTTP load benchmark: one Express server on loopback serving the same endpoints
 * twice, guarded by `bearerAuth` and unguarded, so both variants run in one process, warmed alike, and
 * can be loaded in alternation. Started by http-load.ts with the key set URL; answers with its port.
 *
 * - `POST /mcp` and `POST /mcp-open`: an MCP server (Streamable HTTP, stateless, JSON responses) with one
 *   tool, built per request as the SDK's stateless pattern and examples/mcp-server/server.ts do.
 * - `GET /ping` and `GET /ping-open`: a minimal JSON answer — the worst case for the guard's share.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import type { AddressInfo } from "node:net";
import { bearerAuth, createTokenVerifier, protectedResourceMetadataUrl, type AuthenticatedRequest } from "../../src/verify/index.js";
import { ISSUER, RESOURCE } from "./keys.js";

process.setSourceMapsEnabled(false);
const jwksUri = process.argv[2];
if (!jwksUri) throw new Error("usage: load-server.ts <jwksUri>");

const verifier = createTokenVerifier({ issuer: ISSUER, resource: RESOURCE, jwksUri, algorithms: ["RS256"], tokenType: "at+jwt" });
const guard = bearerAuth(verifier, { resourceMetadataUrl: protectedResourceMetadataUrl(RESOURCE), requiredScopes: ["github:read"] });

const mcp: express.RequestHandler = async (req, res) => {
  const server = new McpServer({ name: "bench-tools", version: "1.0.0" });
  server.registerTool("whoami", { description: "Says who the access token speaks for" }, async (extra) => ({
    content: [{ type: "text", text: `hello ${String(extra.authInfo?.extra?.["subject"] ?? "anonymous")}` }],
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
};

const ping: express.RequestHandler = (req, res) => {
  res.json({ ok: true, subject: (req as AuthenticatedRequest).auth?.extra?.["subject"] ?? null });
};

const app = express();
app.post("/mcp", guard, express.json(), mcp);
app.post("/mcp-open", express.json(), mcp);
app.get("/ping", guard, ping);
app.get("/ping-open", ping);

const listener = app.listen(0, "127.0.0.1", () => process.send?.({ port: (listener.address() as AddressInfo).port }));
process.on("disconnect", () => listener.close(() => process.exit(0)));
