import { ConfigError, type ConfigIssue } from "../../src/schema/index.js";
import { parseConfig, type McpAuthConfig } from "../../src/schema/parse.js";

/** A small valid config: two resources, two clients. Tests copy it and break one thing. */
export function baseConfig(): Record<string, any> {
  return {
    version: 1,
    resources: {
      github: {
        uri: "https://mcp.example.com/github",
        scopes: { "github:read": "Read repositories", "github:write": { description: "Push commits", consent: "required" } },
      },
      jira: { uri: "https://mcp.example.com/jira", scopes: { "jira:read": "Read issues" } },
    },
    clients: {
      agent: {
        redirectUris: ["http://127.0.0.1/callback"],
        access: { github: ["github:read"], jira: ["jira:read"] },
      },
      reviewer: {
        redirectUris: ["https://agents.example.com/cb"],
        access: { github: ["github:read", "github:write"] },
        refreshTokens: { idleLifetime: "1d", absoluteLifetime: "30d" },
      },
    },
  };
}

/** `baseConfig()` with one change applied. */
export function configWith(change: (config: Record<string, any>) => void): Record<string, any> {
  const config = baseConfig();
  change(config);
  return config;
}

/** The issues of the ConfigError `action` throws, or `[]` when it returns. Any other exception propagates. */
export function configIssuesOf(action: () => unknown): ConfigIssue[] {
  try {
    action();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

/** The issues `parseConfig` reports, or `[]` when the input is valid. Any other exception propagates. */
export function issuesOf(input: unknown): ConfigIssue[] {
  return configIssuesOf(() => parseConfig(input));
}

/**
 * The same config with every record and every list the schema treats as a set written in reverse:
 * resources and their scopes, clients, their access and its scope lists, and okta.groups.
 */
export function reversedConfig(config: Record<string, any>): Record<string, any> {
  const reverse = (record: Record<string, any>, inner: (value: any) => any = (v) => v) =>
    Object.fromEntries(Object.entries(record).reverse().map(([key, value]) => [key, inner(value)]));
  return {
    ...config,
    resources: reverse(config.resources, (r) => ({ ...r, scopes: reverse(r.scopes) })),
    clients: reverse(config.clients, (c) => ({ ...c, access: reverse(c.access, (scopes: string[]) => [...scopes].reverse()) })),
    ...(config.okta ? { okta: { groups: [...config.okta.groups].reverse() } } : {}),
  };
}

export type { McpAuthConfig };
