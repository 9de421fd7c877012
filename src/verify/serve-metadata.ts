import type { IncomingMessage, ServerResponse } from "node:http";
import { protectedResourceMetadataUrl, type ProtectedResourceMetadata } from "./metadata.js";

/** Options of {@link serveProtectedResourceMetadata}. */
export interface ServeMetadataOptions {
  /** `Cache-Control: max-age` in seconds; default 3600. */
  readonly maxAgeSeconds?: number | undefined;
}

/**
 * A request handler, for Express (`app.use(serveProtectedResourceMetadata(doc))`) or `node:http`
 * (`if (serve(req, res)) return;`), that answers GET/HEAD on the document's RFC 9728 §3.1 well-known path
 * with exactly that JSON document — `resource` byte for byte, unlike serializers that go through `URL` —
 * and with `Access-Control-Allow-Origin: *`, since browser-based MCP clients read it cross-origin.
 * Other paths go to `next()` (or make it return `false`); other methods get 405.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function serveProtectedResourceMetadata(
  metadata: ProtectedResourceMetadata,
  options: ServeMetadataOptions = {},
): (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next?: (error?: unknown) => void) => boolean {
  const path = new URL(protectedResourceMetadataUrl(metadata.resource)).pathname;
  const body = JSON.stringify(metadata);
  const maxAge = options.maxAgeSeconds ?? 3600;
  return (req, res, next) => {
    // Express rewrites req.url inside mounted routers; originalUrl keeps the full path.
    const requestPath = (req.originalUrl ?? req.url ?? "/").split("?")[0];
    if (requestPath !== path) {
      next?.();
      return false;
    }
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS", "Access-Control-Allow-Headers": "*" }).end();
    } else if (req.method === "GET" || req.method === "HEAD") {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": `public, max-age=${maxAge}`, "Content-Length": Buffer.byteLength(body) });
      res.end(req.method === "GET" ? body : undefined);
    } else {
      res.writeHead(405, { Allow: "GET, HEAD, OPTIONS" }).end();
    }
    return true;
  };
}
