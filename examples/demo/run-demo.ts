/**
 * The whole flow, narrated: one config → a local authorization server → two MCP servers guarded by the
 * verifier → an agent using the MCP SDK's own OAuth. Returns what happened, so a test can check it.
 */
import { randomBytes } from "node:crypto";
import { relative } from "node:path";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startDevAuthorizationServer } from "pulumi-mcp-auth/dev";
import type { ResolvedConfig } from "pulumi-mcp-auth";
import { agentClientMetadata, DemoAgent, type AgentIdentity, type AgentSession, type BrowserStep, type Exchange } from "./agent.js";
import { HeadlessBrowser, type PageSeen } from "./browser.js";
import { DEMO_REGISTRATION, EXAMPLE_CONFIG_PATH, loadExampleConfig, loopbackConfig } from "./demo-config.js";
import { startDocumentServer } from "./document-host.js";
import { createLocalCertificateAuthority } from "./local-ca.js";
import { listenDemoServer, type DemoServer } from "./mcp-server.js";
import { expectThat, type Narrator } from "./narrator.js";
import { GITHUB_SERVER, JIRA_SERVER } from "./servers.js";
import { challengeParameter, describeAuthorizationRequest, describeExchange, describePages, describeToken } from "./wire.js";

/** The agent of examples/mcp-auth.yaml that may use both servers and holds refresh tokens. */
export const AGENT_CLIENT_ID = "desktop-agent";
/** A loopback redirect URI on a port of the agent's choosing; the client registered it without a port. */
export const AGENT_REDIRECT_URI = "http://127.0.0.1:53682/callback";
export const DEMO_USERNAME = "alice";

/** What the demo observed, for tests. */
export interface DemoResult {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly resources: { readonly github: string; readonly jira: string };
  /** Every access token the agent received, in order: github, github (refreshed), jira, github (stepped up). */
  readonly accessTokens: readonly string[];
  readonly toolReplies: { readonly listRepositories: string; readonly searchIssues: string; readonly openPullRequest: string };
  /** The github token sent to the jira server. */
  readonly crossResource: { readonly status: number; readonly wwwAuthenticate: string | null };
  /** The first 403 of the step-up. */
  readonly insufficientScope: Exchange;
  /** What the SDK threw after its own retry. */
  readonly sdkStepUpError: string;
  /** The pages met in each browser step, in order. */
  readonly browserSteps: ReadonlyArray<{ readonly authorizationUrl: URL; readonly pages: readonly PageSeen[] }>;
  readonly exchanges: readonly Exchange[];
  /** The agents in nobody's file: one with a client ID metadata document, one that registers itself. */
  readonly unregistered: { readonly metadataDocument: UnregisteredAgentResult; readonly dynamicRegistration: UnregisteredAgentResult };
}

/** What one agent in nobody's file did. */
export interface UnregisteredAgentResult {
  readonly clientId: string;
  readonly authorizationUrl: URL;
  readonly pages: readonly PageSeen[];
  readonly accessToken: string;
  readonly toolReply: string;
  /** Its github token at the jira server. */
  readonly crossResourceStatus: number;
  readonly exchanges: readonly Exchange[];
}

/** Where the demo publishes the metadata document of its agent in nobody's file. */
const DOCUMENT_PATH = "/agents/travel-planner.json";

