/**
 * Fetching the issuer's documents with limits. Key sets and metadata documents are a few kilobytes; a
 * response far larger than that is a misconfigured or hostile endpoint, and reading it whole would let it
 * take the server's memory. Every limit fails closed: the keys count as unavailable (503), never as a pass.
 */

/** Largest key set accepted, in bytes: real ones (Auth0, Okta, Keycloak, Entra with x5c chains) stay under 32 KiB. */
export const MAX_JWKS_BYTES = 128 * 1024;
/** Most keys a key set may hold: IdPs publish a handful (current, next, previous, one per algorithm). */
export const MAX_JWKS_KEYS = 50;
/** Largest authorization server metadata document accepted, in bytes. */
export const MAX_METADATA_BYTES = 128 * 1024;

/** The issuer's key set breaks one of the limits above, or holds no key at all. */
export class UnusableKeySet extends Error {
  override readonly name = "UnusableKeySet";
}

/** A response body longer than allowed. */
export class ResponseTooLarge extends Error {
  override readonly name = "ResponseTooLarge";
}

/**
 * Reads a body as text, refusing it as soon as it is longer than `maxBytes` (by `Content-Length`, or
 * while streaming when that is absent or wrong), so an endless body costs at most `maxBytes` of memory.
 */
export async function readBoundedText(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLarge(`the ${what} is larger than ${maxBytes} bytes (Content-Length ${declared})`);
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLarge(`the ${what} is larger than ${maxBytes} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The `fetch` handed to jose's remote key set (its `customFetch` option): the same request, with the body
 * read under {@link MAX_JWKS_BYTES} and the key count checked against {@link MAX_JWKS_KEYS}. An empty key set
 * is refused too: an issuer that publishes no key cannot have signed any token, so it is an outage on the
 * issuer's side (503), not a fault of the token (401). Anything jose checks itself (status, JSON, shape) is
 * passed on untouched, so jose reports it as before.
 */
export async function fetchKeySetBounded(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status !== 200) {
    await response.body?.cancel();
    return new Response(null, { status: response.status });
  }
  const text = await readBoundedText(response, MAX_JWKS_BYTES, "key set");
  const keys = keysOf(text);
  if (keys !== undefined) {
    if (keys.length === 0) throw new UnusableKeySet("the issuer's key set holds no keys");
    if (keys.length > MAX_JWKS_KEYS) throw new UnusableKeySet(`the issuer's key set holds ${keys.length} keys, more than the ${MAX_JWKS_KEYS} allowed`);
  }
  return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
}

/** The `keys` array of a key set document, or `undefined` when the text is not one (jose reports that). */
function keysOf(text: string): unknown[] | undefined {
  try {
    const document: unknown = JSON.parse(text);
    const keys = typeof document === "object" && document !== null ? (document as { keys?: unknown }).keys : undefined;
    return Array.isArray(keys) ? keys : undefined;
  } catch {
    return undefined;
  }
}
