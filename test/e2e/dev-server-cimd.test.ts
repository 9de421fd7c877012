import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../src/dev/index.js";
import { MAX_DOCUMENT_BYTES } from "../../src/dev/metadata-document/fetch-document.js";
import type { McpAuthConfig } from "../../src/schema/index.js";
import { ALICE, GITHUB, HeadlessBrowser, JIRA, authorizationUrl, authorizeHeadlessly, devConfig, firstResponse, pkcePair, tokenRequest, type Visit } from "../support/dev-oauth.js";
import { startDocumentServer, type DocumentServer } from "../../examples/demo/document-host.js";
import { createLocalCertificateAuthority, type LocalCertificateAuthority } from "../../examples/demo/local-ca.js";

// registration.clientIdMetadataDocuments: a client_id that is an https URL names a document the dev server
// fetches (from a loopback https server with a CA made for this run, trusted explicitly) under the rules of
// draft-ietf-oauth-client-id-metadata-document; such a client is public, PKCE-only, asked for consent, and
// gets only registration.access.
const REDIRECT = "http://127.0.0.1:4567/callback";
const cimdConfig = (clientIdMetadataDocuments: NonNullable<McpAuthConfig["registration"]>["clientIdMetadataDocuments"] = true): McpAuthConfig => ({
  ...devConfig(),
  registration: { clientIdMetadataDocuments, access: { github: ["github:read"] } },
});

let ca: LocalCertificateAuthority;
let documents: DocumentServer;
const servers: DevAuthorizationServer[] = [];
let dev: DevAuthorizationServer;

async function start(config: McpAuthConfig, allowLoopback = true): Promise<DevAuthorizationServer> {
  const server = await startDevAuthorizationServer({ config, users: [ALICE], metadataDocuments: { allowLoopback, trustedCertificates: [ca.certificatePem] } });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  ca = await createLocalCertificateAuthority();
  documents = await startDocumentServer(ca);
  dev = await start(cimdConfig());
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await documents.close();
});

let published = 0;
/** Serves a document at a fresh path; `fields` override the valid defaults. Returns its URL and path. */
function publish(fields: Record<string, unknown> = {}): { url: string; path: string } {
  const path = `/agents/${++published}.json`;
  const url = `${documents.origin}${path}`;
  documents.route(path, { json: { client_id: url, client_name: "Travelling agent", redirect_uris: ["http://127.0.0.1/callback"], ...fields } });
  return { url, path };
}

function request(issuer: string, clientId: string, overrides: Record<string, string | undefined> = {}) {
  const pkce = pkcePair();
  const params = { response_type: "code", client_id: clientId, redirect_uri: REDIRECT, code_challenge: pkce.challenge, code_challenge_method: "S256", scope: "github:read", resource: GITHUB, state: "s", ...overrides };
  return { url: authorizationUrl(issuer, params), verifier: pkce.verifier };
}

/** The error page's code and description, as a person reads them; `location` shows it was not a redirect. */
function errorPage(visit: Visit): { status: number; location: string | undefined; error: string | undefined; description: string | undefined } {
  const unescape = (text: string | undefined) => text?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  return {
    status: visit.status,
    location: visit.location,
    error: unescape(/<code id="error">([^<]*)<\/code>/.exec(visit.text)?.[1]),
    description: unescape(/<p id="error_description">([^<]*)<\/p>/.exec(visit.text)?.[1]),
  };
}

