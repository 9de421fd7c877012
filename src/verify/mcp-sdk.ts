import { toMcpAuthInfo, type McpAuthInfo } from "./auth-info.js";
import { TokenVerificationError, type TokenVerificationErrorCode } from "./errors.js";
import type { TokenVerifier } from "./verifier.js";

/** A constructor of one of the SDK's OAuth error classes (`@modelcontextprotocol/sdk/server/auth/errors.js`). */
export type McpSdkErrorClass = new (message: string) => Error;

/** The SDK error classes `requireBearerAuth` dispatches on with `instanceof`. */
export interface McpSdkErrorClasses {
  readonly InvalidTokenError: McpSdkErrorClass;
  readonly InsufficientScopeError: McpSdkErrorClass;
  readonly InvalidRequestError: McpSdkErrorClass;
  readonly ServerError: McpSdkErrorClass;
}

/** Options of {@link mcpSdkTokenVerifier}. */
export interface McpSdkTokenVerifierOptions {
  /**
   * The SDK's error classes, imported from the same build as your `requireBearerAuth`. Only needed when
   * the automatic choice (see {@link mcpSdkTokenVerifier}) cannot see it, e.g. with two SDK copies installed.
   */
  readonly errorClasses?: McpSdkErrorClasses | undefined;
}

/** The SDK's `OAuthTokenVerifier` interface (server/auth/provider), written out so no SDK types are needed. */
export interface McpSdkTokenVerifier {
  verifyAccessToken(token: string): Promise<McpAuthInfo>;
}

const SDK_CLASS_BY_CODE = {
  invalid_token: "InvalidTokenError",
  insufficient_scope: "InsufficientScopeError",
  invalid_request: "InvalidRequestError",
  server_error: "ServerError",
} as const satisfies Record<TokenVerificationErrorCode, keyof McpSdkErrorClasses>;

/**
 * Adapts a verifier to `@modelcontextprotocol/sdk`'s `OAuthTokenVerifier`, for `requireBearerAuth`.
 * The returned `AuthInfo` carries `resource` (the verified resource URI) and `expiresAt`, so the SDK's
 * `expectedResource` and expiry checks pass for exactly the tokens this verifier accepted.
 *
 * Refusals are thrown as the SDK's own error classes, because `requireBearerAuth` tells them apart with
 * `instanceof`: `InvalidTokenError` → 401, `InsufficientScopeError` → 403, `InvalidRequestError` → 400,
 * `ServerError` → 500 (the SDK has no 503; use `bearerAuth` from this module for a real 503). The SDK is
 * published as both ESM and CommonJS, and the two builds' classes are distinct: the classes are taken
 * from the CommonJS build when its `bearerAuth` middleware has been loaded (a CommonJS server), else from
 * the ESM build — or from `options.errorClasses` when given. The SDK is loaded only on the first refusal,
 * so `pulumi-mcp-auth/verify` itself does not depend on it.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#token-handling
 */
export function mcpSdkTokenVerifier(verifier: TokenVerifier, options: McpSdkTokenVerifierOptions = {}): McpSdkTokenVerifier {
  let errorClasses: Promise<McpSdkErrorClasses> | undefined;
  return {
    async verifyAccessToken(token) {
      try {
        return toMcpAuthInfo(token, await verifier.verify(token), verifier.resource);
      } catch (error) {
        if (!(error instanceof TokenVerificationError)) throw error;
        errorClasses ??= options.errorClasses ? Promise.resolve(options.errorClasses) : loadSdkErrorClasses();
        const SdkError = (await errorClasses)[SDK_CLASS_BY_CODE[error.code]];
        // requireBearerAuth copies the message into WWW-Authenticate without escaping.
        throw Object.assign(new SdkError(headerSafe(error.message)), { cause: error });
      }
    },
  };
}

const SDK_ERRORS = "@modelcontextprotocol/sdk/server/auth/errors.js";
const SDK_BEARER_MIDDLEWARE = "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";

async function loadSdkErrorClasses(): Promise<McpSdkErrorClasses> {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  let commonJsMiddleware: string | undefined;
  try {
    commonJsMiddleware = require.resolve(SDK_BEARER_MIDDLEWARE);
  } catch {
    commonJsMiddleware = undefined;
  }
  // require.cache holds only CommonJS modules: an entry means a CommonJS requireBearerAuth is in use.
  if (commonJsMiddleware !== undefined && require.cache[commonJsMiddleware]) return require(SDK_ERRORS) as McpSdkErrorClasses;
  return (await import(SDK_ERRORS)) as McpSdkErrorClasses;
}

function headerSafe(message: string): string {
  return message.replace(/"/g, "'").replace(/\\/g, "/").replace(/[^\x20-\x7e]+/g, " ").trim();
}
