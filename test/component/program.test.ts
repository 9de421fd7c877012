import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import program from "../../src/program.js";
import { installMocks, settled, valueOf } from "../support/pulumi-mocks.js";
import { thrownBy } from "../support/thrown.js";

const mocks = installMocks({
  // What the IdPs would answer: Okta servers have an issuer, apps and clients a generated client id.
  outputs: (resource) => {
    if (resource.type === "okta:auth/server:Server") return { issuer: `https://example.okta.com/oauth2/${resource.name}-id` };
    if (resource.type === "okta:app/oAuth:OAuth" || resource.type === "auth0:index/client:Client") return { clientId: `cid-${resource.name}` };
    return {};
  },
  calls: () => ({ id: "00gEveryone", description: "All users" }),
});

function setStackConfig(config: Record<string, string>) {
  pulumi.runtime.setAllConfig(config);
}

const ALL_IDPS = {
  "mcpAuth:configFile": "examples/mcp-auth.yaml",
  "mcpAuth:idps": '["auth0","okta","keycloak"]',
  "auth0:domain": "example.us.auth0.com",
  "keycloak:url": "https://keycloak.example.com",
};

type Outputs = Awaited<ReturnType<typeof program>>;

async function outputsOf(outputs: Outputs) {
  const resolved: Record<string, unknown> = {};
  for (const [idp, value] of Object.entries(outputs)) {
    resolved[idp] = {
      resources: Object.fromEntries(
        await Promise.all(Object.entries(value!.resources).map(async ([key, r]) => [key, await valueOf(r.verifierOptions)] as const)),
      ),
      clients: Object.fromEntries(await Promise.all(Object.entries(value!.clients).map(async ([key, c]) => [key, await valueOf(c.clientId)] as const))),
      manualSteps: await valueOf(pulumi.output(value!.manualSteps)),
    };
  }
  await settled();
  return resolved;
}

const countByProvider = () => {
  const counts: Record<string, number> = {};
  for (const child of mocks.children()) {
    const provider = child.type.split(":")[0]!;
    counts[provider] = (counts[provider] ?? 0) + 1;
  }
  return counts;
};

describe("the root Pulumi program (Pulumi.yaml → dist/program.js)", () => {
  beforeEach(() => mocks.reset());

  it("deploys examples/mcp-auth.yaml to Auth0, Okta and Keycloak in one run and exports each IdP's outputs", async () => {
    setStackConfig(ALL_IDPS);
    const outputs = await outputsOf(program());

    // 3 resources (5 scopes), 2 clients, 5 (client, resource) grants in the example file.
    // Auth0: tenant + 2·3 resource objects + 2·2 client objects + 5 grants = 16.
    // Okta: 3 servers + 5 scopes + 2·P policies and rules (P = 5 distinct grants) + 2·2 app objects = 22.
    // Keycloak: realm + 2·5 scope objects + 3·2 client objects = 17.
    expect(countByProvider()).toEqual({ auth0: 16, okta: 22, keycloak: 17 });
    expect(mocks.resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`)).toEqual([
      "mcp-auth:auth0:Authorization auth0",
      "mcp-auth:okta:Authorization okta",
      "mcp-auth:keycloak:Authorization keycloak",
    ]);

    expect(Object.keys(outputs)).toEqual(["auth0", "okta", "keycloak"]);
    expect(outputs["auth0"]).toEqual({
      resources: {
        docs: expect.objectContaining({ issuer: "https://example.us.auth0.com/", resource: "https://docs-mcp.example.com/mcp", tokenType: "at+jwt" }),
        github: expect.objectContaining({
          issuer: "https://example.us.auth0.com/",
          resource: "https://mcp.example.com/github",
          jwksUri: "https://example.us.auth0.com/.well-known/jwks.json",
          allowedExtraAudiences: ["https://example.us.auth0.com/userinfo"],
        }),
        jira: expect.objectContaining({ issuer: "https://example.us.auth0.com/", resource: "https://mcp.example.com/jira" }),
      },
      clients: { "ci-reviewer": "cid-auth0-client-ci-reviewer", "desktop-agent": "cid-auth0-client-desktop-agent" },
      manualSteps: [
        "Turn on Include Issuer in Authorization Responses (Settings → Advanced) so clients can check iss (RFC 9207); @pulumi/auth0 3.49 has no input for it.",
      ],
    });
    expect(outputs["okta"]).toEqual({
      resources: {
        docs: expect.objectContaining({ issuer: "https://example.okta.com/oauth2/okta-api-docs-id", resource: "https://docs-mcp.example.com/mcp" }),
        github: expect.objectContaining({
          issuer: "https://example.okta.com/oauth2/okta-api-github-id",
          resource: "https://mcp.example.com/github",
          jwksUri: "https://example.okta.com/oauth2/okta-api-github-id/v1/keys",
        }),
        jira: expect.objectContaining({ issuer: "https://example.okta.com/oauth2/okta-api-jira-id", resource: "https://mcp.example.com/jira" }),
      },
      clients: { "ci-reviewer": "cid-okta-client-ci-reviewer", "desktop-agent": "cid-okta-client-desktop-agent" },
      manualSteps: [],
    });
    expect(outputs["keycloak"]).toEqual({
      resources: {
        docs: expect.objectContaining({ issuer: "https://keycloak.example.com/realms/mcp", resource: "https://docs-mcp.example.com/mcp" }),
        github: expect.objectContaining({
          issuer: "https://keycloak.example.com/realms/mcp",
          resource: "https://mcp.example.com/github",
          jwksUri: "https://keycloak.example.com/realms/mcp/protocol/openid-connect/certs",
        }),
        jira: expect.objectContaining({ issuer: "https://keycloak.example.com/realms/mcp", resource: "https://mcp.example.com/jira" }),
      },
      clients: { "ci-reviewer": "ci-reviewer", "desktop-agent": "desktop-agent" },
      manualSteps: [],
    });
  });

  it("deploys only the IdPs the stack names", async () => {
    setStackConfig({ "mcpAuth:configFile": "examples/mcp-auth.yaml", "mcpAuth:idps": '["keycloak"]', "keycloak:url": "https://kc.example.com" });
    expect(Object.keys(await outputsOf(program()))).toEqual(["keycloak"]);
    expect(countByProvider()).toEqual({ keycloak: 17 });
  });

  it.each([
    [{ ...ALL_IDPS, "mcpAuth:idps": '["auth0","azure"]' }, 'Invalid stack config:\n  - mcpAuth:idps: "azure" is not an IdP; allowed: auth0, okta, keycloak'],
    [{ ...ALL_IDPS, "mcpAuth:configFile": "missing/mcp-auth.yaml" }, "Cannot read config file (1 issue):\n  - (root): missing/mcp-auth.yaml: no such file"],
    [{ ...ALL_IDPS, "mcpAuth:configFile": "test/fixtures/invalid-mcp-auth.yaml" }, "Invalid pulumi-mcp-auth config in test/fixtures/invalid-mcp-auth.yaml (2 issues):"],
  ])("fails with a clear RunError and declares no resource (%#)", async (config, message) => {
    setStackConfig(config);
    const error = thrownBy(() => program());
    await settled();
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect(mocks.resources).toEqual([]);
  });
});
