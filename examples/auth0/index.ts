import * as pulumi from "@pulumi/pulumi";
import { Auth0McpAuthorization, loadConfigFile } from "pulumi-mcp-auth";

// Pulumi runs the program from this directory; the sample config is shared by every example.
const config = loadConfigFile("../mcp-auth.yaml");

// The tenant and its credentials come from stack config (auth0:domain, auth0:clientId, auth0:clientSecret)
// through the default provider. A program may read stack config; the component never does, so the domain
// tokens carry in `iss` is passed explicitly: the tenant domain here, or the custom domain agents sign in through.
const domain = new pulumi.Config("auth0").require("domain");

const auth = new Auth0McpAuthorization("mcp-auth", { config, domain });

/** Per resource key: issuer, audience, jwksUri, metadata URLs, the RFC 9728 document and verifier options. */
export const resources = auth.resources;
/** Per client key: the Auth0 client id to configure each agent with. */
export const clients = auth.clients;
/** What the GitHub MCP server passes to createTokenVerifier. */
export const githubVerifierOptions = auth.resources["github"]?.verifierOptions;
