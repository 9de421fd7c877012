/**
 * MCP servers for the audit tests: one built right (the verifier's bearerAuth in front of a real
 * Streamable HTTP MCP server, metadata served) and the same server with one flaw switched on at a time.
 * Tokens come from the loopback token issuer of test/support, whose metadata supports PKCE S256.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import { createRemoteJWKSet, jwtVerify } from "jose";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  bearerAuth,
  createTokenVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
  TokenVerificationError,
  wwwAuthenticate,
} from "../../src/verify/index.js";

/** The deliberate mistakes a target can make; none by default. */
export interface TargetFlaws {
  /** Any `Authorization: Bearer …` passes, verified or not. */
  readonly acceptAnyBearer?: boolean;
  /** The 401 to a request without a token has a Bearer challenge without resource_metadata. */
  readonly noResourceMetadataInChallenge?: boolean;
  /** The metadata's `resource` names this URL instead of the server's. */
  readonly metadataResource?: string;
  /** Signature, issuer and expiry are verified, the audience is not: tokens for other resources pass. */
  readonly ignoreAudience?: boolean;
  /** Without an Authorization header, `?access_token=` is read as the token. */
  readonly acceptQueryToken?: boolean;
  /** Refusals repeat the token in their error_description. */
  readonly echoToken?: boolean;
  /** Only `Bearer` spelled exactly so is recognised. */
  readonly caseSensitiveScheme?: boolean;
  /** The metadata is served as text/plain. */
  readonly metadataAsText?: boolean;
  /** A token without the needed scope gets 403 without a challenge. */
  readonly forbiddenWithoutChallenge?: boolean;
}

export const REQUIRED_SCOPE = "tools:read";

export interface Target {
  /** The MCP endpoint and resource URI: `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Every request path (with query) the target received. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a target on loopback that trusts `issuer` (its JWKS at `${issuer}/jwks`). */
export async function startTarget(issuer: string, flaws: TargetFlaws = {}): Promise<Target> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const requests: string[] = [];
  const metadataUrl = protectedResourceMetadataUrl(url);
  const metadata = protectedResourceMetadata({ resource: flaws.metadataResource ?? url, authorizationServers: [issuer], scopesSupported: [REQUIRED_SCOPE, "tools:write"] });
  const verifier = createTokenVerifier({ issuer, resource: url, jwksUri: `${issuer}/jwks` });
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const guard = bearerAuth(verifier, { resourceMetadataUrl: metadataUrl, requiredScopes: [REQUIRED_SCOPE] });
  const challenge = (error: TokenVerificationError | null) => wwwAuthenticate(error, { resourceMetadataUrl: metadataUrl, scope: [REQUIRED_SCOPE] });

  const app = express();
  app.use((req, _res, next) => {
    requests.push(req.originalUrl);
    next();
  });
  if (flaws.metadataAsText || flaws.metadataResource !== undefined) {
    app.get(new URL(metadataUrl).pathname, (_req, res) => {
      res.type(flaws.metadataAsText ? "text/plain" : "application/json").send(JSON.stringify(metadata));
    });
  } else {
    app.use(serveProtectedResourceMetadata(metadata));
  }
  app.post("/mcp", express.json(), async (req, res, next) => {
    const header = req.headers.authorization;
    const queryToken = typeof req.query["access_token"] === "string" ? req.query["access_token"] : undefined;
    if (header === undefined && queryToken !== undefined && flaws.acceptQueryToken) {
      // The verifier's guard reads only the request's own Authorization lines, so the flaw verifies the
      // query token itself, as a server that reads `?access_token=` would.
      try {
        await verifier.verify(queryToken, { requiredScopes: [REQUIRED_SCOPE] });
        return next();
      } catch (error) {
        const refusal = error as TokenVerificationError;
        res.status(refusal.status).set("WWW-Authenticate", challenge(refusal)).json({ error: refusal.code });
        return;
      }
    }
    const authorization = req.headers.authorization;
    const token = authorization?.replace(/^\S+\s+/, "");
    const scheme = authorization?.split(" ")[0];
    if (authorization === undefined && flaws.noResourceMetadataInChallenge) {
      res.status(401).set("WWW-Authenticate", `Bearer scope="${REQUIRED_SCOPE}"`).json({ error: "invalid_token" });
      return;
    }
    if (scheme !== undefined && scheme !== "Bearer" && flaws.caseSensitiveScheme) {
      res.status(401).set("WWW-Authenticate", challenge(null)).json({ error: "invalid_token" });
      return;
    }
    if (token !== undefined && flaws.acceptAnyBearer) return next();
    if (token !== undefined && flaws.ignoreAudience) {
      try {
        const { payload } = await jwtVerify(token, jwks, { issuer });
        if (String(payload["scope"]).split(" ").includes(REQUIRED_SCOPE)) return next();
        res.status(403).set("WWW-Authenticate", challenge(new TokenVerificationError("insufficient_scope", "missing scope"))).end();
        return;
      } catch {
        res.status(401).set("WWW-Authenticate", challenge(new TokenVerificationError("invalid_token", "bad token"))).end();
        return;
      }
    }
    if (token !== undefined && (flaws.echoToken || flaws.forbiddenWithoutChallenge)) {
      try {
        await verifier.verify(token, { requiredScopes: [REQUIRED_SCOPE] });
        return next();
      } catch (error) {
        const refusal = error as TokenVerificationError;
        if (flaws.forbiddenWithoutChallenge && refusal.status === 403) {
          res.status(403).json({ error: refusal.code });
          return;
        }
        const description = flaws.echoToken ? `${refusal.message}: ${token}` : refusal.message;
        res.status(refusal.status).set("WWW-Authenticate", challenge(new TokenVerificationError(refusal.code, description))).json({ error: refusal.code, error_description: description });
        return;
      }
    }
    return guard(req, res, next);
  }, mcpEndpoint);

  server.on("request", app);
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A stateless Streamable HTTP MCP server with one tool, as the example server runs it. */
async function mcpEndpoint(req: express.Request, res: express.Response): Promise<void> {
  const mcp = new McpServer({ name: "audit-target", version: "1.0.0" });
  mcp.registerTool("ping", { description: "Answers pong" }, async () => ({ content: [{ type: "text", text: "pong" }] }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(req, res, req.body);
}
