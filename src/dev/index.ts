/**
 * `pulumi-mcp-auth/dev`: a local authorization server from the same config the IdP components take, for
 * developing and testing MCP servers against resource-bound tokens without an IdP tenant.
 */
export { startDevAuthorizationServer, type DevAuthorizationServer, type DevAuthorizationServerOptions } from "./server.js";
export type { DevUser } from "./options.js";
