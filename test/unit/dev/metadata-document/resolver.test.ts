import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_CACHE_SECONDS,
  metadataDocumentResolver,
  MIN_CACHE_SECONDS,
  REFUSAL_CACHE_SECONDS,
} from "../../../../src/dev/metadata-document/resolver.js";
import type { DocumentTransport } from "../../../../src/dev/metadata-document/fetch-document.js";
import { startDocumentServer, type DocumentServer } from "../../../../examples/demo/document-host.js";
import { createLocalCertificateAuthority } from "../../../../examples/demo/local-ca.js";

let server: DocumentServer;
let transport: DocumentTransport;

beforeAll(async () => {
  const ca = await createLocalCertificateAuthority();
  server = await startDocumentServer(ca);
  transport = { allowLoopback: true, trustedCertificates: [ca.certificatePem] };
});

afterAll(async () => {
  await server.close();
});

let documents = 0;
/** A fresh path serving a valid document, with the given response headers. */
function publish(headers: Record<string, string> = {}, fields: Record<string, unknown> = {}): { url: string; path: string } {
  const path = `/agent-${++documents}.json`;
  const url = `${server.origin}${path}`;
  server.route(path, { json: { client_id: url, client_name: "Agent", redirect_uris: ["http://127.0.0.1/callback"], ...fields }, headers });
  return { url, path };
}

/** A resolver with a clock the test moves. */
function resolverAt(allowedHosts: readonly string[] | undefined = undefined) {
  const clock = { now: 1_000_000 };
  return { clock, resolver: metadataDocumentResolver({ allowedHosts, transport, now: () => clock.now }) };
}

describe("metadataDocumentResolver", () => {
  it("resolves a document to a public, native, code-only client", async () => {
    const { url } = publish();
    expect(await resolverAt().resolver.resolve(url)).toEqual({
      client_id: url,
      client_name: "Agent",
      redirect_uris: ["http://127.0.0.1/callback"],
      application_type: "native",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    });
  });

  it("fetches nothing for a URL the rules refuse", async () => {
    const { url, path } = publish();
    const { resolver } = resolverAt();
    await expect(resolver.resolve(url.replace("https:", "http:"))).rejects.toThrow(
      `client_id ${url.replace("https:", "http:")} is not a client ID metadata document URL: it must use https`,
    );
    await expect(resolver.resolve(`${url}#x`)).rejects.toThrow(`client_id ${url}#x is not a client ID metadata document URL: it must not contain a fragment (#)`);
    expect(server.count(path)).toBe(0);
  });

  it("fetches nothing from a host that is not allowed", async () => {
    const { url, path } = publish();
    await expect(resolverAt(["agents.example.com", "*.tools.example.org"]).resolver.resolve(url)).rejects.toThrow(
      `client_id ${url} is not accepted: localhost is not in registration.clientIdMetadataDocuments.allowedHosts (allowed: agents.example.com, *.tools.example.org)`,
    );
    await expect(resolverAt([]).resolver.resolve(url)).rejects.toThrow(
      `client_id ${url} is not accepted: localhost is not in registration.clientIdMetadataDocuments.allowedHosts (the list is empty, so no host is)`,
    );
    const trailingDot = url.replace("//localhost:", "//localhost.:");
    await expect(resolverAt(["localhost"]).resolver.resolve(trailingDot)).rejects.toThrow(
      `client_id ${trailingDot} is not accepted: localhost. is not in registration.clientIdMetadataDocuments.allowedHosts (allowed: localhost)`,
    );
    expect(server.count(path)).toBe(0);
    expect((await resolverAt(["localhost"]).resolver.resolve(url)).client_id).toBe(url);
    // The host passes in any case (the URL parser lower-cases it), but client_id is compared as a plain string.
    const upper = url.replace("localhost", "LocalHost");
    await expect(resolverAt(["localhost"]).resolver.resolve(upper)).rejects.toThrow(
      `the client ID metadata document at ${upper} was refused: it names client_id ${url}; a document must name exactly the URL it is served at`,
    );
  });

  it("names the document's problem after its URL", async () => {
    const { url } = publish({}, { client_id: "https://other.example.com/agent.json" });
    await expect(resolverAt().resolver.resolve(url)).rejects.toThrow(
      `the client ID metadata document at ${url} was refused: it names client_id https://other.example.com/agent.json; a document must name exactly the URL it is served at`,
    );
  });

  it("fetches once for concurrent lookups and for lookups within the cache time", async () => {
    const { url, path } = publish();
    const { clock, resolver } = resolverAt();
    await Promise.all([resolver.resolve(url), resolver.resolve(url), resolver.resolve(url)]);
    clock.now += (MIN_CACHE_SECONDS - 1) * 1000;
    await resolver.resolve(url);
    expect(server.count(path)).toBe(1);
  });

  it("honours max-age within bounds: below the minimum counts as the minimum, above the maximum as the maximum", async () => {
    const short = publish({ "cache-control": "max-age=5" });
    const long = publish({ "cache-control": "max-age=86400" });
    const { clock, resolver } = resolverAt();
    await resolver.resolve(short.url);
    await resolver.resolve(long.url);
    clock.now += (MIN_CACHE_SECONDS - 1) * 1000;
    await resolver.resolve(short.url);
    expect(server.count(short.path)).toBe(1);
    clock.now += 2000;
    await resolver.resolve(short.url);
    expect(server.count(short.path)).toBe(2);
    clock.now += (MAX_CACHE_SECONDS - MIN_CACHE_SECONDS) * 1000;
    await resolver.resolve(long.url);
    expect(server.count(long.path)).toBe(2);
  });

  it("remembers a refusal briefly, then asks again", async () => {
    const { url, path } = publish({}, { redirect_uris: [] });
    const { clock, resolver } = resolverAt();
    const refusal = `the client ID metadata document at ${url} was refused: its redirect_uris must list at least one redirect URI`;
    await expect(resolver.resolve(url)).rejects.toThrow(refusal);
    await expect(resolver.resolve(url)).rejects.toThrow(refusal);
    expect(server.count(path)).toBe(1);
    clock.now += REFUSAL_CACHE_SECONDS * 1000;
    await expect(resolver.resolve(url)).rejects.toThrow(refusal);
    expect(server.count(path)).toBe(2);
  });
});
