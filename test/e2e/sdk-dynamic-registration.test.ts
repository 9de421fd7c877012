import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../src/dev/index.js";
import type { McpAuthConfig } from "../../src/schema/index.js";
import {
  createTokenVerifier,
  mcpSdkTokenVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
} from "../../src/verify/index.js";
import { ALICE } from "../support/dev-oauth.js";
import { AuthorizationRefused, connectWithSdk, recordingFetch, UnregisteredClientProvider, type SdkExchange } from "../support/sdk-oauth-client.js";

// Issue 13: an MCP client that is in nobody's file, using the MCP SDK's own client auth (1.32, unmodified,
// no client information given), registers itself at the dev server (RFC 7591, sending `scope` as the SDK
// does), signs in headlessly, and gets a token bound to exactly one resource with scopes inside
// registration.access; the other resource's verifier refuses that token.

interface ProtectedMcpServer {
  readonly url: string;
  readonly metadataUrl: string;
  protect(dev: DevAuthorizationServer, key: string, scopes: readonly string[], requiredScopes: readonly string[]): void;
  close(): Promise<void>;
}

/** A real MCP server (Streamable HTTP, stateless) behind the SDK's requireBearerAuth and our verifier. */
async function listenMcpServer(): Promise<ProtectedMcpServer> {
  const server = http.createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const metadataUrl = protectedResourceMetadataUrl(url);
  return {
    url,
    metadataUrl,
    protect(dev, key, scopes, requiredScopes) {
      const options = dev.verifierOptions[key];
      if (options === undefined) throw new Error(`no verifier options for ${key}`);
      const app = express();
      app.use(serveProtectedResourceMetadata(protectedResourceMetadata({ resource: url, authorizationServers: [dev.issuer], scopesSupported: [...scopes] })));
      const bearer = requireBearerAuth({ verifier: mcpSdkTokenVerifier(createTokenVerifier(options)), requiredScopes: [...requiredScopes], resourceMetadataUrl: metadataUrl });
      app.post("/mcp", bearer, express.json(), async (req, res) => {
        const mcp = new McpServer({ name: key, version: "1.0.0" });
        mcp.registerTool("whoami", { description: "Who is calling" }, async (extra) => ({
          content: [{ type: "text", text: `${String(extra.authInfo?.extra?.["subject"])} scopes=${extra.authInfo?.scopes.join(",")}` }],
        }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        res.on("close", () => {
          void transport.close();
          void mcp.close();
        });
        await mcp.connect(transport);
        await transport.handleRequest(req, res, req.body);
      });
      server.removeAllListeners("request");
      server.on("request", app);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let github: ProtectedMcpServer;
let jira: ProtectedMcpServer;
let docs: ProtectedMcpServer;
let dev: DevAuthorizationServer;

beforeAll(async () => {
  github = await listenMcpServer();
  jira = await listenMcpServer();
  docs = await listenMcpServer();
  const config: McpAuthConfig = {
    version: 1,
    resources: {
      github: { uri: github.url, scopes: { "github:read": "Read repositories", "github:write": "Push commits" } },
      jira: { uri: jira.url, scopes: { "jira:read": "Read issues" } },
      docs: { uri: docs.url, scopes: { "docs:read": "Read the docs", "docs:admin": "Edit the docs" } },
    },
    // Nobody is declared: every client arrives at run time.
    registration: { dynamic: true, access: { github: ["github:read"], jira: ["jira:read"], docs: ["docs:read"] } },
  };
  dev = await startDevAuthorizationServer({ config, users: [ALICE] });
  github.protect(dev, "github", ["github:read", "github:write"], ["github:read"]);
  jira.protect(dev, "jira", ["jira:read"], ["jira:read"]);
  // No required scope, so no scope in the challenge: the SDK then asks for every scope the metadata lists.
  docs.protect(dev, "docs", ["docs:read", "docs:admin"], []);
});

afterAll(async () => {
  await dev?.close();
  await github?.close();
  await jira?.close();
  await docs?.close();
});

describe("an unmodified MCP SDK client that nobody registered", () => {
  it("registers with scope, signs in, and gets a token for exactly one resource within registration.access", async () => {
    const exchanges: SdkExchange[] = [];
    const provider = new UnregisteredClientProvider("http://127.0.0.1:6123/callback");
    const client = await connectWithSdk(github.url, provider, ALICE, recordingFetch(exchanges));
    try {
      const registration = exchanges.find((exchange) => exchange.method === "POST" && exchange.url === `${dev.issuer}/reg`);
      // The SDK asks for the scope of the server's challenge (SEP-835) and the grant types it wants.
      expect(JSON.parse(registration?.requestBody ?? "{}")).toEqual({
        client_name: "Unregistered SDK agent",
        redirect_uris: ["http://127.0.0.1:6123/callback"],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
        scope: "github:read",
      });
      // The answer states what the client will really get: no refresh_token grant, no secret.
      expect(registration?.status).toBe(201);
      expect(registration?.responseJson).toMatchObject({ scope: "github:read", grant_types: ["authorization_code"], token_endpoint_auth_method: "none" });
      expect(Object.keys(registration?.responseJson as object).filter((key) => key.startsWith("client_secret") || key.startsWith("registration_"))).toEqual([]);
      expect(provider.client?.client_id).toBe((registration?.responseJson as { client_id: string }).client_id);

      const token = provider.storedTokens?.access_token ?? "";
      // No refresh token: registered clients get none (the SDK adds the issuer it saw).
      expect(Object.keys(provider.storedTokens ?? {}).sort()).toEqual(["access_token", "expires_in", "issuer", "scope", "token_type"]);
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ aud: github.url, scope: "github:read", client_id: provider.client?.client_id, sub: ALICE.username, iss: dev.issuer });
      expect(typeof claims.aud).toBe("string");
      expect(await client.callTool({ name: "whoami", arguments: {} })).toMatchObject({ content: [{ type: "text", text: "alice scopes=github:read" }] });

      // The same token at the other resource: refused by its verifier.
      const elsewhere = await fetch(jira.url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
      });
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.headers.get("www-authenticate")).toBe(
        `Bearer error="invalid_token", error_description="the token is not meant for this resource (aud)", scope="jira:read", resource_metadata="${jira.metadataUrl}"`,
      );
    } finally {
      await client.close();
    }
  });

  it("gets a separate token for the second resource, bound to it alone", async () => {
    const provider = new UnregisteredClientProvider("http://127.0.0.1:6124/callback");
    const client = await connectWithSdk(jira.url, provider, ALICE, recordingFetch([]));
    try {
      expect(decodeJwt(provider.storedTokens?.access_token ?? "")).toMatchObject({ aud: jira.url, scope: "jira:read" });
      expect(await client.callTool({ name: "whoami", arguments: {} })).toMatchObject({ content: [{ type: "text", text: "alice scopes=jira:read" }] });
    } finally {
      await client.close();
    }
  });

  it("is trimmed at registration and refused with invalid_scope when it then asks for more than it was granted", async () => {
    const exchanges: SdkExchange[] = [];
    const provider = new UnregisteredClientProvider("http://127.0.0.1:6125/callback");
    const error = await connectWithSdk(docs.url, provider, ALICE, recordingFetch(exchanges)).catch((failure: unknown) => failure);
    const registration = exchanges.find((exchange) => exchange.method === "POST" && exchange.url === `${dev.issuer}/reg`);
    // The SDK registers with the scopes of the resource metadata (RFC 9728 scopes_supported)...
    expect(JSON.parse(registration?.requestBody ?? "{}")).toMatchObject({ scope: "docs:read docs:admin" });
    // ...is told it was granted docs:read only...
    expect(registration?.responseJson).toMatchObject({ scope: "docs:read" });
    // ...and asks for both anyway: refused before any sign-in, back at its redirect URI.
    if (!(error instanceof AuthorizationRefused)) throw new Error(`expected a refused authorization, got ${String(error)}`);
    expect(Object.fromEntries(error.redirect.searchParams)).toEqual({
      error: "invalid_scope",
      error_description: `client ${provider.client?.client_id} may not obtain scope docs:admin for ${docs.url}; it may ask for docs:read`,
      iss: dev.issuer,
    });
    expect(provider.storedTokens).toBeUndefined();
  });
});
