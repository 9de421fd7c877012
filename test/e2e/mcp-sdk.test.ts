import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createTokenVerifier,
  mcpSdkTokenVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
} from "../../src/verify/index.js";
import { startTokenIssuer, type TokenIssuer } from "../support/token-issuer.js";

// Interop: a real MCP server (Streamable HTTP, stateless) protected by the SDK's requireBearerAuth with
// mcpSdkTokenVerifier, serving our RFC 9728 document; tokens come from a loopback issuer with a JWKS.
let as: TokenIssuer;
let httpServer: http.Server;
let resource: string;
let prmUrl: string;

beforeAll(async () => {
  as = await startTokenIssuer({ metadata: true });
  const app = express();
  httpServer = http.createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  resource = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
  prmUrl = protectedResourceMetadataUrl(resource);

  const verifier = createTokenVerifier({ issuer: as.issuer, resource, tokenType: "at+jwt" });
  app.use(serveProtectedResourceMetadata(protectedResourceMetadata({ resource, authorizationServers: [as.issuer], scopesSupported: ["tools:read", "tools:write"] })));
  const bearer = requireBearerAuth({ verifier: mcpSdkTokenVerifier(verifier), requiredScopes: ["tools:read"], resourceMetadataUrl: prmUrl, expectedResource: new URL(resource) });
  app.post("/mcp", bearer, express.json(), async (req, res) => {
    const server = new McpServer({ name: "e2e", version: "1.0.0" });
    server.registerTool("whoami", { description: "Who is calling", inputSchema: { greeting: z.string() } }, async ({ greeting }, extra) => ({
      content: [{ type: "text", text: `${greeting} ${String(extra.authInfo?.extra?.["subject"])} via ${extra.authInfo?.clientId} scopes=${extra.authInfo?.scopes.join(",")} resource=${extra.authInfo?.resource?.href}` }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
});

afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  await as.close();
});

const initialize = (token: string) =>
  fetch(resource, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });

describe("MCP SDK server with requireBearerAuth + mcpSdkTokenVerifier", () => {
  it("lets a token bound to the resource reach the tool, with the verified identity", async () => {
    const token = await as.token({ claims: { aud: resource, scope: "tools:read" } });
    const client = new Client({ name: "e2e-client", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      const result = await client.callTool({ name: "whoami", arguments: { greeting: "hello" } });
      expect(result.content).toEqual([{ type: "text", text: `hello alice via desktop-agent scopes=tools:read resource=${resource}` }]);
    } finally {
      await client.close();
    }
  });

  it("refuses a token for another resource with 401 and a challenge pointing to our metadata", async () => {
    const token = await as.token({ claims: { aud: "http://127.0.0.1:1/other", scope: "tools:read" } });
    const response = await initialize(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", error_description="the token is not meant for this resource (aud)", scope="tools:read", resource_metadata="${prmUrl}"`,
    );
    const metadata = await fetch(prmUrl);
    expect(await metadata.json()).toEqual({
      resource,
      authorization_servers: [as.issuer],
      scopes_supported: ["tools:read", "tools:write"],
      bearer_methods_supported: ["header"],
    });
  });

  it("refuses a token without the required scope with 403 insufficient_scope", async () => {
    const token = await as.token({ claims: { aud: resource, scope: "tools:write" } });
    const response = await initialize(token);
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer error="insufficient_scope", error_description="Insufficient scope", scope="tools:read", resource_metadata="${prmUrl}"`);
  });

  it("refuses a request without a token with 401 and resource_metadata", async () => {
    const response = await fetch(resource, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", error_description="Missing Authorization header", scope="tools:read", resource_metadata="${prmUrl}"`,
    );
  });
});
