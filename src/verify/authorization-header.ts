import type { IncomingMessage, ServerResponse } from "node:http";
import { TokenVerificationError } from "./errors.js";
import { wwwAuthenticate } from "./www-authenticate.js";

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The request carries no Bearer credentials at all: RFC 6750 §3.1 wants a challenge without an error code. */
export class MissingCredentials extends Error {
  override readonly name = "MissingCredentials";
}

/** The refusal of a request that carries more than one `Authorization` header. */
export const DUPLICATE_AUTHORIZATION = "the request carries more than one Authorization header; send exactly one";

/**
 * Every `Authorization` header line of the request. Node keeps only the first of duplicate `Authorization`
 * lines in `req.headers`, so a second credential would be dropped without a word; `headersDistinct` (Node
 * ≥ 18.3) and `rawHeaders` still hold them all.
 */
export function authorizationHeaderValues(req: IncomingMessage): readonly string[] {
  const distinct = (req as { headersDistinct?: Record<string, string[] | undefined> }).headersDistinct;
  if (distinct !== undefined) return distinct["authorization"] ?? [];
  const raw = Array.isArray(req.rawHeaders) ? req.rawHeaders : [];
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() === "authorization") values.push(raw[i + 1] ?? "");
  if (values.length === 0 && typeof req.headers?.authorization === "string") values.push(req.headers.authorization);
  return values;
}

/**
 * The bearer token of a request, from its one `Authorization` header (RFC 6750 §2.1; the scheme is
 * case-insensitive). Throws {@link MissingCredentials} when there are no Bearer credentials (no header,
 * an empty one, another scheme) and a 400 `invalid_request` {@link TokenVerificationError} when the
 * credentials are ambiguous: two headers, or a Bearer header without exactly one token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function bearerTokenOf(req: IncomingMessage): string {
  const values = authorizationHeaderValues(req);
  if (values.length > 1) throw new TokenVerificationError("invalid_request", DUPLICATE_AUTHORIZATION);
  const authorization = (values[0] ?? "").trim();
  if (authorization === "") throw new MissingCredentials("no bearer token in the Authorization header");
  const match = /^(\S+)(?:[ \t]+(.*))?$/.exec(authorization);
  if (!match || match[1]?.toLowerCase() !== "bearer") throw new MissingCredentials("the Authorization header does not use the Bearer scheme");
  const token = match[2] ?? "";
  if (!B64TOKEN.test(token)) throw new TokenVerificationError("invalid_request", "the Authorization header must be Bearer followed by exactly one token");
  return token;
}

/** Options of {@link singleAuthorizationHeader}. */
export interface SingleAuthorizationHeaderOptions {
  /** This resource's RFC 9728 metadata URL, sent in the challenge. */
  readonly resourceMetadataUrl: string;
}

/**
 * Connect-style guard for servers that use the MCP SDK's `requireBearerAuth` with
 * {@link mcpSdkTokenVerifier}: the SDK reads `req.headers.authorization`, where Node has kept only the first
 * of two `Authorization` headers, and its verifier sees the token alone. Mount this before it
 * (`app.use("/mcp", singleAuthorizationHeader(...), requireBearerAuth(...))`) to answer 400
 * `invalid_request` instead of silently choosing one credential. `bearerAuth` does this check itself.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function singleAuthorizationHeader(options: SingleAuthorizationHeaderOptions): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  wwwAuthenticate(null, options); // a bad URL fails at start-up
  return (req, res, next) => {
    if (authorizationHeaderValues(req).length <= 1) {
      next();
      return;
    }
    const error = new TokenVerificationError("invalid_request", DUPLICATE_AUTHORIZATION);
    sendRefusal(res, error.status, wwwAuthenticate(error, options), { error: error.code, error_description: error.message });
  };
}

/**
 * Answers a refused request. `body` undefined sends no body: a request without credentials gets a bare
 * challenge and no error information (RFC 6750 §3.1), in the header and the body alike.
 */
export function sendRefusal(res: ServerResponse, status: number, challenge: string | undefined, body: { error: string; error_description: string } | undefined): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  if (challenge) res.setHeader("WWW-Authenticate", challenge);
  res.setHeader("Cache-Control", "no-store");
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}
