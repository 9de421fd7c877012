import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenDemoServer, type DemoServer } from "../../examples/demo/mcp-server.js";
import { GITHUB_SERVER, JIRA_SERVER } from "../../examples/demo/servers.js";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../src/dev/index.js";
import { createTokenVerifier, TokenVerificationError } from "../../src/verify/index.js";
import { ALICE, HeadlessBrowser, authorizeHeadlessly } from "../support/dev-oauth.js";
import { UnregisteredClientProvider } from "../support/sdk-oauth-client.js";
import { startDocumentServer, type DocumentServer } from "../../examples/demo/document-host.js";
import { createLocalCertificateAuthority } from "../../examples/demo/local-ca.js";

// Proof for client ID metadata documents: the MCP TypeScript SDK's own client, configured as an application
// would (an OAuthClientProvider with clientMetadataUrl, nothing pre-registered, nothing patched), connects to
// an MCP server guarded by pulumi-mcp-auth/verify. The SDK sees client_id_metadata_document_supported in the
// dev server's metadata and uses the URL as its client_id; the dev server fetches the document from a
// loopback https server whose certificate comes from a CA made for this run and passed in explicitly.
const REDIRECT = "http://127.0.0.1:53682/callback";

let documents: DocumentServer;
let github: DemoServer;
let jira: DemoServer;
let dev: DevAuthorizationServer;

beforeAll(async () => {
  const ca = await createLocalCertificateAuthority();
  documents = await startDocumentServer(ca);
  github = await listenDemoServer(GITHUB_SERVER);
  jira = await listenDemoServer(JIRA_SERVER);
  dev = await startDevAuthorizationServer({
    config: {
      version: 1,
      resources: {
        github: { uri: github.url, name: "GitHub tools", scopes: { "github:read": "Read repositories", "github:write": "Push commits" } },
        jira: { uri: jira.url, name: "Jira tools", scopes: { "jira:read": "Read issues" } },
      },
      registration: { clientIdMetadataDocuments: { allowedHosts: ["localhost"] }, access: { github: ["github:read"], jira: ["jira:read"] } },
    },
    users: [ALICE],
    metadataDocuments: { allowLoopback: true, trustedCertificates: [ca.certificatePem] },
  });
  github.protect(dev.verifierOptions["github"]!, ["github:read", "github:write"]);
  jira.protect(dev.verifierOptions["jira"]!, ["jira:read"]);
});

afterAll(async () => {
  await Promise.all([dev?.close(), github?.close(), jira?.close(), documents?.close()]);
});

describe("an unmodified MCP SDK client with a client ID metadata document", () => {
  it("signs in and gets a token bound to one resource, within registration.access, refused by the other resource", async () => {
    const clientMetadataUrl = `${documents.origin}/sdk-agent.json`;
    // What an application keeps for the SDK: its published document's URL and metadata, and what the SDK saves.
    const provider = new UnregisteredClientProvider(REDIRECT, { client_name: "SDK agent", grant_types: ["authorization_code"] }, clientMetadataUrl);
    // The application publishes its metadata at the URL it uses as client_id.
    documents.route("/sdk-agent.json", { json: { client_id: clientMetadataUrl, ...provider.clientMetadata }, headers: { "cache-control": "max-age=300" } });

    const first = new Client({ name: "sdk-agent", version: "1.0.0" });
    await expect(first.connect(new StreamableHTTPClientTransport(new URL(github.url), { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client).toEqual({ client_id: clientMetadataUrl, issuer: dev.issuer });
    const authorizationUrl = provider.takeAuthorizationUrl();
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({ client_id: clientMetadataUrl, resource: github.url, scope: "github:read", code_challenge_method: "S256" });

    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), authorizationUrl, ALICE, "http://127.0.0.1:53682/");
    expect(outcome.pages).toEqual(["login", "consent"]);
    // The user is asked: the client is in nobody's file.
    expect([...(outcome.html[1] ?? "").matchAll(/<li data-scope="([^"]+)">/g)].map((match) => match[1])).toEqual(["github:read"]);
    if (outcome.kind !== "redirect") throw new Error("no redirect");
    const transport = new StreamableHTTPClientTransport(new URL(github.url), { authProvider: provider });
    await transport.finishAuth(outcome.url.searchParams.get("code") as string);

    const client = new Client({ name: "sdk-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(github.url), { authProvider: provider }));
    const result = await client.callTool({ name: "list_repositories", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "alice can read 2 repositories: platform/pulumi-mcp-auth, platform/agents" }]);
    await client.close();

    const token = provider.storedTokens?.access_token as string;
    expect(decodeJwt(token)).toMatchObject({ iss: dev.issuer, aud: github.url, scope: "github:read", client_id: clientMetadataUrl, sub: "alice" });
    expect(provider.storedTokens?.refresh_token).toBeUndefined();
    // Every step of the flow used one fetch of the document.
    expect(documents.count("/sdk-agent.json")).toBe(1);

    const atJira = await createTokenVerifier(dev.verifierOptions["jira"]!).verify(token).catch((error: unknown) => error);
    expect(atJira).toBeInstanceOf(TokenVerificationError);
    expect((atJira as TokenVerificationError).code).toBe("invalid_token");
    const response = await fetch(jira.url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});
