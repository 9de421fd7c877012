import { describe, expect, it } from "vitest";
import { configWith } from "../../support/configs.js";
import { runCliCaptured, temporaryFile } from "../../support/cli.js";

describe("pulumi-mcp-auth plan|validate --idp okta", () => {
  it("prints every Okta object of the sample config: 22 resources and the Everyone group read", async () => {
    const { code, stdout } = await runCliCaptured(["plan", "examples/mcp-auth.yaml", "--idp", "okta"]);
    expect(code).toBe(0);
    expect(stdout).toContain("okta: 23 objects");
    expect(stdout).toContain("  okta:auth/server:Server  mcp-auth-api-github\n");
    expect(stdout).toContain('      audiences: ["https://mcp.example.com/github"]\n');
    expect(stdout).toContain('      clientWhitelists: ["<client/desktop-agent.clientId>"]\n');
  });

  it("fails validation for Okta with the Okta issue, path and alternative", async () => {
    const file = temporaryFile("mcp-auth.json", JSON.stringify(configWith((c) => (c.registration = { dynamic: true, access: { github: ["github:read"] } }))));
    const { code, stderr } = await runCliCaptured(["validate", file, "--idp", "okta"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        "This pulumi-mcp-auth config cannot be deployed to Okta (1 issue):",
        "  - registration.dynamic: Okta cannot register agent clients dynamically: its registration endpoint (/oauth2/v1/clients) requires an admin API token, which a public agent must never hold; set registration.dynamic: false and declare each agent under clients:",
      ].join("\n"),
    );
    expect((await runCliCaptured(["validate", file])).code).toBe(0);
  });
});
