import type { ClientMetadata } from "oidc-provider";
import { isAllowedMetadataDocumentHost } from "../../schema/metadata-document-host.js";
import { clientIdUrlRefusal } from "./client-id-url.js";
import { clientFromDocument } from "./document-rules.js";
import { fetchMetadataDocument, MetadataDocumentRefusal, type DocumentTransport } from "./fetch-document.js";

/** A document without caching headers is kept this long; an authorization takes far less. */
export const DEFAULT_CACHE_SECONDS = 300;
/** Cache-Control is honoured within these bounds: long enough for one sign-in, short enough to pick up edits. */
export const MIN_CACHE_SECONDS = 60;
export const MAX_CACHE_SECONDS = 600;
/** A refused fetch is remembered briefly, so one request's retries and error page do not fetch again. */
export const REFUSAL_CACHE_SECONDS = 10;
/** Documents kept at most; the oldest is dropped first. */
export const MAX_CACHED_DOCUMENTS = 100;

/** What decides whether and how a `client_id` URL is resolved. */
export interface MetadataDocumentPolicy {
  /** From `registration.clientIdMetadataDocuments`: `undefined` = any host, `[]` = none. */
  readonly allowedHosts: readonly string[] | undefined;
  readonly transport: DocumentTransport;
  /** Epoch milliseconds; `Date.now` unless a test moves time. */
  readonly now?: (() => number) | undefined;
}

/** Resolves `client_id` URLs to client metadata. */
export interface MetadataDocumentResolver {
  /**
   * The metadata of the client a `client_id` URL identifies, fetched or from the cache.
   * @throws MetadataDocumentRefusal saying why the URL, the fetch or the document was refused.
   */
  resolve(clientId: string): Promise<ClientMetadata>;
}

type CacheEntry = { readonly metadata: ClientMetadata; readonly until: number } | { readonly refusal: string; readonly until: number };

/**
 * The dev server's client ID metadata document support: URL and host rules first (nothing is fetched for a
 * refused URL), then the fetch (fetch-document.ts) and the document rules (document-rules.ts), with a small,
 * bounded cache so the several lookups of one authorization (authorization request, sign-in, token request)
 * fetch once. Concurrent lookups of one URL share one fetch.
 *
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ (Metadata Caching)
 */
export function metadataDocumentResolver(policy: MetadataDocumentPolicy): MetadataDocumentResolver {
  const now = policy.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const pending = new Map<string, Promise<CacheEntry>>();

  const remember = (clientId: string, entry: CacheEntry): CacheEntry => {
    cache.delete(clientId);
    cache.set(clientId, entry);
    while (cache.size > MAX_CACHED_DOCUMENTS) cache.delete(cache.keys().next().value as string);
    return entry;
  };

  const load = async (clientId: string): Promise<CacheEntry> => {
    try {
      const fetched = await fetchMetadataDocument(new URL(clientId), policy.transport);
      const client = clientFromDocument(clientId, fetched.json);
      if ("refusal" in client) return remember(clientId, { refusal: client.refusal, until: now() + REFUSAL_CACHE_SECONDS * 1000 });
      const seconds = Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, fetched.maxAgeSeconds ?? DEFAULT_CACHE_SECONDS));
      return remember(clientId, { metadata: client.metadata, until: now() + seconds * 1000 });
    } catch (error) {
      if (!(error instanceof MetadataDocumentRefusal)) throw error;
      return remember(clientId, { refusal: error.message, until: now() + REFUSAL_CACHE_SECONDS * 1000 });
    }
  };

  return {
    async resolve(clientId) {
      const urlRefusal = clientIdUrlRefusal(clientId);
      if (urlRefusal !== undefined) throw new MetadataDocumentRefusal(`client_id ${clientId} is not a client ID metadata document URL: ${urlRefusal}`);
      // The WHATWG hostname: lower case, internationalized names in their xn-- form, as the list holds them.
      const host = new URL(clientId).hostname;
      if (policy.allowedHosts !== undefined && !isAllowedMetadataDocumentHost(host, policy.allowedHosts)) throw new MetadataDocumentRefusal(hostRefusal(clientId, host, policy.allowedHosts ?? []));
      let entry = cache.get(clientId);
      if (entry === undefined || entry.until <= now()) {
        let loading = pending.get(clientId);
        if (loading === undefined) {
          loading = load(clientId).finally(() => pending.delete(clientId));
          pending.set(clientId, loading);
        }
        entry = await loading;
      }
      if ("refusal" in entry) throw new MetadataDocumentRefusal(`the client ID metadata document at ${clientId} was refused: ${entry.refusal}`);
      return structuredClone(entry.metadata);
    },
  };
}

function hostRefusal(clientId: string, host: string, allowedHosts: readonly string[]): string {
  const allowed = allowedHosts.length === 0 ? "the list is empty, so no host is" : `allowed: ${allowedHosts.join(", ")}`;
  return `client_id ${clientId} is not accepted: ${host} is not in registration.clientIdMetadataDocuments.allowedHosts (${allowed})`;
}
