import { describe, expect, it } from "vitest";
import { runCliCaptured, temporaryFile } from "../../support/cli.js";
import { baseConfig } from "../../support/configs.js";

/** The base config with both registration modes on, as a JSON file. */
function sampleWithRegistration(): Record<string, unknown> {
  return { ...baseConfig(), registration: { dynamic: true, clientIdMetadataDocuments: true, access: { github: ["github:read"] } } };
}

function writeTempConfig(config: Record<string, unknown>): string {
  return temporaryFile("mcp-auth.json", JSON.stringify(config));
}

describe("pulumi-mcp-auth plan --idp auth0", () => {
  it("lists every Auth0 object the sample config needs, by type and name", async () => {
    const { code, stdout } = await runCliCaptured(["plan", "examples/mcp-auth.yaml", "--idp", "auth0"]);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf("auth0: "), stdout.indexOf("auth0: left to do by hand"));
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
    expect(section).toContain('      defaultAudience: ""');
    // What the provider cannot declare comes last, by name.
    expect(stdout.slice(stdout.indexOf("auth0: left to do by hand")).split("\n")).toEqual([
      "auth0: left to do by hand (1)",
      "  - Turn on Include Issuer in Authorization Responses (Settings → Advanced) so clients can check iss (RFC 9207); @pulumi/auth0 3.49 has no input for it.",
    ]);
  });

  it("names what is left by hand for registered clients and for a tenant it does not manage", async () => {
    const file = writeTempConfig({
      ...sampleWithRegistration(),
      auth0: { manageTenantSettings: false },
    });
    const { code, stdout } = await runCliCaptured(["plan", file, "--idp", "auth0"]);
    expect(code).toBe(0);
    expect(stdout.slice(stdout.indexOf("auth0: left to do by hand")).split("\n")).toEqual([
      "auth0: left to do by hand (5)",
      "  - Set the tenant's Resource Parameter Compatibility Profile on (Settings → Advanced) and clear its Default Audience (Settings → General → API Authorization Settings): without the profile Auth0 ignores resource, and a default audience is sent as audience, which beats resource.",
      "  - Turn on Dynamic Client Registration in the tenant (Settings → Advanced, OIDC Dynamic Application Registration): auth0.manageTenantSettings is false, so the component leaves the tenant's flags alone.",
      "  - Turn on Client ID Metadata Document support in the tenant (Settings → Advanced): auth0.manageTenantSettings is false, so the component leaves the tenant's settings alone.",
      "  - Turn on Include Issuer in Authorization Responses (Settings → Advanced) so clients can check iss (RFC 9207); @pulumi/auth0 3.49 has no input for it.",
      "  - Promote each connection your users sign in with to domain level (Authentication → the connection → Promote Connection to Domain Level): clients that register themselves are third-party and can use only domain-level connections. auth0.Connection has isDomainConnection, but declaring it means owning the whole connection, which this component does not.",
    ]);
  });

  it.each([
    [{ dynamic: { maxClients: 5 } }, "registration.dynamic.maxClients", "cannot be enforced on Auth0: the tenant has no setting that limits dynamically registered clients (only its plan's application quota); write registration.dynamic: true"],
    [
      { clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] } },
      "registration.clientIdMetadataDocuments.allowedHosts",
      "cannot be enforced on Auth0: its client ID metadata document support is one tenant switch (clientIdMetadataDocumentSupported) with no list of allowed hosts; write registration.clientIdMetadataDocuments: true, or register known agents with auth0.ClientCimd yourself",
    ],
  ])("refuses a registration policy Auth0 cannot enforce: %j", async (policy, path, message) => {
    const file = writeTempConfig({ ...sampleWithRegistration(), registration: { ...policy, access: { github: ["github:read"] } } });
    const { code, stderr } = await runCliCaptured(["validate", file, "--idp", "auth0"]);
    expect(code).toBe(1);
    expect(stderr).toContain(`  - ${path}: ${message}`);
  });

  it("validates for Auth0: the sample config passes", async () => {
    const { code, stdout } = await runCliCaptured(["validate", "examples/mcp-auth.yaml", "--idp", "auth0"]);
    expect(code).toBe(0);
    expect(stdout).toBe("examples/mcp-auth.yaml is valid for auth0: 3 resources, 2 clients, 5 grants");
  });
});
