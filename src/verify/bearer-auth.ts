import type { IncomingMessage, ServerResponse } from "node:http";
import { toMcpAuthInfo, type McpAuthInfo } from "./auth-info.js";
import { bearerTokenOf, MissingCredentials, sendRefusal } from "./authorization-header.js";
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

/**
 * A request after {@link bearerAuth} let it through. The middleware itself takes a plain
 * `IncomingMessage`, so it also fits Express apps where the SDK has typed `req.auth` as its `AuthInfo`.
 */
export type AuthenticatedRequest = IncomingMessage & { auth?: McpAuthInfo };

/**
 * Connect-style middleware, usable with Express (`app.use("/mcp", bearerAuth(...))`) and with plain
 * `node:http` (`const token = await auth(req, res); if (!token) return;`). On success it sets `req.auth`
 * (the MCP SDK's `AuthInfo` shape, which SDK transports pass to tools), calls `next()` when given, and
 * resolves with the verified token; on refusal it answers the request itself and resolves `undefined`.
 */
export type BearerAuthMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<VerifiedAccessToken | undefined>;

/**
 * Requires a valid bearer token in the `Authorization` header — and only there: a token in the query
 * string or the body is never read (RFC 6750 §2.2/§2.3 are not supported, as MCP requires). Answers 401
 * (no or bad token), 403 `insufficient_scope`, 400 `invalid_request` (a malformed Bearer header, or two
 * `Authorization` headers), each with `WWW-Authenticate: Bearer … resource_metadata="…"`, and 503 when the
 * issuer's keys are unreachable. A request without Bearer credentials (no header, an empty one, another
 * scheme) gets 401 with a bare challenge and an empty body: no error code anywhere (RFC 6750 §3.1).
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
      const token = bearerTokenOf(req);
      const verified = await verifier.verify(token, { requiredScopes });
      (req as AuthenticatedRequest).auth = toMcpAuthInfo(token, verified, verifier.resource);
      next?.();
      return verified;
    } catch (error) {
      if (error instanceof MissingCredentials) {
        sendRefusal(res, 401, wwwAuthenticate(null, challengeOptions), undefined);
      } else if (error instanceof TokenVerificationError) {
        const challenge = error.code === "server_error" ? undefined : wwwAuthenticate(error, challengeOptions);
        sendRefusal(res, error.status, challenge, { error: error.code, error_description: error.message });
      } else if (next) {
        next(error);
      } else {
        sendRefusal(res, 500, undefined, { error: "server_error", error_description: "internal error while checking the access token" });
      }
      return undefined;
    }
  };
}
