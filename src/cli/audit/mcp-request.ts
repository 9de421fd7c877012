/**
 * The request every check sends: what a real MCP client sends first, a JSON-RPC `initialize` over
 * Streamable HTTP, so a server answers it exactly as it would answer an agent.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
 */
import type { AuditHttp, HttpAnswer } from "./http-client.js";

export const MCP_PROTOCOL_VERSION = "2025-11-25";

/** How the request carries a token, if at all. */
export type Credentials =
  | { readonly kind: "none" }
  /** `Authorization: <scheme> <token>` (RFC 6750 §2.1); the scheme is normally `Bearer`. */
  | { readonly kind: "header"; readonly token: string; readonly scheme?: string }
  /** `?access_token=<token>` (RFC 6750 §2.3), which MCP forbids servers to accept. */
  | { readonly kind: "query"; readonly token: string };

/** POSTs `initialize` to the server URL with `credentials`. */
export function sendInitialize(http: AuditHttp, serverUrl: string, credentials: Credentials): Promise<HttpAnswer> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MCP_PROTOCOL_VERSION,
  };
  let url = serverUrl;
  if (credentials.kind === "header") headers["authorization"] = `${credentials.scheme ?? "Bearer"} ${credentials.token}`;
  if (credentials.kind === "query") {
    const withToken = new URL(serverUrl);
    withToken.searchParams.set("access_token", credentials.token);
    url = withToken.href;
  }
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "pulumi-mcp-auth-audit", version: "1" } },
  });
  return http.request(url, { method: "POST", headers, body });
}

/**
 * A description of an answer for a check's detail: status, and the challenge if there is one. Not cut
 * here: a token cut in half would escape redaction; the report cuts details after redacting them.
 */
export function describeAnswer(answer: HttpAnswer): string {
  const challenge = answer.headers.get("www-authenticate");
  return challenge === null ? `HTTP ${answer.status} (no WWW-Authenticate)` : `HTTP ${answer.status}, WWW-Authenticate: ${challenge}`;
}
