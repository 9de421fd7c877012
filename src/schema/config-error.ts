/** One problem found in a config: where it is and what is allowed instead. */
export interface ConfigIssue {
  /** Dotted path into the file, e.g. `resources.github.uri` or `clients.agent.redirectUris.0`; `""` is the root. */
  readonly path: string;
  /** What is wrong and what is allowed, in plain words. */
  readonly message: string;
}

/**
 * Thrown when a config file or object is not a valid pulumi-mcp-auth config.
 * It lists every problem at once, so one run of `validate` shows them all.
 */
export class ConfigError extends Error {
  readonly code = "MCP_AUTH_CONFIG_INVALID" as const;
  readonly issues: ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], heading = "Invalid pulumi-mcp-auth config") {
    super(formatIssues(heading, issues));
    this.name = "ConfigError";
    this.issues = [...issues];
  }
}

/** Renders issues as an indented list, one per line, the way the CLI prints them. */
export function formatIssues(heading: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 issue" : `${issues.length} issues`;
  const lines = issues.map((issue) => `  - ${issue.path === "" ? "(root)" : issue.path}: ${issue.message}`);
  return [`${heading} (${count}):`, ...lines].join("\n");
}

/** Joins a zod-style path into the dotted form used in every issue. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (segment === "" ? '""' : String(segment))).join(".");
}
