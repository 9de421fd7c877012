import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../../support/cli.js";

describe("pulumi-mcp-auth plan --idp auth0", () => {
  it("lists every Auth0 object the sample config needs, by type and name", async () => {
    const { code, stdout } = await runCliCaptured(["plan", "examples/mcp-auth.yaml", "--idp", "auth0"]);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf("auth0: "));
    const objects = section.split("\n").filter((line) => /^ {2}\S/.test(line)).map((line) => line.trim());
    expect(section.split("\n")[0]).toBe("auth0: 16 objects");
    expect(objects).toEqual([
      "auth0:index/tenant:Tenant  mcp-auth-tenant",
      "auth0:index/resourceServer:ResourceServer  mcp-auth-api-docs",
      "auth0:index/resourceServerScopes:ResourceServerScopes  mcp-auth-api-docs-scopes",
      "auth0:index/resourceServer:ResourceServer  mcp-auth-api-github",
      "auth0:index/resourceServerScopes:ResourceServerScopes  mcp-auth-api-github-scopes",
      "auth0:index/resourceServer:ResourceServer  mcp-auth-api-jira",
      "auth0:index/resourceServerScopes:ResourceServerScopes  mcp-auth-api-jira-scopes",
      "auth0:index/client:Client  mcp-auth-client-ci-reviewer",
      "auth0:index/clientCredentials:ClientCredentials  mcp-auth-client-ci-reviewer-credentials",
      "auth0:index/clientGrant:ClientGrant  mcp-auth-grant-ci-reviewer.docs",
      "auth0:index/clientGrant:ClientGrant  mcp-auth-grant-ci-reviewer.github",
      "auth0:index/client:Client  mcp-auth-client-desktop-agent",
      "auth0:index/clientCredentials:ClientCredentials  mcp-auth-client-desktop-agent-credentials",
      "auth0:index/clientGrant:ClientGrant  mcp-auth-grant-desktop-agent.docs",
      "auth0:index/clientGrant:ClientGrant  mcp-auth-grant-desktop-agent.github",
      "auth0:index/clientGrant:ClientGrant  mcp-auth-grant-desktop-agent.jira",
    ]);
    expect(section).toContain('      identifier: "https://mcp.example.com/github"');
    expect(section).toContain('      audience: "<api/github.identifier>"');
  });

  it("validates for Auth0: the sample config passes", async () => {
    const { code, stdout } = await runCliCaptured(["validate", "examples/mcp-auth.yaml", "--idp", "auth0"]);
    expect(code).toBe(0);
    expect(stdout).toBe("examples/mcp-auth.yaml is valid for auth0: 3 resources, 2 clients, 5 grants");
  });
});
