/**
 * The agent: an MCP client that uses the SDK's own OAuth support. The SDK discovers the authorization server
 * from the server's 401 (RFC 9728), builds the PKCE S256 authorization request with `resource`, and
 * exchanges the code; this file supplies what the SDK leaves to the application: storage, the browser step,
 * and the check of `state` and `iss` on the way back.
 */
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { auth, UnauthorizedError, type OAuthClientProvider, type OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { AuthorizationResponse, HeadlessBrowser } from "./browser.js";

/** One HTTP exchange the agent made, for the narration. */
export interface Exchange {
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly requestForm: URLSearchParams | undefined;
  readonly responseJson: unknown;
  readonly wwwAuthenticate: string | undefined;
}

/**
 * How an agent identifies itself to the authorization server:
 * - `declared`: a client in the config; its id is the client key, known before any flow.
 * - `metadata-document`: an agent in nobody's file that publishes its metadata at an https URL and uses that
 *   URL as its client_id (client ID metadata document); the SDK does so when the server advertises
 *   `client_id_metadata_document_supported`.
 * - `dynamic-registration`: an agent in nobody's file that registers itself (RFC 7591) on its first flow.
 */
export type AgentIdentity =
  | { readonly kind: "declared"; readonly clientId: string }
  | { readonly kind: "metadata-document"; readonly clientMetadataUrl: string; readonly clientName: string }
  | { readonly kind: "dynamic-registration"; readonly clientName: string };

/**
 * The client metadata an agent states (RFC 7591 §2): sent when it registers, published at its URL when it
 * uses a client ID metadata document. Public (no secret), authorization code with PKCE.
 */
export function agentClientMetadata(clientName: string, redirectUri: string): OAuthClientMetadata {
  return { client_name: clientName, redirect_uris: [redirectUri], token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] };
}

/**
 * Credentials for one MCP server, kept in memory. One provider per server: each server's token is bound
 * to that server's resource URI and useless anywhere else.
 */
export class InMemoryOAuthProvider implements OAuthClientProvider {
  private storedTokens: OAuthTokens | undefined;
  private client: OAuthClientInformationMixed | undefined;
  private verifier: string | undefined;
  private discovery: OAuthDiscoveryState | undefined;
  private expectedState: string | undefined;
  private pending: URL | undefined;
  /** Read by the SDK: present only for an agent that publishes a client ID metadata document. */
  readonly clientMetadataUrl: string | undefined;
  private readonly clientName: string;

  constructor(
    identity: AgentIdentity,
    private readonly redirectUri: string,
  ) {
    this.clientName = identity.kind === "declared" ? "pulumi-mcp-auth demo agent" : identity.clientName;
    // A declared client's id is the client key in the config; the others learn theirs in the first flow.
    this.client = identity.kind === "declared" ? { client_id: identity.clientId } : undefined;
    this.clientMetadataUrl = identity.kind === "metadata-document" ? identity.clientMetadataUrl : undefined;
  }

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return agentClientMetadata(this.clientName, this.redirectUri);
  }

  state(): string {
    this.expectedState = randomBytes(16).toString("base64url");
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.client = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.storedTokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.storedTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.pending = authorizationUrl;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (this.verifier === undefined) throw new Error("no PKCE code verifier saved");
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "tokens") this.storedTokens = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = undefined;
    if (scope === "all" || scope === "discovery") this.discovery = undefined;
  }

  /** The authorization URL the SDK asked to open; each one is used once. */
  takeAuthorizationUrl(): URL {
    const url = this.pending;
    if (url === undefined) throw new Error("the SDK did not ask for an authorization");
    this.pending = undefined;
    return url;
  }

  /**
   * The SDK does not check the authorization response: `state` must be the one this request sent (CSRF),
   * and `iss` the issuer the metadata named (RFC 9207, mix-up attacks).
   */
  checkAuthorizationResponse(response: AuthorizationResponse): void {
    const issuer = this.discovery?.authorizationServerMetadata?.issuer;
    if (response.state !== this.expectedState) throw new Error("the authorization response carries another state: refusing it");
    if (issuer === undefined || response.iss !== issuer) throw new Error(`the authorization response names issuer ${response.iss}, expected ${issuer}`);
    this.expectedState = undefined;
  }
}

