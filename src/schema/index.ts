export { ConfigError, formatIssues, type ConfigIssue } from "./config-error.js";
export { loadConfigFile, parseConfig, type McpAuthConfig, type ResolvedConfig } from "./parse.js";
export { configJsonSchema } from "./json-schema.js";
export { formatDuration, parseDurationSeconds } from "./duration.js";
export type { Auth0Settings, KeycloakSettings, OktaSettings } from "./idp-sections.js";
