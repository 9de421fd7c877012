import { describe, expect, it } from "vitest";
import { runCliCaptured, temporaryFile } from "../../support/cli.js";

const HEAD = `version: 1
resources:
  github: { uri: https://mcp.example.com/github, scopes: { "github:read": Read, "github:write": Write } }
  jira: { uri: https://mcp.example.com/jira, scopes: { "jira:read": Read } }
`;

describe("validate and plan show the registration policy", () => {
  it("validate: one line with the limit, the hosts and what registered clients may obtain", async () => {
    const file = temporaryFile(
      "policy.yaml",
      `${HEAD}registration:
  dynamic: { maxClients: 50 }
  clientIdMetadataDocuments: { allowedHosts: ["*.Example.org", agents.example.com] }
  access: { jira: ["jira:read"], github: ["github:read"] }
`,
    );
    expect(await runCliCaptured(["validate", file])).toEqual({
      code: 0,
      stdout: [
        `${file} is valid: 2 resources, 0 clients, 0 grants`,
        "registered clients: dynamic registration, at most 50 clients; client ID metadata documents from *.example.org, agents.example.com only; may obtain github (github:read), jira (jira:read)",
      ].join("\n"),
      stderr: "",
    });
  });

  it("validate: any host, no limit, and nothing printed while registration is off", async () => {
    const on = temporaryFile("on.yaml", `${HEAD}registration: { dynamic: true, clientIdMetadataDocuments: true, access: { github: ["github:read"] } }\n`);
    expect((await runCliCaptured(["validate", on])).stdout.split("\n")[1]).toBe(
      "registered clients: dynamic registration, no client limit set (the IdP's default applies); client ID metadata documents from any public https host; may obtain github (github:read)",
    );
    const off = temporaryFile("off.yaml", `${HEAD}clients:\n  a: { redirectUris: ["http://127.0.0.1/cb"], access: { github: ["github:read"], jira: ["jira:read"] } }\n`);
    expect((await runCliCaptured(["validate", off])).stdout).toBe(`${off} is valid: 2 resources, 1 client, 2 grants`);
  });

  it("plan: a section with each mode's policy and the access of registered clients", async () => {
    const file = temporaryFile(
      "policy.yaml",
      `${HEAD}registration:
  dynamic: { maxClients: 5 }
  clientIdMetadataDocuments: { allowedHosts: [] }
  access: { github: ["github:write", "github:read"] }
`,
    );
    const result = await runCliCaptured(["plan", file]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(-5)).toEqual([
      "",
      "Registered clients (not declared; they arrive at run time) — public, PKCE S256 only, no secret, consent on first use",
      "  dynamic registration (RFC 7591): at most 5 clients",
      "  client ID metadata documents: from no host (allowedHosts is empty)",
      "  any registered client → github (aud https://mcp.example.com/github): github:read github:write",
    ]);
    expect(result.stderr).toContain(
      "registration.clientIdMetadataDocuments.allowedHosts: is empty, so no client ID metadata document is accepted",
    );
  });
});
