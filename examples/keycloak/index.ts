/**
 * Deploys ../mcp-auth.yaml to a Keycloak realm. The Keycloak provider reads its connection from stack
 * config (`keycloak:url`, `keycloak:clientId`, `keycloak:clientSecret --secret`); `publicUrl` is where
 * agents and MCP servers reach Keycloak, which becomes the token issuer `publicUrl/realms/REALM`.
 */
import * as pulumi from "@pulumi/pulumi";
import { KeycloakMcpAuthorization, loadConfigFile } from "pulumi-mcp-auth";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("keycloak");

const auth = new KeycloakMcpAuthorization("mcp", {
  // The file's `keycloak:` section names the realm (and whether to create it).
  config: loadConfigFile("../mcp-auth.yaml"),
  baseUrl: config.get("publicUrl") ?? providerConfig.require("url"),
});

/** Everything an MCP server needs: pass `verifierOptions.github` to `createTokenVerifier`. */
export const issuer = auth.issuer;
export const verifierOptions = Object.fromEntries(
  Object.entries(auth.resources).map(([key, resource]) => [key, resource.verifierOptions]),
);
export const protectedResourceMetadata = Object.fromEntries(
  Object.entries(auth.resources).map(([key, resource]) => [key, resource.protectedResourceMetadata]),
);
/** The clientId each agent uses in its authorization requests. */
export const clientIds = Object.fromEntries(Object.entries(auth.clients).map(([key, client]) => [key, client.clientId]));
