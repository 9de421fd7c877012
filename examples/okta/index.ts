import { loadConfigFile, OktaMcpAuthorization } from "pulumi-mcp-auth";

// Pulumi runs the program from this directory; the sample config is shared by every example.
const config = loadConfigFile("../mcp-auth.yaml");

// The Okta org and credentials come from stack config (okta:orgName, okta:baseUrl, okta:apiToken) through
// the default provider. To use an explicit okta.Provider, pass { providers: [provider] } as the third argument.
const auth = new OktaMcpAuthorization("mcp-auth", { config });

/** Per resource key: issuer, audience, jwksUri, metadata URLs, the RFC 9728 document and verifier options. */
export const resources = auth.resources;
/** Per client key: the Okta client id to configure each agent with. */
export const clients = auth.clients;
/** What the GitHub MCP server passes to createTokenVerifier. */
export const githubVerifierOptions = auth.resources["github"]?.verifierOptions;
