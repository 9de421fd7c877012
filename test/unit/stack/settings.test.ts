import { describe, expect, it } from "vitest";
import { StackSettingsError, resolveStackSettings, type RawStackConfig } from "../../../src/stack/settings.js";

const raw = (overrides: Partial<RawStackConfig>): RawStackConfig => ({
  configFile: undefined,
  idps: '["okta"]',
  auth0Domain: undefined,
  keycloakUrl: undefined,
  keycloakBasePath: undefined,
  ...overrides,
});

function problemOf(overrides: Partial<RawStackConfig>): string {
  try {
    resolveStackSettings(raw(overrides));
  } catch (error) {
    if (error instanceof StackSettingsError) return error.message;
    throw error;
  }
  throw new Error("expected a StackSettingsError");
}

const ALLOWED = "a list of auth0, okta, keycloak, e.g. pulumi config set --path 'mcpAuth:idps[0]' keycloak";

describe("stack settings of the root program", () => {
  it("reads the IdP list as JSON (pulumi config set --path) or comma-separated, defaults the file", () => {
    expect(resolveStackSettings(raw({ idps: '["okta","auth0","keycloak"]', auth0Domain: "t.us.auth0.com", keycloakUrl: "https://kc.example.com/" }))).toEqual({
      configFile: "mcp-auth.yaml",
      idps: ["okta", "auth0", "keycloak"],
      auth0Domain: "t.us.auth0.com",
      keycloakBaseUrl: "https://kc.example.com",
    });
    expect(resolveStackSettings(raw({ idps: "okta, keycloak", keycloakUrl: "http://127.0.0.1:8080", keycloakBasePath: "/auth", configFile: "idp/mcp.yaml" }))).toEqual({
      configFile: "idp/mcp.yaml",
      idps: ["okta", "keycloak"],
      auth0Domain: undefined,
      keycloakBaseUrl: "http://127.0.0.1:8080/auth",
    });
  });

  it.each([
    [{ idps: undefined }, `mcpAuth:idps is required: ${ALLOWED}`],
    [{ idps: "" }, `mcpAuth:idps is required: ${ALLOWED}`],
    [{ idps: "[]" }, `mcpAuth:idps must be ${ALLOWED}; got []`],
    [{ idps: '{"auth0":true}' }, 'mcpAuth:idps: "{\\"auth0\\":true}" is not an IdP; allowed: auth0, okta, keycloak'],
    [{ idps: "[1]" }, "mcpAuth:idps: 1 is not an IdP; allowed: auth0, okta, keycloak"],
    [{ idps: '["okta",' }, `mcpAuth:idps must be ${ALLOWED}; got ["okta",`],
    [{ idps: '["azure"]' }, 'mcpAuth:idps: "azure" is not an IdP; allowed: auth0, okta, keycloak'],
    [{ idps: "okta,Okta" }, 'mcpAuth:idps: "Okta" is not an IdP; allowed: auth0, okta, keycloak'],
    [{ idps: '["okta","okta"]' }, "mcpAuth:idps lists okta twice"],
    [{ idps: '["auth0"]' }, "auth0:domain is required to deploy to Auth0 (pulumi config set auth0:domain my-tenant.us.auth0.com)"],
    [{ idps: '["keycloak"]' }, "keycloak:url is required to deploy to Keycloak (pulumi config set keycloak:url https://keycloak.example.com)"],
  ])("refuses %j", (overrides, problem) => {
    expect(problemOf(overrides)).toBe(`Invalid stack config:\n  - ${problem}`);
  });

  it("lists every problem at once", () => {
    expect(problemOf({ idps: '["auth0","keycloak","gcp"]' })).toBe(
      [
        "Invalid stack config:",
        '  - mcpAuth:idps: "gcp" is not an IdP; allowed: auth0, okta, keycloak',
        "  - auth0:domain is required to deploy to Auth0 (pulumi config set auth0:domain my-tenant.us.auth0.com)",
        "  - keycloak:url is required to deploy to Keycloak (pulumi config set keycloak:url https://keycloak.example.com)",
      ].join("\n"),
    );
  });
});