export async function runDemo(narrator: Narrator): Promise<DemoResult> {
  const cleanup: Array<() => Promise<void>> = [];
  try {
    narrator.step(`The config: ${relative(process.cwd(), EXAMPLE_CONFIG_PATH)}`);
    const example = loadExampleConfig();
    narrator.say(`Valid: resources ${Object.keys(example.resources).join(", ")}; clients ${Object.keys(example.clients).join(", ")}.`);

    const github = await listenDemoServer(GITHUB_SERVER);
    cleanup.push(() => github.close());
    const jira = await listenDemoServer(JIRA_SERVER);
    cleanup.push(() => jira.close());
    const config = loopbackConfig(example, new Map([[github.spec.key, github.url], [jira.spec.key, jira.url]]), DEMO_REGISTRATION);
    narrator.say(describeRewrite(example, config));
    narrator.say(
      "It also lets agents in nobody's file in, limited to github:read: client ID metadata documents from localhost\n" +
        "(registration.clientIdMetadataDocuments) and dynamic client registration (registration.dynamic).",
    );
    // An agent's publisher: https on this machine, with a certificate from a CA made for this run.
    const ca = await createLocalCertificateAuthority();
    const publisher = await startDocumentServer(ca);
    cleanup.push(() => publisher.close());

    narrator.step("A local authorization server from the same file (pulumi-mcp-auth/dev)");
    const password = randomBytes(9).toString("base64url");
    const as = await startDevAuthorizationServer({
      config,
      users: [{ username: DEMO_USERNAME, password }],
      // Dev-only: the demo's publisher is on loopback, with a CA the server is told to trust. TLS is still checked.
      metadataDocuments: { allowLoopback: true, trustedCertificates: [ca.certificatePem] },
    });
    cleanup.push(() => as.close());
    narrator.say(
      `Issuer ${as.issuer}: a fresh ES256 signing key for this run, state in memory only.\n` +
        `Sign-in user ${DEMO_USERNAME} with a random password; client ids are the config's client keys.`,
    );

    narrator.step("Two MCP servers, each accepting only tokens for its own resource URI (pulumi-mcp-auth/verify)");
    for (const server of [github, jira]) {
      const verifierOptions = as.verifierOptions[server.spec.key];
      expectThat(verifierOptions !== undefined, `verifier options for ${server.spec.key}`);
      server.protect(verifierOptions, Object.keys(config.resources[server.spec.key]?.scopes ?? {}));
      narrator.say(`${server.spec.name} at ${server.url}: metadata at ${server.metadataUrl}\n  tools ${server.spec.tools.map((tool) => `${tool.name} (${tool.scopes.join(" ")})`).join(", ")}`);
    }

    const serverNames = new Map([[github.url, "github"], [jira.url, "jira"]]);
    const browser = new HeadlessBrowser({ username: DEMO_USERNAME, password });
    const agent = new DemoAgent({ kind: "declared", clientId: AGENT_CLIENT_ID }, AGENT_REDIRECT_URI, browser, (exchange) => {
      const text = describeExchange(exchange, serverNames);
      if (text !== undefined) narrator.say(text);
    });
    const browserSteps: Array<{ authorizationUrl: URL; pages: readonly PageSeen[] }> = [];
    const onBrowser: BrowserStep = (authorizationUrl, response) => {
      browserSteps.push({ authorizationUrl, pages: response.pages });
      narrator.say(describeAuthorizationRequest(authorizationUrl));
      narrator.say(describePages(response.pages));
      narrator.say(`Back at ${AGENT_REDIRECT_URI} with a code; the agent checks state and iss (the headless browser hands the code over; a desktop agent listens on that port).`);
    };

    narrator.step(`The agent (${AGENT_CLIENT_ID}) connects to the github server without a token`);
    const githubSession = await agent.connect(github.url, onBrowser);
    cleanup.push(() => githubSession.client.close());
    narrator.say(describeToken(accessToken(githubSession)));
    const listRepositories = await callTool(githubSession, "list_repositories");
    narrator.say(`Tool list_repositories → "${listRepositories}"`);

    narrator.step("The github token at the jira server");
    const crossResource = await fetch(jira.url, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken(githubSession)}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    const crossChallenge = crossResource.headers.get("www-authenticate");
    expectThat(crossResource.status === 401 && challengeParameter(crossChallenge ?? undefined, "error") === "invalid_token", `the jira server to refuse the github token with 401 invalid_token, got ${crossResource.status} ${crossChallenge}`);
    narrator.say(`← 401: ${crossChallenge}\nThe token is genuine and unexpired, but its aud is the github resource.`);
    narrator.say("The agent gets a token of its own for jira:");
    const jiraSession = await agent.connect(jira.url, onBrowser);
    cleanup.push(() => jiraSession.client.close());
    narrator.say(describeToken(accessToken(jiraSession)));
    const searchIssues = await callTool(jiraSession, "search_issues");
    narrator.say(`Tool search_issues → "${searchIssues}"`);

    narrator.step("Step-up: open_pull_request needs github:write, which the token lacks");
    const before = agent.exchanges.length;
    const sdkStepUpError = await callToolExpectingScopeRefusal(githubSession, "open_pull_request");
    const insufficientScope = agent.exchanges.slice(before).find((exchange) => exchange.status === 403);
    expectThat(insufficientScope !== undefined, "a 403 from the github server");
    const challenge = insufficientScope.wwwAuthenticate;
    expectThat(challengeParameter(challenge, "error") === "insufficient_scope", `error="insufficient_scope" in ${challenge}`);
    narrator.say(`The SDK retried once after refreshing its token, but a refresh keeps the scope: "${sdkStepUpError}".`);
    const scope = challengeParameter(challenge, "scope") ?? "";
    narrator.say(`So the agent asks for a new authorization with the challenge's scope "${scope}":`);
    await agent.stepUp(githubSession, scope, challengeParameter(challenge, "resource_metadata") ?? github.metadataUrl, onBrowser);
    narrator.say(describeToken(accessToken(githubSession)));
    const openPullRequest = await callTool(githubSession, "open_pull_request");
    narrator.say(`Tool open_pull_request → "${openPullRequest}"`);

    const unregisteredAgent = (identity: AgentIdentity) => new DemoAgent(identity, AGENT_REDIRECT_URI, browser, (exchange) => {
      const text = describeExchange(exchange, serverNames);
      if (text !== undefined) narrator.say(text);
    });

    narrator.step("An agent in nobody's file, identified by its client ID metadata document");
    const documentUrl = `${publisher.origin}${DOCUMENT_PATH}`;
    publisher.route(DOCUMENT_PATH, { json: { client_id: documentUrl, ...agentClientMetadata("Travel planner", AGENT_REDIRECT_URI) } });
    narrator.say(
      `It publishes its metadata at ${documentUrl} and uses that URL as its client_id. The dev server fetches it\n` +
        "(https only, no redirects, 5 s, 5 KiB, public addresses only: the demo's publisher is allowed on loopback,\n" +
        "and its certificate verifies against a CA made for this run that the demo passed in).",
    );
    const metadataDocument = await connectUnregistered(
      narrator,
      unregisteredAgent({ kind: "metadata-document", clientMetadataUrl: documentUrl, clientName: "Travel planner" }),
      github,
      jira,
    );
    const fetches = publisher.count(DOCUMENT_PATH);
    narrator.say(`The dev server fetched the document ${fetches === 1 ? "once" : `${fetches} times`} for the whole flow (it caches documents for a few minutes).`);

    narrator.step("An agent in nobody's file that registers itself (RFC 7591 dynamic client registration)");
    const dynamicRegistration = await connectUnregistered(narrator, unregisteredAgent({ kind: "dynamic-registration", clientName: "Release notes bot" }), github, jira);

    narrator.step("Done");
    narrator.say("Every token named one resource in aud, carried only granted scopes, and was refused everywhere else.");
    return {
      issuer: as.issuer,
      jwksUri: as.jwksUri,
      resources: { github: github.url, jira: jira.url },
      accessTokens: agent.exchanges.flatMap((exchange) => {
        const token = exchange.url.pathname === "/token" ? (exchange.responseJson as { access_token?: unknown } | undefined)?.access_token : undefined;
        return typeof token === "string" ? [token] : [];
      }),
      toolReplies: { listRepositories, searchIssues, openPullRequest },
      crossResource: { status: crossResource.status, wwwAuthenticate: crossChallenge },
      insufficientScope,
      sdkStepUpError,
      browserSteps,
      exchanges: agent.exchanges,
      unregistered: { metadataDocument, dynamicRegistration },
    };
  } finally {
    for (const close of cleanup.reverse()) await close();
  }
}

