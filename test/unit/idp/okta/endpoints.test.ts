import { describe, expect, it } from "vitest";
import {
  oktaAuthorizationServerMetadataUrl,
  oktaJwksUri,
  oktaProtectedResourceMetadata,
  oktaVerifierOptions,
} from "../../../../src/idp/okta/endpoints.js";
import { buildPlan } from "../../../../src/plan/build-plan.js";
import { parseConfig } from "../../../../src/schema/parse.js";
import { configWith } from "../../../support/configs.js";

const ISSUER = "https://example.okta.com/oauth2/aus1github";
const plan = buildPlan(parseConfig(configWith((c) => {
  c.resources.github.name = "GitHub tools";
  c.resources.github.documentation = "https://docs.example.com/mcp/github";
})));
const github = plan.resources.find((r) => r.key === "github")!;
const jira = plan.resources.find((r) => r.key === "jira")!;

describe("Okta endpoints, derived from a custom authorization server's issuer", () => {
  it("serves keys at {issuer}/v1/keys and RFC 8414 metadata under the issuer", () => {
    expect(oktaJwksUri(ISSUER)).toBe("https://example.okta.com/oauth2/aus1github/v1/keys");
    expect(oktaAuthorizationServerMetadataUrl(ISSUER)).toBe("https://example.okta.com/oauth2/aus1github/.well-known/oauth-authorization-server");
  });

  it("does not double a trailing slash of the issuer in URLs, but keeps the issuer itself byte for byte", () => {
    expect(oktaJwksUri(`${ISSUER}/`)).toBe(`${ISSUER}/v1/keys`);
    expect(oktaVerifierOptions(`${ISSUER}/`, github).issuer).toBe(`${ISSUER}/`);
  });

  it("gives the verifier the exact issuer, the resource URI, the JWKS and RS256 only", () => {
    expect(oktaVerifierOptions(ISSUER, github)).toEqual({
      issuer: ISSUER,
      resource: "https://mcp.example.com/github",
      jwksUri: `${ISSUER}/v1/keys`,
      algorithms: ["RS256"],
    });
  });

  it("publishes RFC 9728 metadata naming the resource's own server, its scopes, name and documentation", () => {
    expect(oktaProtectedResourceMetadata(ISSUER, github)).toEqual({
      resource: "https://mcp.example.com/github",
      authorization_servers: [ISSUER],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "GitHub tools",
      resource_documentation: "https://docs.example.com/mcp/github",
    });
    expect(oktaProtectedResourceMetadata("https://example.okta.com/oauth2/aus2jira", jira)).toEqual({
      resource: "https://mcp.example.com/jira",
      authorization_servers: ["https://example.okta.com/oauth2/aus2jira"],
      scopes_supported: ["jira:read"],
      bearer_methods_supported: ["header"],
      resource_name: "jira",
    });
  });
});
