import { lookup as systemLookup } from "node:dns";
import { request, type RequestOptions } from "node:https";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { addressRefusal } from "./public-address.js";

/** The largest document accepted: the draft's suggested limit (5 KiB), enough for any real client's metadata. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;

/** How long a fetch may take in all (connect, TLS, response): an authorization request waits for it. */
export const FETCH_TIMEOUT_MS = 5_000;

/** How the dev server reaches metadata document hosts. */
export interface DocumentTransport {
  /** Fetch from loopback addresses too (tests and the demo); never any other non-public address. */
  readonly allowLoopback: boolean;
  /** PEM certificates trusted in addition to the system's roots, e.g. a CA made for a test run. */
  readonly trustedCertificates: readonly string[];
  /** Milliseconds; {@link FETCH_TIMEOUT_MS} unless a test shortens it. */
  readonly timeoutMs?: number | undefined;
  /** Name resolution; the system resolver unless a test supplies one (to play a rebinding DNS server). */
  readonly lookup?: LookupFunction | undefined;
}

/** A document as fetched: its parsed JSON and how long it may be cached (from Cache-Control `max-age`). */
export interface FetchedDocument {
  readonly json: unknown;
  readonly maxAgeSeconds: number | undefined;
}

/** A fetch that did not yield a usable document; the message says why, for the error page. */
export class MetadataDocumentRefusal extends Error {
  override readonly name = "MetadataDocumentRefusal";
}

/**
 * GETs a client ID metadata document under the draft's rules: https only (Node's `https` module, which has
 * no plain-http fallback), certificate checked against the system roots plus `trustedCertificates`, no
 * redirect followed, 200 only, a JSON content type, at most {@link MAX_DOCUMENT_BYTES}, within the timeout,
 * and only from a public address: an IP-literal host and every address a name resolves to are checked before
 * connecting, and the address of the connected socket once more before the request is sent, so a name that
 * resolves to a private address (or re-resolves to one: DNS rebinding) is never contacted.
 *
 * @throws MetadataDocumentRefusal with the reason.
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ (Client Information
 *   Discovery; Security Considerations: SSRF, maximum response size)
 */
export function fetchMetadataDocument(url: URL, transport: DocumentTransport): Promise<FetchedDocument> {
  const timeoutMs = transport.timeoutMs ?? FETCH_TIMEOUT_MS;
  // An IP-literal host is not resolved, so it is checked here, before anything is opened.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  const literalRefusal = isIP(literal) === 0 ? undefined : peerRefusal(url, literal, transport);
  if (literalRefusal !== undefined) return Promise.reject(new MetadataDocumentRefusal(literalRefusal));
  return new Promise((resolve, reject) => {
    let settled = false;
    // Aborts the request wherever it is, even from the lookup below, which may run before request() returns.
    const abort = new AbortController();
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      abort.abort();
      reject(new MetadataDocumentRefusal(reason));
    };
    const timer = setTimeout(() => fail(`it did not answer within ${timeoutMs / 1000} seconds`), timeoutMs);
    const refuseAddress = (address: string): boolean => {
      const refusal = peerRefusal(url, address, transport);
      if (refusal !== undefined) fail(refusal);
      return refusal !== undefined;
    };
    // Every address a name resolves to is checked before connecting: nothing private is ever contacted.
    const checkedLookup: LookupFunction = (hostname, options, callback) => {
      (transport.lookup ?? systemLookup)(hostname, options, (error, address, family) => {
        const addresses = typeof address === "string" ? [address] : (address ?? []).map((entry) => entry.address);
        if (!error && addresses.some(refuseAddress)) return callback(new Error("refused address"), address, family);
        callback(error, address, family);
      });
    };
    // `secureContext` reaches tls.connect, which takes it, though https.RequestOptions does not list it.
    const options: RequestOptions & { secureContext: SecureContext } = {
      method: "GET",
      headers: { accept: "application/json" },
      secureContext: secureContextFor(transport),
      // No connection reuse: each socket is checked once, when it connects.
      agent: false,
      lookup: checkedLookup,
      signal: abort.signal,
    };
    const req = request(url, options);
    // And the address actually connected to is checked again, before the TLS handshake completes and so before
    // the request is sent: whatever resolution Node used, a non-public peer never receives the request.
    req.on("socket", (socket: Socket) => {
      const checkPeer = () => refuseAddress(socket.remoteAddress ?? "");
      if (socket.connecting) socket.once("connect", checkPeer);
      else checkPeer();
    });
    req.on("error", (error: NodeJS.ErrnoException) => fail(transportProblem(error)));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        return fail(`it answered ${status} with a redirect, which is not followed: serve the document at the client_id URL itself`);
      }
      if (status !== 200) return fail(`it answered HTTP ${status}; expected 200`);
      const contentType = (res.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (contentType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(contentType)) {
        return fail(`it was served as ${contentType || "no content type"}; expected application/json`);
      }
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > MAX_DOCUMENT_BYTES) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) return fail(tooLarge());
        chunks.push(chunk);
      });
      res.on("error", (error) => fail(transportProblem(error)));
      res.on("end", () => {
        if (settled) return;
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks, size).toString("utf8"));
        } catch {
          return fail("it is not valid JSON");
        }
        settled = true;
        clearTimeout(timer);
        resolve({ json, maxAgeSeconds: maxAge(res.headers["cache-control"]) });
      });
    });
    req.end();
  });
}

/**
 * The TLS context of a transport: the system's roots plus its trusted certificates. Built once per transport,
 * since parsing some 150 root certificates for every fetch would cost more than the fetch.
 */
const secureContexts = new WeakMap<DocumentTransport, SecureContext>();
function secureContextFor(transport: DocumentTransport): SecureContext {
  let context = secureContexts.get(transport);
  if (context === undefined) {
    context = createSecureContext({ ca: [...rootCertificates, ...transport.trustedCertificates] });
    secureContexts.set(transport, context);
  }
  return context;
}

function tooLarge(): string {
  return `it is larger than ${MAX_DOCUMENT_BYTES} bytes, the most a metadata document may have here`;
}

function peerRefusal(url: URL, address: string, transport: DocumentTransport): string | undefined {
  const refusal = addressRefusal(address, transport.allowLoopback);
  if (refusal === undefined) return undefined;
  const hint = refusal === "a loopback address" ? " (to serve documents from this machine in tests, start the dev server with metadataDocuments.allowLoopback)" : "";
  return `its host ${url.hostname} is at ${address}, ${refusal}; metadata documents are fetched from public addresses only${hint}`;
}

function transportProblem(error: NodeJS.ErrnoException): string {
  const code = error.code ?? "";
  if (code.startsWith("ERR_TLS_") || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/.test(code)) {
    return `its TLS certificate was not accepted (${code}); a certificate from a private CA must be passed in metadataDocuments.trustedCertificates`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "its host name could not be resolved";
  return `it could not be fetched (${code || error.message})`;
}

/** `max-age` in seconds, `0` for `no-store`/`no-cache`, `undefined` when the response says nothing. */
function maxAge(cacheControl: string | undefined): number | undefined {
  if (cacheControl === undefined) return undefined;
  if (/(?:^|,)\s*no-(?:store|cache)\b/i.test(cacheControl)) return 0;
  const seconds = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl)?.[1];
  return seconds === undefined ? undefined : Number(seconds);
}
