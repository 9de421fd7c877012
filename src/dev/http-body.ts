import { IncomingMessage, type ServerResponse } from "node:http";

/** The largest form body accepted: oidc-provider's own limit. */
export const MAX_BODY_BYTES = 56 * 1024;

/** Reads a request body, or `undefined` when it is larger than {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Whether a request carries an HTML form body. */
export function isFormRequest(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/**
 * A fresh request with the method, URL, headers and socket of `original` and `body` as its stream (its
 * length in `content-length`). Used to hand a body that was read for a check on to oidc-provider, which
 * reads the stream itself.
 */
export function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method;
  replay.url = original.url;
  replay.httpVersion = original.httpVersion;
  replay.httpVersionMajor = original.httpVersionMajor;
  replay.httpVersionMinor = original.httpVersionMinor;
  const { "transfer-encoding": _chunked, ...headers } = original.headers;
  replay.headers = { ...headers, "content-length": String(body.length) };
  replay.push(body);
  replay.push(null);
  replay.complete = true;
  return replay;
}

/** Sends a JSON body; `no-store` because OAuth responses must not be cached (RFC 6749 §5.1). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
