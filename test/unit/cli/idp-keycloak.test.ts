import { describe, expect, it } from "vitest";
import { runCliCaptured, temporaryFile } from "../../support/cli.js";

describe("pulumi-mcp-auth plan|validate --idp keycloak", () => {
  it("prints the Keycloak objects of the example: 1 realm + 2 per scope (5) + 3 per client (2)", async () => {
    const { code, stdout } = await runCliCaptured(["plan", "examples/mcp-auth.yaml", "--idp", "keycloak"]);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf("keycloak: "));
    expect(section.split("\n")[0]).toBe("keycloak: 17 objects");
    expect(section).toContain("  keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper  mcp-auth-audience-docs:search\n");
    expect(section).toContain('      includedCustomAudience: "https://docs-mcp.example.com/mcp"\n');
    expect(section).toContain('      optionalScopes: ["docs:search","github:read","github:write","jira:read","offline_access"]');
  });

  it("fails validation with the path when the file has no keycloak section", async () => {
    const file = temporaryFile("no-keycloak.yaml", "version: 1\nresources:\n  a:\n    uri: https://mcp.example.com/a\n    scopes: { a:read: Read }\n");
    const { code, stderr } = await runCliCaptured(["validate", file, "--idp", "keycloak"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "Config cannot be deployed to Keycloak (1 issue):\n  - keycloak.realm: is required to deploy to Keycloak: name the realm that holds the MCP scopes and clients, e.g. keycloak: { realm: mcp, createRealm: true }",
    );
  });
});
