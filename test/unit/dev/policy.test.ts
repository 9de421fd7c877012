import { describe, expect, it } from "vitest";
import { devPolicy } from "../../../src/dev/policy.js";
import { buildPlan } from "../../../src/plan/index.js";
import { parseConfig } from "../../../src/schema/index.js";
import { baseConfig, configWith } from "../../support/configs.js";

const GITHUB = "https://mcp.example.com/github";
const JIRA = "https://mcp.example.com/jira";

describe("devPolicy", () => {
  it("indexes resources by URI with their scopes, consent and lifetime", () => {
    const policy = devPolicy(buildPlan(parseConfig(baseConfig())));
    expect([...policy.resources.keys()]).toEqual([GITHUB, JIRA]);
    expect(policy.resources.get(GITHUB)).toEqual({
      key: "github",
      uri: GITHUB,
      name: "github",
      accessTokenLifetimeSeconds: 600,
      scopes: new Map([
        ["github:read", { description: "Read repositories", consent: "implicit" }],
        ["github:write", { description: "Push commits", consent: "required" }],
      ]),
    });
  });

  it("gives each declared client its grants, by resource URI, and its refresh token lifetimes", () => {
    const policy = devPolicy(buildPlan(parseConfig(baseConfig())));
    expect(policy.clientAccess("agent")).toEqual({
      scopesByResource: new Map([[GITHUB, ["github:read"]], [JIRA, ["jira:read"]]]),
      refreshToken: undefined,
      registered: false,
      name: "agent",
    });
    expect(policy.clientAccess("reviewer")).toEqual({
      scopesByResource: new Map([[GITHUB, ["github:read", "github:write"]]]),
      refreshToken: { idleLifetimeSeconds: 86_400, absoluteLifetimeSeconds: 30 * 86_400 },
      registered: false,
      name: "reviewer",
    });
  });

  it("knows no other client when registration is off", () => {
    expect(devPolicy(buildPlan(parseConfig(baseConfig()))).clientAccess("someone")).toBeUndefined();
  });

  it("gives any other client registration.access when dynamic registration is on, without refresh tokens", () => {
    const config = parseConfig(configWith((c) => (c.registration = { dynamic: true, access: { jira: ["jira:read"] } })));
    expect(devPolicy(buildPlan(config)).clientAccess("Zx9-registered")).toEqual({
      scopesByResource: new Map([[JIRA, ["jira:read"]]]),
      refreshToken: undefined,
      registered: true,
      name: "registered client",
    });
  });

  it("gives a client ID metadata document client registration.access when only those documents are on", () => {
    const config = parseConfig(configWith((c) => (c.registration = { clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] }, access: { jira: ["jira:read"] } })));
    expect(devPolicy(buildPlan(config)).clientAccess("https://agents.example.com/client.json")).toEqual({
      scopesByResource: new Map([[JIRA, ["jira:read"]]]),
      refreshToken: undefined,
      registered: true,
      name: "registered client",
    });
  });
});
