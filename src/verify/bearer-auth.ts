import type { IncomingMessage, ServerResponse } from "node:http";
import { toMcpAuthInfo, type McpAuthInfo } from "./auth-info.js";
import type { VerifiedAccessToken } from "./claims.js";
import { TokenVerificationError } from "./errors.js";
import type { TokenVerifier } from "./verifier.js";
import { wwwAuthenticate } from "./www-authenticate.js";

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** This resource's RFC 9728 metadata URL, sent in every challenge (see `protectedResourceMetadataUrl`). */
  readonly resourceMetadataUrl: string;
  /** Scopes every request through this middleware needs; named in every challenge. */
  readonly requiredScopes?: readonly string[] | undefined;
}

/** A request after {@link bearerAuth} let it through. */
export type AuthenticatedRequest = IncomingMessage & { auth?: McpAuthInfo };

/**
 * Connect-style middleware, usable with Express (`app.use("/mcp", bearerAuth(...))`) and with plain
 * `node:http` (`const token = await auth(req, res); if (!token) return;`). On success it sets `req.auth`
 * (the MCP SDK's `AuthInfo` shape, which SDK transports pass to tools), calls `next()` when given, and
 * resolves with the verified token; on refusal it answers the request itself and resolves `undefined`.
 */
export type BearerAuthMiddleware = (req: AuthenticatedRequest, res: ServerResponse, next?: (error?: unknown) => void) => Promise<VerifiedAccessToken | undefined>;

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Requires a valid bearer token in the `Authorization` header — and only there: a token in the query
 * string or the body is never read (RFC 6750 §2.2/§2.3 are not supported, as MCP requires). Answers 401
 * (no or bad token), 403 `insufficient_scope`, 400 `invalid_request` (a malformed Bearer header), each with
 * `WWW-Authenticate: Bearer … resource_metadata="…"`, and 503 when the issuer's keys are unreachable.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#access-token-usage
 */
export function bearerAuth(verifier: TokenVerifier, options: BearerAuthOptions): BearerAuthMiddleware {
  const requiredScopes = [...(options.requiredScopes ?? [])];
  const challengeOptions = { resourceMetadataUrl: options.resourceMetadataUrl, scope: requiredScopes };
  // Build one challenge now: a bad URL or scope fails at start-up, not on the first request.
  wwwAuthenticate(null, challengeOptions);

  return async (req, res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      const verified = await verifier.verify(token, { requiredScopes });
      req.auth = toMcpAuthInfo(token, verified, verifier.resource);
      next?.();
      return verified;
    } catch (error) {
      if (error instanceof MissingCredentials) {
        refuse(res, 401, wwwAuthenticate(null, challengeOptions), { error: "invalid_token", error_description: error.message });
      } else if (error instanceof TokenVerificationError) {
        const challenge = error.code === "server_error" ? undefined : wwwAuthenticate(error, challengeOptions);
        refuse(res, error.status, challenge, { error: error.code, error_description: error.message });
      } else if (next) {
        next(error);
      } else {
        refuse(res, 500, undefined, { error: "server_error", error_description: "internal error while checking the access token" });
      }
      return undefined;
    }
  };
}

/** No Bearer credentials at all: RFC 6750 §3.1 wants a challenge without an error code. */
class MissingCredentials extends Error {}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === "") throw new MissingCredentials("no bearer token in the Authorization header");
  const match = /^(\S+)(?:[ \t]+(.*))?$/.exec(authorization.trim());
  if (!match || match[1]?.toLowerCase() !== "bearer") throw new MissingCredentials("the Authorization header does not use the Bearer scheme");
  const token = match[2] ?? "";
  if (!B64TOKEN.test(token)) throw new TokenVerificationError("invalid_request", "the Authorization header must be Bearer followed by exactly one token");
  return token;
}

function refuse(res: ServerResponse, status: number, challenge: string | undefined, body: { error: string; error_description: string }): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  if (challenge) res.setHeader("WWW-Authenticate", challenge);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}
