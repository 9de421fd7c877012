/**
 * What an MCP client learns before it ever holds a token: the 401 challenge, the protected resource
 * metadata it points to (or the well-known fallbacks), and each authorization server's metadata. The
 * checks read these facts; only URLs the server (or its metadata chain) names are fetched.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery
 */
import { HttpFailure, type AuditHttp, type HttpAnswer } from "./http-client.js";
import { keyHintFrom, type KeyHint } from "./forge.js";
import { sendInitialize } from "./mcp-request.js";
import { authorizationServerMetadataCandidates, protectedResourceMetadataCandidates } from "./well-known.js";
import { bearerChallenge, type Challenge } from "./www-authenticate.js";

/** The RFC 9728 document and how it was found, or every reason it was not. */
export interface ResourceMetadataOutcome {
  /** `challenge`: from the 401's resource_metadata; `well-known`: from the fallback URLs. */
  readonly source: "challenge" | "well-known";
  readonly url?: string | undefined;
  readonly answer?: HttpAnswer | undefined;
  readonly document?: Record<string, unknown> | undefined;
  /** One line per URL that gave nothing usable. */
  readonly problems: readonly string[];
}

/** One authorization server named by the resource metadata, and its metadata when found. */
export interface AuthorizationServerOutcome {
  readonly issuer: string;
  readonly url?: string | undefined;
  readonly metadata?: Record<string, unknown> | undefined;
  readonly problems: readonly string[];
}

export interface Discovery {
  readonly unauthenticated: HttpAnswer;
  readonly challenge: Challenge | undefined;
  readonly resourceMetadata: ResourceMetadataOutcome;
  /** Why the document cannot be used (RFC 9728 §3.3), if it cannot; then no authorization server is contacted. */
  readonly resourceMetadataProblem: string | undefined;
  readonly authorizationServers: readonly AuthorizationServerOutcome[];
  /** A kid and algorithm the first authorization server publishes, for the forged-signature check. */
  readonly keyHint: KeyHint | undefined;
}

/** More than this many authorization servers are not contacted: the audit's reach stays bounded. */
const MAX_AUTHORIZATION_SERVERS = 5;

/** Runs discovery; an `HttpFailure` on the very first request means the server is unreachable. */
export async function discover(http: AuditHttp, serverUrl: string): Promise<Discovery> {
  const unauthenticated = await sendInitialize(http, serverUrl, { kind: "none" });
  const challenge = unauthenticated.status === 401 ? bearerChallenge(unauthenticated.headers) : undefined;
  const resourceMetadata = await findResourceMetadata(http, serverUrl, challenge?.params["resource_metadata"]);
  const resourceMetadataProblem = resourceMetadata.document === undefined ? "no protected resource metadata" : usabilityProblem(resourceMetadata.document, serverUrl);
  const issuers = resourceMetadataProblem === undefined ? authorizationServerNames(resourceMetadata.document) : [];
  const authorizationServers: AuthorizationServerOutcome[] = [];
  for (const issuer of issuers.slice(0, MAX_AUTHORIZATION_SERVERS)) authorizationServers.push(await findAuthorizationServerMetadata(http, issuer));
  const keyHint = await publishedKeyHint(http, authorizationServers.find((server) => server.metadata !== undefined)?.metadata);
  return { unauthenticated, challenge, resourceMetadata, resourceMetadataProblem, authorizationServers, keyHint };
}

async function findResourceMetadata(http: AuditHttp, serverUrl: string, fromChallenge: string | undefined): Promise<ResourceMetadataOutcome> {
  // MCP: a resource_metadata in the challenge is the one to use; the well-known URLs are only a fallback.
  const source = fromChallenge === undefined ? "well-known" : "challenge";
  const candidates = fromChallenge === undefined ? protectedResourceMetadataCandidates(serverUrl) : [fromChallenge];
  const problems: string[] = [];
  for (const url of candidates) {
    try {
      if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new HttpFailure(`resource_metadata ${JSON.stringify(url.slice(0, 200))} is not an absolute http(s) URL`);
      http.permit(url);
      const { answer, document } = await http.getJsonObject(url);
      return { source, url, answer, document, problems };
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      problems.push(error.message);
    }
  }
  return { source, problems };
}

/** RFC 9728 §3.3: the `resource` must be identical to the server's URL, or the document must not be used. */
function usabilityProblem(document: Record<string, unknown>, serverUrl: string): string | undefined {
  const { resource } = document;
  if (resource !== serverUrl) return `its resource is ${JSON.stringify(resource)}, not exactly ${JSON.stringify(serverUrl)} (RFC 9728 §3.3)`;
  if (authorizationServerNames(document).length === 0) return "it names no authorization_servers (an array of issuer URLs)";
  return undefined;
}

function authorizationServerNames(document: Record<string, unknown> | undefined): string[] {
  const names = document?.["authorization_servers"];
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === "string" && name !== "") : [];
}

async function findAuthorizationServerMetadata(http: AuditHttp, issuer: string): Promise<AuthorizationServerOutcome> {
  if (!/^https?:\/\//i.test(issuer) || !URL.canParse(issuer)) return { issuer, problems: [`${JSON.stringify(issuer.slice(0, 200))} is not an http(s) URL`] };
  const problems: string[] = [];
  for (const url of authorizationServerMetadataCandidates(issuer)) {
    http.permit(url);
    try {
      const { document } = await http.getJsonObject(url);
      // RFC 8414 §3.3: a document whose issuer differs from the one asked for must not be used.
      if (document["issuer"] !== issuer) {
        problems.push(`${url}: issuer ${JSON.stringify(document["issuer"])} is not exactly ${JSON.stringify(issuer)}`);
        continue;
      }
      return { issuer, url, metadata: document, problems };
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      problems.push(error.message);
    }
  }
  return { issuer, problems };
}

async function publishedKeyHint(http: AuditHttp, metadata: Record<string, unknown> | undefined): Promise<KeyHint | undefined> {
  const jwksUri = metadata?.["jwks_uri"];
  if (typeof jwksUri !== "string" || !/^https?:\/\//i.test(jwksUri) || !URL.canParse(jwksUri)) return undefined;
  http.permit(jwksUri);
  try {
    return keyHintFrom((await http.getJsonObject(jwksUri)).document);
  } catch (error) {
    if (error instanceof HttpFailure) return undefined;
    throw error;
  }
}
