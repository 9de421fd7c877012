import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import type { JWK } from "oidc-provider";
import { buildPlan } from "../plan/build-plan.js";
import { ConfigError, type ConfigIssue } from "../schema/config-error.js";
import { resolveConfig, type McpAuthConfig, type ResolvedConfig } from "../schema/parse.js";
import type { TokenVerifierOptions } from "../verify/options.js";
import { devProviderClass } from "./dev-provider.js";
import { advertiseResourceScopes } from "./discovery-scopes.js";
import { loadOidcProvider } from "./load-provider.js";
import { memoryAdapterFactory } from "./memory-adapter.js";
import { withMetadataDocumentClients } from "./metadata-document/client-adapter.js";
import { checkMetadataDocumentOptions, type MetadataDocumentOptions } from "./metadata-document/options.js";
import { metadataDocumentResolver } from "./metadata-document/resolver.js";
import { checkListenOptions, type DevUser } from "./options.js";
import { devPolicy } from "./policy.js";
import { providerConfiguration, SIGNING_ALGORITHM } from "./provider-config.js";
import { devRoutes } from "./routes.js";

/** Options of {@link startDevAuthorizationServer}. */
export interface DevAuthorizationServerOptions {
  /** The same config the IdP components take: a file's content, an object, or a `ResolvedConfig`. */
  readonly config: McpAuthConfig | ResolvedConfig;
  /** Default 0: any free port. */
  readonly port?: number | undefined;
  /** A loopback address only: `127.0.0.1` (default), another `127.x.y.z`, or `::1`. */
  readonly host?: string | undefined;
  /** Who may sign in. When empty or absent, one user `dev` with a random password is created and returned. */
  readonly users?: readonly DevUser[] | undefined;
  /**
   * Dev-only transport settings for client ID metadata documents (`registration.clientIdMetadataDocuments`):
   * allow loopback hosts and trust a test CA, to serve documents on this machine. Documents are otherwise
   * fetched over https from public addresses only, with the system's trusted roots.
   */
  readonly metadataDocuments?: MetadataDocumentOptions | undefined;
}

/** A running dev authorization server. */
export interface DevAuthorizationServer {
  /** `http://127.0.0.1:<port>`: the `iss` of its tokens, without a trailing slash. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Who may sign in, including a generated user when none was given. */
  readonly users: readonly DevUser[];
  /** Per resource key: exactly what `createTokenVerifier` takes to accept this server's tokens for that resource. */
  readonly verifierOptions: Readonly<Record<string, TokenVerifierOptions>>;
  /** Stops listening and drops every session, grant and token (they lived in memory only). */
  close(): Promise<void>;
}

/**
 * Starts a local, standards-true OAuth 2.1 authorization server for the resources and clients of a config,
 * built on oidc-provider. It keeps the rules of SECURITY.md §D: loopback only; `resource` required on every
 * authorization and token request, with `invalid_target` for a resource the client may not use; JWT access
 * tokens (`typ: at+jwt`, RFC 9068) whose `aud` is that one resource and whose `scope` holds only granted
 * scopes, signed with a key generated for this run; PKCE S256 only; single-use codes valid for 60 s; rotating
 * refresh tokens whose reuse revokes the grant; RFC 8414 and OpenID discovery; an error page, never a
 * redirect, for an unregistered redirect URI. All state is in memory and ends with the process.
 *
 * With `registration.clientIdMetadataDocuments`, a `client_id` that is an https URL is resolved by fetching
 * its client ID metadata document under the rules of metadata-document/ (allowed hosts, https, public
 * addresses, no redirects, 5 s, 5 KiB, exact `client_id`, declared-client redirect URI rules); such clients
 * are public, PKCE-only, asked for consent, and get only `registration.access`.
 *
 * @throws ConfigError for an invalid config, a non-loopback `host`, a bad `port`, `users` or
 *   `metadataDocuments` entry.
 * @see https://www.rfc-editor.org/rfc/rfc8707 (resource indicators), https://www.rfc-editor.org/rfc/rfc9068
 *   (JWT access tokens), https://www.rfc-editor.org/rfc/rfc8252#section-7.3 (loopback redirects),
 *   https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ (client ID metadata documents)
 */
export async function startDevAuthorizationServer(options: DevAuthorizationServerOptions): Promise<DevAuthorizationServer> {
  const listen = checkListenOptions(options);
  const config = resolveConfig(options.config);
  const documentIssues: ConfigIssue[] = [];
  const documentTransport = checkMetadataDocumentOptions(options.metadataDocuments, documentIssues);
  if (options.metadataDocuments !== undefined && !config.registration.clientIdMetadataDocuments) {
    documentIssues.push({ path: "metadataDocuments", message: "applies only with registration.clientIdMetadataDocuments on; turn that on in the config or leave this option out" });
  }
  if (documentIssues.length > 0) throw new ConfigError(documentIssues, "Cannot start the dev authorization server");
  const plan = buildPlan(config);
  const policy = devPolicy(plan);
  const { default: Provider, errors } = await loadOidcProvider();
  const signingKey = await generateSigningKey();

  const server = createServer();
  const port = await listenOn(server, listen.port, listen.bindAddress);
  const authority = `${listen.urlHost}:${port}`;
  const issuer = `http://${authority}`;
  try {
    const DevProvider = devProviderClass({ Provider, errors, policy });
    const provider = new DevProvider(issuer, {
      ...providerConfiguration({ plan, policy, users: listen.users, signingKey, errors }),
      adapter: plan.registration.clientIdMetadataDocuments
        ? withMetadataDocumentClients(
            memoryAdapterFactory(),
            metadataDocumentResolver({ allowedHosts: plan.registration.metadataDocumentHosts, transport: documentTransport }),
            errors,
          )
        : memoryAdapterFactory(),
    });
    policy.registeredClients?.watch(provider);
    advertiseResourceScopes(provider, plan);
    server.on("request", devRoutes({ provider, policy, users: listen.users, authority }));
  } catch (error) {
    await stop(server);
    throw error;
  }

  const jwksUri = `${issuer}/jwks`;
  const verifierOptions = Object.fromEntries(
    plan.resources.map((resource): [string, TokenVerifierOptions] => [
      resource.key,
      { issuer, resource: resource.uri, jwksUri, algorithms: [SIGNING_ALGORITHM], tokenType: "at+jwt" },
    ]),
  );
  let stopping: Promise<void> | undefined;
  return { issuer, jwksUri, users: listen.users, verifierOptions, close: () => (stopping ??= stop(server)) };
}

/** A P-256 key made for this run only: tokens of an earlier run never verify against a new one. */
async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALGORITHM, use: "sig" } as JWK;
}

function listenOn(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`cannot listen on ${address} port ${port}: it is in use; pass another port, or 0 for any free one`) : error);
    });
    server.listen(port, address, () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections();
  });
}
