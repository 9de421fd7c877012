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

  it("with registration on, prints the registration objects and what is left by hand: the default policies, --features=cimd, the truststore", async () => {
    const file = temporaryFile(
      "registration.yaml",
      [
        "version: 1",
        "resources:",
        "  a:",
        "    uri: https://mcp.example.com/a",
        "    scopes: { a:read: Read }",
        "registration:",
        "  dynamic: { maxClients: 50 }",
        "  clientIdMetadataDocuments: { allowedHosts: [agents.example.com] }",
        "  access: { a: [a:read] }",
        "keycloak: { realm: mcp, createRealm: true }",
        "",
      ].join("\n"),
    );
    const { code, stdout } = await runCliCaptured(["plan", file, "--idp", "keycloak"]);
    expect(code).toBe(0);
    expect(stdout).toContain("keycloak: 9 objects\n");
    expect(stdout).toContain("  keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy  mcp-auth-registration-max-clients\n");
    expect(stdout).toContain('      config: {"max-clients":"56"}');
    const manual = stdout.slice(stdout.indexOf("keycloak: left to do by hand")).split("\n");
    expect(manual[0]).toBe("keycloak: left to do by hand (4)");
    expect(manual[1]).toMatch(/^ {2}- In realm "mcp", delete Keycloak's default anonymous client registration policies /);
    expect(manual[2]).toBe(
      "  - Start Keycloak with --features=cimd (experimental in Keycloak 26.7): without it Keycloak ignores the client policy that admits client ID metadata documents, and an https client_id is an unknown client.",
    );
    expect(manual[3]).toContain("--truststore-paths");
    expect(manual[4]).toContain('"cimd-allow-permitted-domains":["agents.example.com"]');
    expect(manual).toHaveLength(5);
  });
});
