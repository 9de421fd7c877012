// The Pulumi program every packaging fixture runs: one import from each documented entry point, as a user's
// index.ts would write it. It uses no syntax or Node.js API newer than the TypeScript 3.8.3 that
// @pulumi/pulumi vendors can check. The fixture runner asserts its stack outputs exactly.
import * as pulumi from "@pulumi/pulumi";
import { buildPlan, ConfigError, parseConfig } from "pulumi-mcp-auth";
import type { McpAuthConfig } from "pulumi-mcp-auth";
import { Auth0McpAuthorization } from "pulumi-mcp-auth/auth0";
import { startDevAuthorizationServer } from "pulumi-mcp-auth/dev";
import { KeycloakMcpAuthorization } from "pulumi-mcp-auth/keycloak";
import { OktaMcpAuthorization } from "pulumi-mcp-auth/okta";
import { createTokenVerifier, protectedResourceMetadataUrl, TokenVerificationError } from "pulumi-mcp-auth/verify";

const input: McpAuthConfig = {
  version: 1,
  resources: {
    notes: { uri: "http://127.0.0.1:3000/mcp", scopes: { "notes:read": "Read notes" } },
  },
  clients: {
    agent: { redirectUris: ["http://127.0.0.1/callback"], access: { notes: ["notes:read"] } },
  },
  okta: { groups: ["EVERYONE"] },
  keycloak: { realm: "mcp", createRealm: true },
};
const config = parseConfig(input);

function configErrorPaths(): string[] {
  try {
    parseConfig({ version: 1, resources: { notes: { uri: "ftp://example.com", scopes: {} } } });
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.issues.map((issue) => issue.path) : ["not a ConfigError"];
  }
}

const auth0 = new Auth0McpAuthorization("fx-auth0", { config, domain: "tenant.example.com" });
const okta = new OktaMcpAuthorization("fx-okta", { config });
const keycloak = new KeycloakMcpAuthorization("fx-keycloak", { config, baseUrl: "http://127.0.0.1:8080" });

export const planResourceKeys = buildPlan(config).resources.map((resource) => resource.key);
export const configErrors = configErrorPaths();
export const auth0Issuer = auth0.resources["notes"]!.issuer;
export const auth0Audience = auth0.resources["notes"]!.audience;
export const oktaIssuer = okta.resources["notes"]!.issuer;
export const oktaClientId = okta.clients["agent"]!.clientId;
export const keycloakIssuer = keycloak.issuer;
export const metadataUrl = protectedResourceMetadataUrl("http://127.0.0.1:3000/mcp");

/** Starts the dev authorization server on loopback, verifies a malformed token against it, then stops it. */
async function devRoundTrip(): Promise<{ issuerIsLoopback: boolean; resource: string; refusal: string }> {
  const dev = await startDevAuthorizationServer({ config, port: 0 });
  try {
    const options = dev.verifierOptions["notes"]!;
    let refusal = "accepted";
    try {
      await createTokenVerifier(options).verify("not-a-jwt");
    } catch (error) {
      refusal = error instanceof TokenVerificationError ? `${error.status} ${error.code}` : "not a TokenVerificationError";
    }
    return { issuerIsLoopback: /^http:\/\/127\.0\.0\.1:\d+$/.test(dev.issuer), resource: options.resource, refusal };
  } finally {
    await dev.close();
  }
}
export const dev = pulumi.output(devRoundTrip());
