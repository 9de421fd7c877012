import { describe, expect, it } from "vitest";
import { auth0DomainProblem, auth0ResourceOutputValues, auth0TenantEndpoints } from "../../../../src/idp/auth0/endpoints.js";
import { buildPlan } from "../../../../src/plan/index.js";
import { parseConfig } from "../../../../src/schema/index.js";
import { configWith } from "../../../support/configs.js";

describe("auth0DomainProblem", () => {
  it.each(["my-tenant.us.auth0.com", "login.example.com", "My-Tenant.EU.Auth0.com", "a1.b2"])("accepts %s", (domain) => {
    expect(auth0DomainProblem(domain)).toBeUndefined();
  });

  it.each(["https://my-tenant.auth0.com", "my-tenant.auth0.com/", "my-tenant.auth0.com:443", "localhost", "", "-x.auth0.com", "my tenant.auth0.com"])(
    "refuses %j, saying what a domain looks like",
    (domain) => {
      expect(auth0DomainProblem(domain)).toBe(
        `domain must be the Auth0 tenant's host name, e.g. my-tenant.us.auth0.com or a custom domain such as login.example.com (no scheme, port or path); got ${JSON.stringify(domain)}`,
      );
    },
  );
});

describe("auth0TenantEndpoints", () => {
  it("builds the issuer with Auth0's trailing slash and the tenant's well-known URLs, host in lower case", () => {
    expect(auth0TenantEndpoints("My-Tenant.us.auth0.com")).toEqual({
      issuer: "https://my-tenant.us.auth0.com/",
      jwksUri: "https://my-tenant.us.auth0.com/.well-known/jwks.json",
      authorizationServerMetadataUrl: "https://my-tenant.us.auth0.com/.well-known/openid-configuration",
      userinfoAudience: "https://my-tenant.us.auth0.com/userinfo",
    });
  });
});

describe("auth0ResourceOutputValues", () => {
  const plan = buildPlan(
    parseConfig(
      configWith((c) => {
        c.resources.github.name = "GitHub tools";
        c.resources.github.documentation = "https://docs.example.com/mcp/github";
      }),
    ),
  );
  const [github, jira] = plan.resources.map((resource) => auth0ResourceOutputValues("tenant.example.com", resource, resource.uri));

  it("gives the verifier exactly the issuer, resource, keys, algorithm, token type and the /userinfo audience", () => {
    expect(github?.verifierOptions).toEqual({
      issuer: "https://tenant.example.com/",
      resource: "https://mcp.example.com/github",
      jwksUri: "https://tenant.example.com/.well-known/jwks.json",
      algorithms: ["RS256"],
      tokenType: "at+jwt",
      allowedExtraAudiences: ["https://tenant.example.com/userinfo"],
    });
  });

  it("builds the RFC 9728 document with the tenant as the one authorization server", () => {
    expect(github?.protectedResourceMetadata).toEqual({
      resource: "https://mcp.example.com/github",
      authorization_servers: ["https://tenant.example.com/"],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "GitHub tools",
      resource_documentation: "https://docs.example.com/mcp/github",
    });
    expect(jira?.protectedResourceMetadata).toEqual({
      resource: "https://mcp.example.com/jira",
      authorization_servers: ["https://tenant.example.com/"],
      scopes_supported: ["jira:read"],
      bearer_methods_supported: ["header"],
      resource_name: "jira",
    });
  });

  it("exposes the audience, issuer and URLs", () => {
    expect(github).toMatchObject({
      issuer: "https://tenant.example.com/",
      audience: "https://mcp.example.com/github",
      jwksUri: "https://tenant.example.com/.well-known/jwks.json",
      authorizationServerMetadataUrl: "https://tenant.example.com/.well-known/openid-configuration",
    });
  });
});
