/**
 * One file, three IdPs: the same MCP resources, scopes and agent clients on Auth0, Okta and Keycloak.
 * Each IdP mints tokens whose `aud` is the same resource URI, so an MCP server can move from one IdP to
 * another by swapping its verifier options — or accept both during a migration with two verifiers.
 *
 * Each provider reads its own stack config (auth0:domain/clientId/clientSecret, okta:orgName/baseUrl/
 * apiToken, keycloak:url/clientId/clientSecret). The file is parsed once and shared.
 */
import * as pulumi from "@pulumi/pulumi";
import { Auth0McpAuthorization, KeycloakMcpAuthorization, OktaMcpAuthorization, loadConfigFile } from "pulumi-mcp-auth";

const config = loadConfigFile("../mcp-auth.yaml");

const production = new Auth0McpAuthorization("auth0", { config, domain: new pulumi.Config("auth0").require("domain") });
const workforce = new OktaMcpAuthorization("okta", { config });
const staging = new KeycloakMcpAuthorization("keycloak", { config, baseUrl: new pulumi.Config("keycloak").require("url") });

/** Per IdP and resource: what `createTokenVerifier` takes. The `resource` is identical across IdPs. */
export const verifierOptions = {
  auth0: Object.fromEntries(Object.entries(production.resources).map(([key, r]) => [key, r.verifierOptions])),
  okta: Object.fromEntries(Object.entries(workforce.resources).map(([key, r]) => [key, r.verifierOptions])),
  keycloak: Object.fromEntries(Object.entries(staging.resources).map(([key, r]) => [key, r.verifierOptions])),
};

/** Per IdP and agent: the client id it uses in authorization requests. */
export const clientIds = {
  auth0: Object.fromEntries(Object.entries(production.clients).map(([key, c]) => [key, c.clientId])),
  okta: Object.fromEntries(Object.entries(workforce.clients).map(([key, c]) => [key, c.clientId])),
  keycloak: Object.fromEntries(Object.entries(staging.clients).map(([key, c]) => [key, c.clientId])),
};
