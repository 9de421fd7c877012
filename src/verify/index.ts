/**
 * `pulumi-mcp-auth/verify`: what an MCP server needs to accept only tokens bound to it. Imports only
 * jose at run time (the MCP SDK adapter loads the SDK lazily, when used).
 */
export { createTokenVerifier } from "./verifier.js";
export type { TokenVerifier, VerifyOptions } from "./verifier.js";
export type { VerifiedAccessToken } from "./claims.js";
export type { TokenVerifierOptions } from "./options.js";
export { TokenVerificationError } from "./errors.js";
export type { TokenVerificationErrorCode, TokenVerificationErrorOptions, TokenVerificationStatus } from "./errors.js";
export { DEFAULT_ALGORITHMS } from "./algorithms.js";
export { protectedResourceMetadata, protectedResourceMetadataUrl } from "./metadata.js";
export type { ProtectedResourceMetadata, ProtectedResourceMetadataOptions } from "./metadata.js";
export { wwwAuthenticate } from "./www-authenticate.js";
export type { WwwAuthenticateOptions } from "./www-authenticate.js";
export { bearerAuth } from "./bearer-auth.js";
export type { AuthenticatedRequest, BearerAuthMiddleware, BearerAuthOptions } from "./bearer-auth.js";
export { singleAuthorizationHeader } from "./authorization-header.js";
export type { SingleAuthorizationHeaderOptions } from "./authorization-header.js";
export { mcpSdkTokenVerifier } from "./mcp-sdk.js";
export type { McpSdkErrorClass, McpSdkErrorClasses, McpSdkTokenVerifier, McpSdkTokenVerifierOptions } from "./mcp-sdk.js";
export type { McpAuthInfo } from "./auth-info.js";
export { serveProtectedResourceMetadata } from "./serve-metadata.js";
export type { ServeMetadataOptions } from "./serve-metadata.js";
