/**
 * The schema as a typed TypeScript object instead of a YAML file: the editor completes keys and the
 * compiler checks shapes, and `parseConfig` applies every rule the YAML file gets.
 *
 * Run: npx tsx examples/config-in-typescript/index.ts
 */
import { ConfigError, buildPlan, parseConfig, type McpAuthConfig } from "pulumi-mcp-auth";

const config = {
  version: 1,
  resources: {
    github: {
      uri: "https://mcp.example.com/github",
      name: "GitHub tools",
      scopes: {
        "github:read": "Read repositories",
        "github:write": { description: "Push commits", consent: "required" },
      },
      accessTokenLifetime: "10m",
    },
  },
  clients: {
    "desktop-agent": {
      name: "Desktop agent",
      redirectUris: ["http://127.0.0.1/callback"],
      access: { github: ["github:read"] },
      refreshTokens: { idleLifetime: "1d", absoluteLifetime: "30d" },
    },
  },
} satisfies McpAuthConfig;

try {
  const plan = buildPlan(parseConfig(config));
  for (const grant of plan.grants) {
    console.log(`${grant.clientKey} may get tokens with aud=${grant.audience} and scope="${grant.scopes.join(" ")}"`);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  for (const issue of error.issues) console.error(`${issue.path}: ${issue.message}`);
  process.exitCode = 1;
}
