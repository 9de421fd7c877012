import { describe, expect, it } from "vitest";
import { devPolicy } from "../../../src/dev/policy.js";
import { ONE_RESOURCE_ONLY, RESOURCE_REQUIRED, scopeRefusal, tokenRequestRefusal, type BoundResourceLookup, type TokenRequest } from "../../../src/dev/resource-rules.js";
import { buildPlan } from "../../../src/plan/index.js";
import { parseConfig } from "../../../src/schema/index.js";
import { baseConfig } from "../../support/configs.js";

const GITHUB = "https://mcp.example.com/github";
const JIRA = "https://mcp.example.com/jira";
const policy = devPolicy(buildPlan(parseConfig(baseConfig())));

/** As oidc-provider's storage would answer: codes and refresh tokens are bound to github; "unknown" is not stored. */
const boundResource: BoundResourceLookup = async (_grantType, value) => (value === "unknown" ? undefined : GITHUB);

/** A token request of a client oidc-provider has authenticated; the code or refresh token is "c". */
function request(grantType: string, clientId: string, resources: string[], presented: string | undefined = "c"): TokenRequest {
  return { grantType, clientId, resources, presented };
}

describe("tokenRequestRefusal", () => {
  it.each([
    ["no resource on a code exchange", request("authorization_code", "agent", []), RESOURCE_REQUIRED],
    ["no resource on a refresh", request("refresh_token", "agent", []), RESOURCE_REQUIRED],
    ["two resources", request("authorization_code", "agent", [GITHUB, JIRA]), ONE_RESOURCE_ONLY],
    ["two equal resources", request("authorization_code", "agent", [GITHUB, GITHUB]), ONE_RESOURCE_ONLY],
    ["an undeclared resource", request("authorization_code", "agent", ["https://mcp.example.com/slack"]), "https://mcp.example.com/slack is not a resource of this authorization server"],
    ["a resource the client is not granted", request("refresh_token", "reviewer", [JIRA]), `client reviewer is not granted ${JIRA}`],
    ["a granted resource the code was not issued for", request("authorization_code", "agent", [JIRA]), `this authorization code was issued for ${GITHUB}; ask for a token for that resource`],
    ["a granted resource the refresh token was not issued for", request("refresh_token", "agent", [JIRA]), `this refresh token was issued for ${GITHUB}; ask for a token for that resource`],
  ])("refuses %s", async (_case, tokenRequest, description) => {
    expect(await tokenRequestRefusal(tokenRequest, policy, boundResource)).toBe(description);
  });

  it.each([
    ["the resource the code was issued for", request("authorization_code", "agent", [GITHUB])],
    ["the resource the refresh token was issued for", request("refresh_token", "agent", [GITHUB])],
    ["a code oidc-provider does not know (it answers invalid_grant)", request("authorization_code", "agent", [JIRA], "unknown")],
    ["no code (oidc-provider answers invalid_request)", { ...request("authorization_code", "agent", [JIRA]), presented: undefined }],
    ["another grant type (oidc-provider answers unsupported_grant_type)", request("client_credentials", "agent", [])],
  ])("lets through %s", async (_case, tokenRequest) => {
    expect(await tokenRequestRefusal(tokenRequest, policy, boundResource)).toBeUndefined();
  });
});

describe("scopeRefusal", () => {
  const allowed = ["github:read", "github:write"];
  it.each([
    [["jira:read"], `client agent may not obtain scope jira:read for ${GITHUB}; it may ask for github:read github:write`],
    [["github:read", "jira:read", "x", "jira:read"], `client agent may not obtain scopes jira:read x for ${GITHUB}; it may ask for github:read github:write`],
  ])("refuses %j, naming each refused scope once, the resource and what may be asked", (requested, description) => {
    expect(scopeRefusal(requested, GITHUB, "agent", allowed)).toBe(description);
  });

  it.each([[[]], [["github:read"]], [["github:write", "github:read", "github:read"]]])("lets %j through", (requested) => {
    expect(scopeRefusal(requested, GITHUB, "agent", allowed)).toBeUndefined();
  });
});