/**
 * An agent in nobody's file connects to the github server: the SDK finds its way to a client_id (the document
 * URL, or a registration), the user signs in if needed and is asked for consent, and the token it gets is
 * refused by the jira server.
 */
async function connectUnregistered(narrator: Narrator, agent: DemoAgent, github: DemoServer, jira: DemoServer): Promise<UnregisteredAgentResult> {
  let step: { authorizationUrl: URL; pages: readonly PageSeen[] } | undefined;
  const session = await agent.connect(github.url, (authorizationUrl, response) => {
    step = { authorizationUrl, pages: response.pages };
    narrator.say(describeAuthorizationRequest(authorizationUrl));
    narrator.say(describePages(response.pages, true));
  });
  try {
    expectThat(step !== undefined, "a browser step for the agent in nobody's file");
    const token = accessToken(session);
    narrator.say(describeToken(token));
    const toolReply = await callTool(session, "list_repositories");
    narrator.say(`Tool list_repositories → "${toolReply}"`);
    const crossResource = await fetch(jira.url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expectThat(crossResource.status === 401, `the jira server to refuse the token, got ${crossResource.status}`);
    narrator.say(`The same token at the jira server ← 401: ${crossResource.headers.get("www-authenticate")}`);
    const clientId = String(session.provider.clientInformation()?.client_id);
    return { clientId, authorizationUrl: step.authorizationUrl, pages: step.pages, accessToken: token, toolReply, crossResourceStatus: crossResource.status, exchanges: agent.exchanges };
  } finally {
    await session.client.close();
  }
}

function describeRewrite(example: ResolvedConfig, config: ResolvedConfig): string {
  const lines = ["Its resource URIs name https hosts; the demo's servers run on 127.0.0.1, and a token is bound to the URI", "its server really has, so the demo moves each served resource to its loopback URL:"];
  for (const [key, resource] of Object.entries(example.resources)) {
    const moved = config.resources[key]?.uri;
    lines.push(moved ? `  ${key}: ${resource.uri} → ${moved}` : `  ${key}: ${resource.uri} (not served in this demo; left out)`);
  }
  return lines.join("\n");
}

function accessToken(session: AgentSession): string {
  const token = session.provider.tokens()?.access_token;
  expectThat(token !== undefined, "the agent to hold an access token");
  return token;
}

async function callTool(session: AgentSession, name: string): Promise<string> {
  const result = await session.client.callTool({ name, arguments: {} });
  const first = (result.content as Array<{ type: string; text?: string }>)[0];
  expectThat(result.isError !== true && first?.type === "text" && typeof first.text === "string", `a text result from ${name}, got ${JSON.stringify(result)}`);
  return first.text as string;
}

/**
 * The SDK (1.32) answers a 403 insufficient_scope by running its auth flow with the challenge's scope;
 * holding a refresh token, it refreshes, which cannot add a scope, and gives up on the second 403.
 */
async function callToolExpectingScopeRefusal(session: AgentSession, name: string): Promise<string> {
  try {
    await session.client.callTool({ name, arguments: {} });
  } catch (error) {
    expectThat(error instanceof StreamableHTTPError && error.code === 403, `the SDK to give up with a 403, got ${String(error)}`);
    return error.message;
  }
  expectThat(false, `${name} to be refused for lack of scope`);
}
