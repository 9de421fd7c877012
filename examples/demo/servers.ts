/** The two MCP servers of the demo: resources `github` and `jira` of examples/mcp-auth.yaml. */
import type { DemoServerSpec } from "./mcp-server.js";

export const GITHUB_SERVER: DemoServerSpec = {
  key: "github",
  name: "GitHub tools",
  path: "/github",
  baseScopes: ["github:read"],
  tools: [
    {
      name: "list_repositories",
      description: "Lists the repositories the signed-in user can read",
      scopes: ["github:read"],
      reply: (subject) => `${subject} can read 2 repositories: platform/pulumi-mcp-auth, platform/agents`,
    },
    {
      name: "open_pull_request",
      description: "Opens a pull request",
      // Everything the tool needs, not only what may be missing: a client that steps up asks for the whole set.
      scopes: ["github:read", "github:write"],
      reply: (subject) => `pull request #42 opened by ${subject}`,
    },
  ],
};

export const JIRA_SERVER: DemoServerSpec = {
  key: "jira",
  name: "Jira tools",
  path: "/jira",
  baseScopes: ["jira:read"],
  tools: [
    {
      name: "search_issues",
      description: "Finds issues assigned to the signed-in user",
      scopes: ["jira:read"],
      reply: (subject) => `3 open issues assigned to ${subject}`,
    },
  ],
};
