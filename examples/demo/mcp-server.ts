/**
 * A small real MCP server (Streamable HTTP, stateless) guarded by pulumi-mcp-auth/verify: it accepts only
 * access tokens whose `aud` is its own resource URI, asks for more scope per tool (403 insufficient_scope),
 * and serves its RFC 9728 protected resource metadata so clients can find the authorization server.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  bearerAuth,
  createTokenVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
  type BearerAuthMiddleware,
  type TokenVerifierOptions,
} from "pulumi-mcp-auth/verify";

/** A tool and the scopes a token needs to call it. */
export interface DemoTool {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  /** The tool's answer for the signed-in user. */
  readonly reply: (subject: string) => string;
}

export interface DemoServerSpec {
  /** The resource key in the config. */
  readonly key: string;
  readonly name: string;
  /** The path of the MCP endpoint, which is also the path of the resource URI. */
  readonly path: string;
  readonly tools: readonly DemoTool[];
  /** What any request needs: the scopes of the least demanding tool. */
  readonly baseScopes: readonly string[];
}

/** A server that listens already (its URL is the resource URI) and is armed once the issuer is known. */
export interface DemoServer {
  readonly spec: DemoServerSpec;
  /** `http://127.0.0.1:<port><path>`: the MCP endpoint and the canonical resource URI. */
  readonly url: string;
  readonly metadataUrl: string;
  /** Starts answering: verifies tokens with these options and advertises the issuer. */
  protect(verifierOptions: TokenVerifierOptions, scopesSupported: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Listens on a free loopback port first: the resource URI contains the port, and the authorization server
 * needs the resource URI before this server can verify anything.
 */
export async function listenDemoServer(spec: DemoServerSpec): Promise<DemoServer> {
  const server = http.createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${spec.path}`;
  const metadataUrl = protectedResourceMetadataUrl(url);
  return {
    spec,
    url,
    metadataUrl,
    protect(verifierOptions, scopesSupported) {
      server.removeAllListeners("request");
      server.on("request", demoApp(spec, verifierOptions, scopesSupported, metadataUrl));
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function demoApp(spec: DemoServerSpec, verifierOptions: TokenVerifierOptions, scopesSupported: readonly string[], metadataUrl: string): express.Express {
  const verifier = createTokenVerifier(verifierOptions);
  const metadata = protectedResourceMetadata({
    resource: verifierOptions.resource,
    authorizationServers: [verifierOptions.issuer],
    scopesSupported,
    resourceName: spec.name,
  });
  // One guard per scope set: a tools/call is checked against its tool's scopes, everything else against the base.
  const guard = (scopes: readonly string[]) => bearerAuth(verifier, { resourceMetadataUrl: metadataUrl, requiredScopes: scopes });
  const baseGuard = guard(spec.baseScopes);
  const toolGuards = new Map<string, BearerAuthMiddleware>(spec.tools.map((tool) => [tool.name, guard(tool.scopes)]));

  const app = express();
  app.use(serveProtectedResourceMetadata(metadata));
  app.post(spec.path, express.json(), (req, res, next) => {
    const body = req.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    const toolGuard = body?.method === "tools/call" ? toolGuards.get(String(body.params?.name)) : undefined;
    return (toolGuard ?? baseGuard)(req, res, next);
  }, async (req, res) => {
    const mcp = new McpServer({ name: spec.name, version: "1.0.0" });
    for (const tool of spec.tools) {
      mcp.registerTool(tool.name, { description: tool.description }, async ({ authInfo }) => ({
        content: [{ type: "text", text: tool.reply(String(authInfo?.extra?.["subject"])) }],
      }));
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless server: no server-to-client stream. The SDK client accepts 405 here.
  app.get(spec.path, baseGuard, (_req, res) => {
    res.status(405).set("Allow", "POST").end();
  });
  return app;
}