/** Told about each browser step: the authorization request the SDK built and what came back. */
export type BrowserStep = (authorizationUrl: URL, response: AuthorizationResponse) => void;

/** A connected MCP session with the credentials behind it. */
export interface AgentSession {
  readonly client: Client;
  readonly provider: InMemoryOAuthProvider;
  readonly serverUrl: URL;
}

export class DemoAgent {
  /** Every HTTP exchange, in order. */
  readonly exchanges: Exchange[] = [];

  constructor(
    readonly identity: AgentIdentity,
    readonly redirectUri: string,
    private readonly browser: HeadlessBrowser,
    private readonly onExchange: (exchange: Exchange) => void = () => {},
  ) {}

  /** A fetch that records what it saw; the SDK uses it for MCP requests and for every OAuth request. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const exchange: Exchange = {
      method: init?.method ?? (input instanceof Request ? input.method : "GET"),
      url,
      status: response.status,
      // The SDK sends token requests as URLSearchParams; MCP messages are JSON strings.
      requestForm: init?.body instanceof URLSearchParams ? new URLSearchParams(init.body) : undefined,
      responseJson: (response.headers.get("content-type") ?? "").includes("json") ? await response.clone().json().catch(() => undefined) : undefined,
      wwwAuthenticate: response.headers.get("www-authenticate") ?? undefined,
    };
    this.exchanges.push(exchange);
    this.onExchange(exchange);
    return response;
  };

  /**
   * Connects to an MCP server. Without a token the server answers 401; the SDK discovers the authorization
   * server and asks for the browser step, after which the code is exchanged and the connection retried.
   */
  async connect(serverUrl: string, onBrowser: BrowserStep): Promise<AgentSession> {
    const url = new URL(serverUrl);
    const provider = new InMemoryOAuthProvider(this.identity, this.redirectUri);
    const client = new Client({ name: "demo-agent", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: this.fetch });
    try {
      await client.connect(transport);
      return { client, provider, serverUrl: url };
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
    }
    const response = await this.openBrowser(provider, onBrowser);
    await transport.finishAuth(response.code);
    // A transport that has started cannot connect again; the new one reads the saved tokens.
    const connected = new Client({ name: "demo-agent", version: "1.0.0" });
    await connected.connect(new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: this.fetch }));
    return { client: connected, provider, serverUrl: url };
  }

  /**
   * A new authorization for more scope. The stored tokens are dropped first: with a refresh token stored,
   * the SDK (1.32) refreshes instead, and a refresh cannot add a scope.
   */
  async stepUp(session: AgentSession, scope: string, resourceMetadataUrl: string, onBrowser: BrowserStep): Promise<void> {
    session.provider.invalidateCredentials("tokens");
    const options = { serverUrl: session.serverUrl, scope, resourceMetadataUrl: new URL(resourceMetadataUrl), fetchFn: this.fetch };
    if ((await auth(session.provider, options)) !== "REDIRECT") throw new Error("expected the SDK to ask for a new authorization");
    const response = await this.openBrowser(session.provider, onBrowser);
    if ((await auth(session.provider, { ...options, authorizationCode: response.code })) !== "AUTHORIZED") {
      throw new Error("the SDK could not exchange the step-up code");
    }
  }

  private async openBrowser(provider: InMemoryOAuthProvider, onBrowser: BrowserStep): Promise<AuthorizationResponse> {
    const authorizationUrl = provider.takeAuthorizationUrl();
    const response = await this.browser.authorize(authorizationUrl, this.redirectUri);
    provider.checkAuthorizationResponse(response);
    onBrowser(authorizationUrl, response);
    return response;
  }
}
