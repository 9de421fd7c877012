/**
 * Limits on what a config may be. Each is checked before the work it bounds (reading, parsing, validating),
 * so a hostile or broken file fails fast with a `ConfigError` instead of taking the CLI's time and memory.
 * Real configs are far inside every limit: a few kilobytes, a few levels deep, tens of entries.
 */

/** Largest config file read, in bytes (1 MiB). */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * Most YAML tokens (scalars, indicators, line breaks) read before parsing. The YAML parser costs about a
 * microsecond per token and its duplicate-key check is quadratic in a map's size, so a 1 MiB file of tiny
 * keys would still take seconds; a real config has a few thousand tokens.
 */
export const MAX_YAML_TOKENS = 50_000;

/** Most alias expansions in a YAML file (the yaml package's `maxAliasCount`): stops "billion laughs". */
export const MAX_YAML_ALIASES = 100;

/**
 * Deepest nesting of objects and arrays. The deepest real path is five levels
 * (`resources.github.scopes.name.description`); the bound keeps every recursive step far from the stack limit.
 */
export const MAX_CONFIG_DEPTH = 10;

/** Most MCP resources in one config (each is an audience, an API or an authorization server). */
export const MAX_RESOURCES = 100;
/** Most scopes of one resource. */
export const MAX_SCOPES_PER_RESOURCE = 100;
/** Most clients in one config. */
export const MAX_CLIENTS = 100;
