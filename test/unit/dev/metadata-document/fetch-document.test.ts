import type { LookupFunction } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchMetadataDocument, MAX_DOCUMENT_BYTES, type DocumentTransport } from "../../../../src/dev/metadata-document/fetch-document.js";
import { startDocumentServer, type DocumentServer } from "../../../../examples/demo/document-host.js";
import { createLocalCertificateAuthority, type LocalCertificateAuthority } from "../../../../examples/demo/local-ca.js";

// Every fetch goes to an https server on 127.0.0.1 whose certificate comes from a CA made for this run.
let ca: LocalCertificateAuthority;
let server: DocumentServer;
let trusted: DocumentTransport;

/** A resolver that answers `address` for every name: plays a DNS server that points a public name anywhere. */
const resolvesTo =
  (address: string): LookupFunction =>
  (_hostname, options, callback) => {
    const family = address.includes(":") ? 6 : 4;
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };

beforeAll(async () => {
  ca = await createLocalCertificateAuthority();
  server = await startDocumentServer(ca, ["agents.example.com"]);
  trusted = { allowLoopback: true, trustedCertificates: [ca.certificatePem] };
  server.route("/ok.json", { json: { client_id: "x" }, headers: { "cache-control": "public, max-age=120" } });
  server.route("/plain.json", { json: { client_id: "x" } });
  server.route("/nostore.json", { json: {}, headers: { "cache-control": "no-store" } });
  server.route("/vendor.json", { json: {}, headers: { "content-type": "application/client-metadata+json" } });
  server.route("/redirect.json", (_req, res) => res.writeHead(302, { location: "/ok.json" }).end());
  server.route("/permanent.json", (_req, res) => res.writeHead(308, { location: "/ok.json" }).end());
  server.route("/missing.json", { json: { error: "gone" }, status: 404 });
  server.route("/html.json", (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html></html>"));
  server.route("/untyped.json", (_req, res) => res.end("{}"));
  server.route("/broken.json", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{ client_id: "));
  server.route("/large.json", { json: { client_id: "x", padding: "a".repeat(MAX_DOCUMENT_BYTES) } });
  server.route("/streamed.json", (_req, res) => {
    // No content-length: the cap applies to what arrives.
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.write(`{"padding":"`);
    for (let i = 0; i < 8; i++) res.write("a".repeat(1024));
    res.end(`"}`);
  });
  server.route("/slow.json", () => {
    // Never answers.
  });
});

afterAll(async () => {
  await server.close();
});

const at = (path: string, host = "localhost") => new URL(`https://${host}:${server.port}${path}`);

describe("fetchMetadataDocument", () => {
  it("returns the parsed document and its max-age", async () => {
    expect(await fetchMetadataDocument(at("/ok.json"), trusted)).toEqual({ json: { client_id: "x" }, maxAgeSeconds: 120 });
    expect(await fetchMetadataDocument(at("/plain.json"), trusted)).toEqual({ json: { client_id: "x" }, maxAgeSeconds: undefined });
    expect(await fetchMetadataDocument(at("/nostore.json"), trusted)).toEqual({ json: {}, maxAgeSeconds: 0 });
  });

  it("accepts a more specific application/...+json content type", async () => {
    expect((await fetchMetadataDocument(at("/vendor.json"), trusted)).json).toEqual({});
  });

  it.each([
    ["/redirect.json", "it answered 302 with a redirect, which is not followed: serve the document at the client_id URL itself"],
    ["/permanent.json", "it answered 308 with a redirect, which is not followed: serve the document at the client_id URL itself"],
    ["/missing.json", "it answered HTTP 404; expected 200"],
    ["/html.json", "it was served as text/html; expected application/json"],
    ["/untyped.json", "it was served as no content type; expected application/json"],
    ["/broken.json", "it is not valid JSON"],
    ["/large.json", `it is larger than ${MAX_DOCUMENT_BYTES} bytes, the most a metadata document may have here`],
    ["/streamed.json", `it is larger than ${MAX_DOCUMENT_BYTES} bytes, the most a metadata document may have here`],
  ])("refuses %s: %s", async (path, reason) => {
    await expect(fetchMetadataDocument(at(path), trusted)).rejects.toThrow(reason);
  });

  it("follows no redirect: only the first URL is requested", async () => {
    const before = server.count("/ok.json");
    await expect(fetchMetadataDocument(at("/redirect.json"), trusted)).rejects.toThrow("redirect");
    expect(server.count("/ok.json")).toBe(before);
  });

  it("gives up after the timeout", async () => {
    await expect(fetchMetadataDocument(at("/slow.json"), { ...trusted, timeoutMs: 300 })).rejects.toThrow("it did not answer within 0.3 seconds");
  });

  it("checks the certificate: a CA that was not passed in is not trusted", async () => {
    await expect(fetchMetadataDocument(at("/ok.json"), { allowLoopback: true, trustedCertificates: [] })).rejects.toThrow(
      "its TLS certificate was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); a certificate from a private CA must be passed in metadataDocuments.trustedCertificates",
    );
  });

  it("checks the certificate's names: the CA is trusted, but not for a name the certificate lacks", async () => {
    const other = { ...trusted, lookup: resolvesTo("127.0.0.1") };
    await expect(fetchMetadataDocument(at("/ok.json", "other.example.com"), other)).rejects.toThrow(
      "its TLS certificate was not accepted (ERR_TLS_CERT_ALTNAME_INVALID)",
    );
  });

  it("refuses loopback without allowLoopback, for an IP literal and for a name", async () => {
    const count = server.requests.length;
    const noLoopback = { allowLoopback: false, trustedCertificates: [ca.certificatePem] };
    const hint = " (to serve documents from this machine in tests, start the dev server with metadataDocuments.allowLoopback)";
    await expect(fetchMetadataDocument(at("/ok.json", "127.0.0.1"), noLoopback)).rejects.toThrow(
      `its host 127.0.0.1 is at 127.0.0.1, a loopback address; metadata documents are fetched from public addresses only${hint}`,
    );
    await expect(fetchMetadataDocument(at("/ok.json", "[::1]"), noLoopback)).rejects.toThrow(`its host [::1] is at ::1, a loopback address`);
    await expect(fetchMetadataDocument(at("/ok.json"), noLoopback)).rejects.toThrow(/^its host localhost is at (127\.0\.0\.1|::1), a loopback address/);
    expect(server.requests.length).toBe(count);
  });

  it("checks the address a public-looking name resolves to, not the name (DNS rebinding)", async () => {
    const count = server.requests.length;
    const rebound = { allowLoopback: false, trustedCertificates: [ca.certificatePem], lookup: resolvesTo("127.0.0.1") };
    await expect(fetchMetadataDocument(at("/ok.json", "agents.example.com"), rebound)).rejects.toThrow(
      "its host agents.example.com is at 127.0.0.1, a loopback address; metadata documents are fetched from public addresses only",
    );
    expect(server.requests.length).toBe(count);
    // The same name and server with loopback allowed: the refusal above was the address rule, nothing else.
    expect((await fetchMetadataDocument(at("/ok.json", "agents.example.com"), { ...rebound, allowLoopback: true })).json).toEqual({ client_id: "x" });
  });

  it.each([
    ["10.0.0.7", "a private address"],
    ["192.168.1.20", "a private address"],
    ["169.254.169.254", "a link-local address"],
    ["fd00::1", "a private address"],
    ["fe80::1", "a link-local address"],
  ])("never contacts %s (%s), even with allowLoopback", async (address, kind) => {
    const transport = { ...trusted, lookup: resolvesTo(address) };
    await expect(fetchMetadataDocument(at("/ok.json", "agents.example.com"), transport)).rejects.toThrow(
      `its host agents.example.com is at ${address}, ${kind}; metadata documents are fetched from public addresses only`,
    );
    await expect(fetchMetadataDocument(new URL(`https://${address.includes(":") ? `[${address}]` : address}/client.json`), trusted)).rejects.toThrow(`is at ${address}, ${kind}`);
  });
});