describe("client ID metadata documents", () => {
  it("are advertised in discovery when on, and only then", async () => {
    const metadata = async (issuer: string) => (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect((await metadata(dev.issuer))["client_id_metadata_document_supported"]).toBe(true);
    const off = await startDevAuthorizationServer({ config: devConfig(), users: [ALICE] });
    servers.push(off);
    expect(Object.keys(await metadata(off.issuer))).not.toContain("client_id_metadata_document_supported");
  });

  it("give the client exactly registration.access, with the user's consent, in a token bound to one resource and no refresh token", async () => {
    const { url: clientId, path } = publish({ grant_types: ["authorization_code", "refresh_token"] });
    // offline_access is asked for, yet no refresh token comes: such clients hold none (as with dynamic registration).
    const { url, verifier } = request(dev.issuer, clientId, { scope: "github:read offline_access" });
    const outcome = await authorizeHeadlessly(new HeadlessBrowser(), url, ALICE, "http://127.0.0.1:4567/");
    expect(outcome.pages).toEqual(["login", "consent"]);
    const consent = outcome.html[1] ?? "";
    expect([...consent.matchAll(/<li data-scope="([^"]+)">/g)].map((match) => match[1])).toEqual(["github:read"]);
    expect(consent).toContain(`Travelling agent (<code>${clientId}</code>)`);
    expect(consent).toContain(
      `This client is not declared in the config: it is identified by a metadata document published at localhost:${documents.port}, and its name is that document's own claim.`,
    );
    if (outcome.kind !== "redirect") throw new Error("no redirect");
    const response = await tokenRequest(dev.issuer, {
      grant_type: "authorization_code",
      code: outcome.url.searchParams.get("code") ?? "",
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
      resource: GITHUB,
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(decodeJwt(response.body.access_token)).toMatchObject({ aud: GITHUB, scope: "github:read", client_id: clientId, iss: dev.issuer, sub: ALICE.username });
    // Authorization, sign-in, consent and token exchange: one fetch.
    expect(documents.count(path)).toBe(1);
  });

  it("ask for consent once per grant: a second authorization in the same session adds nothing to ask", async () => {
    const { url: clientId } = publish();
    const browser = new HeadlessBrowser();
    expect((await authorizeHeadlessly(browser, request(dev.issuer, clientId).url, ALICE, "http://127.0.0.1:4567/")).pages).toEqual(["login", "consent"]);
    expect((await authorizeHeadlessly(browser, request(dev.issuer, clientId).url, ALICE, "http://127.0.0.1:4567/")).pages).toEqual([]);
  });

  it("refuse a resource outside registration.access, back to the client", async () => {
    const { url: clientId } = publish();
    const visit = await firstResponse(request(dev.issuer, clientId, { resource: JIRA, scope: "jira:read" }).url);
    expect(Object.fromEntries(new URL(visit.location as string).searchParams)).toEqual({
      error: "invalid_target",
      error_description: `client ${clientId} is not granted ${JIRA}`,
      state: "s",
      iss: dev.issuer,
    });
  });

  it("refuse a redirect URI the document does not list, on a page", async () => {
    const { url: clientId } = publish();
    expect(errorPage(await firstResponse(request(dev.issuer, clientId, { redirect_uri: "http://127.0.0.1:4567/elsewhere" }).url))).toEqual({
      status: 400,
      location: undefined,
      error: "invalid_redirect_uri",
      description: "redirect_uri did not match any of the client's registered redirect_uris",
    });
  });

  it("require PKCE like every other client", async () => {
    const { url: clientId } = publish();
    const { url } = request(dev.issuer, clientId);
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    const visit = await firstResponse(url);
    expect(new URL(visit.location as string).searchParams.get("error")).toBe("invalid_request");
  });

  it("are never fetched when the setting is off", async () => {
    const off = await startDevAuthorizationServer({ config: devConfig(), users: [ALICE] });
    servers.push(off);
    const { url: clientId, path } = publish();
    expect(errorPage(await firstResponse(request(off.issuer, clientId).url))).toEqual({
      status: 400,
      location: undefined,
      error: "invalid_client",
      description: "client is invalid",
    });
    expect(documents.count(path)).toBe(0);
  });
});

describe("a refused document gets an error page, never a redirect", () => {
  const refusedPage = (description: string) => ({ status: 400, location: undefined, error: "invalid_client", description });
  const refusedDocument = (url: string, reason: string) => refusedPage(`the client ID metadata document at ${url} was refused: ${reason}`);

  it("from a host that is not allowed, without fetching it", async () => {
    const listed = await start(cimdConfig({ allowedHosts: ["agents.example.com", "*.tools.example.org"] }));
    const { url, path } = publish();
    expect(errorPage(await firstResponse(request(listed.issuer, url).url))).toEqual(
      refusedPage(`client_id ${url} is not accepted: localhost is not in registration.clientIdMetadataDocuments.allowedHosts (allowed: *.tools.example.org, agents.example.com)`),
    );
    expect(documents.count(path)).toBe(0);
  });

  it("at an http URL", async () => {
    const url = `http://localhost:${documents.port}/agents/plain.json`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedPage(`client_id ${url} is not a client ID metadata document URL: it must use https`),
    );
  });

  it("at a URL without a path, or with a fragment", async () => {
    expect(errorPage(await firstResponse(request(dev.issuer, documents.origin).url))).toEqual(
      refusedPage(`client_id ${documents.origin} is not a client ID metadata document URL: it must have a path, e.g. https://client.example.com/client.json`),
    );
  });

  it("behind a redirect, which is not followed", async () => {
    const { url: target, path: targetPath } = publish();
    const path = "/agents/moved.json";
    documents.route(path, (_req, res) => res.writeHead(301, { location: target }).end());
    const url = `${documents.origin}${path}`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, "it answered 301 with a redirect, which is not followed: serve the document at the client_id URL itself"),
    );
    expect(documents.count(targetPath)).toBe(0);
  });

  it("that does not answer within 5 seconds", async () => {
    const path = "/agents/slow.json";
    documents.route(path, () => {});
    const url = `${documents.origin}${path}`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(refusedDocument(url, "it did not answer within 5 seconds"));
    // The error page's second lookup used the remembered refusal.
    expect(documents.count(path)).toBe(1);
  }, 20_000);

  it("larger than 5 KiB", async () => {
    const { url } = publish({ client_uri: `https://agent.example.com/${"a".repeat(MAX_DOCUMENT_BYTES)}` });
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, "it is larger than 5120 bytes, the most a metadata document may have here"),
    );
  });

  it("whose client_id is not its URL", async () => {
    const { url } = publish({ client_id: "https://agent.example.com/client.json" });
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, "it names client_id https://agent.example.com/client.json; a document must name exactly the URL it is served at"),
    );
  });

  it("with a redirect URI declared clients could not have", async () => {
    const { url } = publish({ redirect_uris: ["http://agent.example.com/callback"] });
    expect(errorPage(await firstResponse(request(dev.issuer, url, { redirect_uri: "http://agent.example.com/callback" }).url))).toEqual(
      refusedDocument(
        url,
        "its redirect URI http://agent.example.com/callback uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https",
      ),
    );
  });

  it("with a secret or another authentication method", async () => {
    const { url } = publish({ token_endpoint_auth_method: "client_secret_post" });
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, "its token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret"),
    );
  });

  it("with a grant type outside the authorization code flow", async () => {
    const { url } = publish({ grant_types: ["authorization_code", "client_credentials"] });
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, "its grant_types must be authorization_code, optionally with refresh_token"),
    );
  });

  it("on a loopback address, unless the dev-only option allows it", async () => {
    const strict = await start(cimdConfig(), false);
    const { url, path } = publish();
    expect(errorPage(await firstResponse(request(strict.issuer, url).url))).toMatchObject({ status: 400, location: undefined, error: "invalid_client" });
    expect(errorPage(await firstResponse(request(strict.issuer, url).url)).description).toMatch(
      new RegExp(
        `^the client ID metadata document at ${url.replace(/[.?]/g, "\\$&")} was refused: its host localhost is at (127\\.0\\.0\\.1|::1), a loopback address; metadata documents are fetched from public addresses only \\(to serve documents from this machine in tests, start the dev server with metadataDocuments\\.allowLoopback\\)$`,
      ),
    );
    expect(documents.count(path)).toBe(0);
  });

  it.each([
    ["10.0.0.7", "a private address"],
    ["169.254.169.254", "a link-local address"],
    ["[fd00::1]", "a private address"],
  ])("at %s (%s), even with loopback allowed, without any connection", async (host, kind) => {
    const url = `https://${host}/agent.json`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(
      refusedDocument(url, `its host ${host} is at ${host.replace(/^\[|\]$/g, "")}, ${kind}; metadata documents are fetched from public addresses only`),
    );
  });

  it("served with another content type", async () => {
    const path = "/agents/page.json";
    documents.route(path, (_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<h1>Agent</h1>"));
    const url = `${documents.origin}${path}`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(refusedDocument(url, "it was served as text/html; expected application/json"));
  });

  it("that is not JSON", async () => {
    const path = "/agents/broken.json";
    documents.route(path, (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{ client_id"));
    const url = `${documents.origin}${path}`;
    expect(errorPage(await firstResponse(request(dev.issuer, url).url))).toEqual(refusedDocument(url, "it is not valid JSON"));
  });

  it("at the token endpoint too, as invalid_client", async () => {
    const { url } = publish({ client_id: "https://agent.example.com/client.json" });
    const response = await tokenRequest(dev.issuer, { grant_type: "authorization_code", code: "x", code_verifier: "y".repeat(43), redirect_uri: REDIRECT, client_id: url, resource: GITHUB });
    expect(response).toEqual({
      status: 400,
      body: {
        error: "invalid_client",
        error_description: `the client ID metadata document at ${url} was refused: it names client_id https://agent.example.com/client.json; a document must name exactly the URL it is served at`,
      },
    });
  });
});
