import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { authorizeHeadlessly, HeadlessBrowser, type Person } from "./dev-oauth.js";

/** One HTTP exchange the SDK made, as the test's fetch saw it. */
export interface SdkExchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly requestBody: string | undefined;
  readonly responseJson: unknown;
}

/**
 * What an application gives the MCP SDK's OAuth support (`OAuthClientProvider`, the SDK's documented
 * extension point) for a client that nobody registered: it starts with no client information at all, so
 * the SDK itself registers the client (RFC 7591) or presents a metadata document, then stores what the
 * server answered. Nothing of the SDK is replaced or patched.
 */
export class UnregisteredClientProvider implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined;
  storedTokens: OAuthTokens | undefined;
  private verifier: string | undefined;
  private pending: URL | undefined;

  constructor(
    private readonly redirectUri: string,
    private readonly metadata: Partial<OAuthClientMetadata> = {},
    /** Set to present a client ID metadata document instead of registering. */
    readonly clientMetadataUrl?: string,
  ) {}

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Unregistered SDK agent",
      redirect_uris: [this.redirectUri],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...this.metadata,
    };
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

  /** The authorization URL the SDK asked the application to open; each is used once. */
  takeAuthorizationUrl(): URL {
    const url = this.pending;
    if (url === undefined) throw new Error("the SDK did not ask for an authorization");
    this.pending = undefined;
    return url;
  }
}

/** The authorization server sent the browser back to the client with an error instead of a code. */
export class AuthorizationRefused extends Error {
  constructor(readonly redirect: URL) {
    super(`the authorization was refused: ${redirect.href}`);
  }
}

/** A fetch for the SDK that records every exchange. */
export function recordingFetch(exchanges: SdkExchange[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    exchanges.push({
      method: init?.method ?? "GET",
      url: input instanceof Request ? input.url : String(input),
      status: response.status,
      requestBody: typeof init?.body === "string" ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : undefined,
      responseJson: (response.headers.get("content-type") ?? "").includes("json") ? await response.clone().json().catch(() => undefined) : undefined,
    });
    return response;
  };
}

/**
 * Connects the SDK's Client to an MCP server the way an application does: the first connect meets the
 * 401, the SDK discovers, registers and asks for the browser step; `person` signs in headlessly; the SDK
 * exchanges the code (`finishAuth`) and a new transport connects with the token.
 */
export async function connectWithSdk(serverUrl: string, provider: UnregisteredClientProvider, person: Person, fetchFn: typeof fetch): Promise<Client> {
  const url = new URL(serverUrl);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: fetchFn });
  try {
    await new Client({ name: "sdk-agent", version: "1.0.0" }).connect(first);
    throw new Error("the server let the SDK in without a token");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  const outcome = await authorizeHeadlessly(new HeadlessBrowser(), provider.takeAuthorizationUrl(), person, provider.redirectUrl);
  if (outcome.kind !== "redirect") throw new Error(`the authorization ended on a page: ${outcome.visit.status} ${outcome.visit.text.slice(0, 300)}`);
  const code = outcome.url.searchParams.get("code");
  if (code === null) throw new AuthorizationRefused(outcome.url);
  await first.finishAuth(code);
  const client = new Client({ name: "sdk-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: fetchFn }));
  return client;
}
