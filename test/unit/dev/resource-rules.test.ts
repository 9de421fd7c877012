import { describe, expect, it } from "vitest";
import { devPolicy, type DevClientAccess } from "../../../src/dev/policy.js";
import { ONE_RESOURCE_ONLY, RESOURCE_REQUIRED, tokenRequestRefusal, type TokenRequestLookups } from "../../../src/dev/resource-rules.js";
import { buildPlan } from "../../../src/plan/index.js";
import { parseConfig } from "../../../src/schema/index.js";
import { baseConfig } from "../../support/configs.js";

const GITHUB = "https://mcp.example.com/github";
const JIRA = "https://mcp.example.com/jira";
const policy = devPolicy(buildPlan(parseConfig(baseConfig())));

/** Lookups as oidc-provider would answer them: `agent` and `reviewer` exist; codes and tokens are bound to github. */
const lookups: TokenRequestLookups = {
  accessOf: async (clientId) => (["agent", "reviewer"].includes(clientId) ? (policy.clientAccess(clientId) as DevClientAccess) : undefined),
  boundResource: async (_grantType, value) => (value === "unknown" ? undefined : GITHUB),
};

function form(fields: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) params.append(name, item);
  return params;
}

describe("tokenRequestRefusal", () => {
  it.each([
    ["no resource on a code exchange", { grant_type: "authorization_code", code: "c", client_id: "agent" }, RESOURCE_REQUIRED],
    ["no resource on a refresh", { grant_type: "refresh_token", refresh_token: "r", client_id: "agent" }, RESOURCE_REQUIRED],
    ["two resources", { grant_type: "authorization_code", code: "c", client_id: "agent", resource: [GITHUB, JIRA] }, ONE_RESOURCE_ONLY],
    ["an undeclared resource", { grant_type: "authorization_code", code: "c", client_id: "agent", resource: "https://mcp.example.com/slack" }, "https://mcp.example.com/slack is not a resource of this authorization server"],
    ["a resource the client is not granted", { grant_type: "refresh_token", refresh_token: "r", client_id: "reviewer", resource: JIRA }, `client reviewer is not granted ${JIRA}`],
    ["a granted resource the code was not issued for", { grant_type: "authorization_code", code: "c", client_id: "agent", resource: JIRA }, `this authorization code was issued for ${GITHUB}; ask for a token for that resource`],
    ["a granted resource the refresh token was not issued for", { grant_type: "refresh_token", refresh_token: "r", client_id: "agent", resource: JIRA }, `this refresh token was issued for ${GITHUB}; ask for a token for that resource`],
  ])("refuses %s", async (_case, fields, description) => {
    expect(await tokenRequestRefusal(form(fields), policy, lookups)).toBe(description);
  });

  it.each([
    ["the resource the code was issued for", { grant_type: "authorization_code", code: "c", client_id: "agent", resource: GITHUB }],
    ["an unknown client (oidc-provider answers invalid_client)", { grant_type: "authorization_code", code: "c", client_id: "mallory", resource: JIRA }],
    ["no client_id (oidc-provider answers invalid_client)", { grant_type: "authorization_code", code: "c", resource: JIRA }],
    ["a code oidc-provider does not know (it answers invalid_grant)", { grant_type: "authorization_code", code: "unknown", client_id: "agent", resource: JIRA }],
    ["another grant type (oidc-provider answers unsupported_grant_type)", { grant_type: "client_credentials", client_id: "agent" }],
  ])("lets through %s", async (_case, fields) => {
    expect(await tokenRequestRefusal(form(fields), policy, lookups)).toBeUndefined();
  });
});
