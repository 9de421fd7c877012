import { MAX_METADATA_BYTES, readBoundedText } from "./bounded-fetch.js";

/**
 * Finds the issuer's `jwks_uri` from its published metadata. The candidate URLs follow the order MCP
 * clients use: RFC 8414 first, then OpenID Connect Discovery, path-inserted before path-appended.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */

/** Where the issuer's metadata may be, in the order they are tried. */
export function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  // RFC 8414 §3.1: a terminating "/" of the issuer's path is removed before the well-known part is inserted.
  const path = url.pathname.replace(/\/+$/, "");
  const origin = url.origin;
  if (path === "") return [`${origin}/.well-known/oauth-authorization-server`, `${origin}/.well-known/openid-configuration`];
  return [
    `${origin}/.well-known/oauth-authorization-server${path}`,
    `${origin}/.well-known/openid-configuration${path}`,
    `${origin}${path}/.well-known/openid-configuration`,
  ];
}

/** Why no candidate gave a usable document, one line per URL. */
export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
}

/**
 * Fetches the candidates in order and returns the first document whose `issuer` equals the configured
 * issuer exactly (RFC 8414 §3.3: otherwise the metadata MUST NOT be used) and whose `jwks_uri` is an
 * absolute URL, https unless the issuer itself is http (a local development server).
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const problems: string[] = [];
  for (const candidate of authorizationServerMetadataUrls(issuer)) {
    const outcome = await readCandidate(candidate, issuer, timeoutMs);
    if (outcome instanceof URL) return outcome;
    problems.push(`${candidate}: ${outcome}`);
  }
  throw new DiscoveryError(`no usable authorization server metadata for issuer ${issuer} (${problems.join("; ")})`);
}

/** The `jwks_uri` of one candidate document, or why it cannot be used. */
async function readCandidate(candidate: string, issuer: string, timeoutMs: number): Promise<URL | string> {
  let document: unknown;
  try {
    const response = await fetch(candidate, { headers: { accept: "application/json" }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) {
      await response.body?.cancel();
      return `HTTP ${response.status}`;
    }
    document = JSON.parse(await readBoundedText(response, MAX_METADATA_BYTES, "metadata document"));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (typeof document !== "object" || document === null) return "not a JSON object";
  const metadata = document as { issuer?: unknown; jwks_uri?: unknown };
  if (metadata.issuer !== issuer) return `issuer ${JSON.stringify(metadata.issuer)} is not exactly ${JSON.stringify(issuer)}`;
  if (typeof metadata.jwks_uri !== "string" || !URL.canParse(metadata.jwks_uri)) return "no absolute jwks_uri";
  const jwksUri = new URL(metadata.jwks_uri);
  const allowedProtocols = new URL(issuer).protocol === "http:" ? ["http:", "https:"] : ["https:"];
  if (!allowedProtocols.includes(jwksUri.protocol)) return `jwks_uri must use ${allowedProtocols.join(" or ")}`;
  return jwksUri;
}
