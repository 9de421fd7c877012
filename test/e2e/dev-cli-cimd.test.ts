import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstResponse, pkcePair, authorizationUrl } from "../support/dev-oauth.js";
import { runDev, temporaryFile } from "../support/cli.js";
import { startDocumentServer, type DocumentServer } from "../../examples/demo/document-host.js";
import { createLocalCertificateAuthority, type LocalCertificateAuthority } from "../../examples/demo/local-ca.js";

// `pulumi-mcp-auth dev` with client ID metadata documents: the two dev-only flags reach the server.
const CONFIG = `version: 1
resources:
  github: { uri: "http://127.0.0.1:7001/github", scopes: { "github:read": Read repositories } }
registration:
  clientIdMetadataDocuments: { allowedHosts: [localhost] }
  access: { github: [ "github:read" ] }
`;

let ca: LocalCertificateAuthority;
let documents: DocumentServer;

beforeAll(async () => {
  ca = await createLocalCertificateAuthority();
  documents = await startDocumentServer(ca);
});

afterAll(() => documents.close());


describe("pulumi-mcp-auth dev with client ID metadata documents", () => {
  it("says which documents it accepts, and trusts the CA and loopback it is told to", async () => {
    const clientId = `${documents.origin}/cli-agent.json`;
    documents.route("/cli-agent.json", { json: { client_id: clientId, redirect_uris: ["http://127.0.0.1/callback"] } });
    const file = temporaryFile("mcp-auth.yaml", CONFIG);
    const pem = temporaryFile("ca.pem", ca.certificatePem);
    let location: string | undefined;
    const run = await runDev([file, "--port", "0", "--user", "alice:pw", "--metadata-documents-allow-loopback", "--metadata-documents-trust", pem], async (output) => {
      const issuer = /issuer: (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(output)?.[1] ?? "";
      const params = { response_type: "code", client_id: clientId, redirect_uri: "http://127.0.0.1:5000/callback", code_challenge: pkcePair().challenge, code_challenge_method: "S256", scope: "github:read", resource: "http://127.0.0.1:7001/github" };
      location = (await firstResponse(authorizationUrl(issuer, params))).location;
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      "Clients (client_id: public, PKCE S256, loopback redirect URIs match on any port)\n  and any client whose client_id is the https URL of its metadata document on localhost, with registration.access\n",
    );
    // On to the sign-in page: the document was fetched over https from loopback and accepted.
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/interaction\/[A-Za-z0-9_-]+$/);
    expect(documents.count("/cli-agent.json")).toBe(1);
  });

  it("refuses a certificate file it cannot read, naming it", async () => {
    const file = temporaryFile("mcp-auth.yaml", CONFIG);
    const run = await runDev([file, "--port", "0", "--metadata-documents-trust", "/nonexistent/ca.pem"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "error: option '--metadata-documents-trust <pem-file>' argument '/nonexistent/ca.pem' is invalid. cannot read /nonexistent/ca.pem (ENOENT); pass a PEM certificate file",
    );
  });
});
