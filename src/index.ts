/**
 * pulumi-mcp-auth: declare MCP resources, scopes and PKCE-only agent clients once; get resource-bound
 * tokens (RFC 8707) from Auth0, Okta or Keycloak.
 */
export { ConfigError, configJsonSchema, loadConfigFile, parseConfig } from "./schema/index.js";
export type { ConfigIssue, McpAuthConfig, ResolvedConfig, Auth0Settings, KeycloakSettings, OktaSettings } from "./schema/index.js";
export { buildPlan } from "./plan/index.js";
export type { Plan, PlannedClient, PlannedGrant, PlannedRegistration, PlannedResource, PlannedScope } from "./plan/index.js";
export { Auth0McpAuthorization, type Auth0McpAuthorizationArgs } from "./idp/auth0/index.js";
export { OktaMcpAuthorization, type OktaMcpAuthorizationArgs } from "./idp/okta/component.js";
export { KeycloakMcpAuthorization, type KeycloakMcpAuthorizationArgs } from "./idp/keycloak/index.js";
