import { createHash, randomBytes } from "node:crypto";
import { CookieJar, pageForm } from "../../examples/demo/browser.js";
import type { McpAuthConfig } from "../../src/schema/index.js";

/** A PKCE S256 pair (RFC 7636 §4.1–4.2). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** One response as the headless browser saw it. */
export interface Visit {
  readonly status: number;
  readonly location: string | undefined;
  readonly contentType: string | undefined;
  readonly text: string;
}

/**
 * A minimal browser for tests: the demo's cookie jar (manual redirects, forms), with every response kept
 * as a `Visit`; `authorizeHeadlessly` fills in the dev server's login and consent forms.
 */
export class HeadlessBrowser {
  private readonly jar = new CookieJar();
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  async request(url: string, form?: Record<string, string>): Promise<Visit> {
    this.visited.push(url);
    const response = await this.jar.fetch(url, form);
    const location = response.headers.get("location");
    return {
      status: response.status,
      location: location === null ? undefined : new URL(location, url).href,
      contentType: response.headers.get("content-type") ?? undefined,
      text: await response.text(),
    };
  }
}

/** What a person does on the dev server's pages. */
export interface Person {
  readonly username: string;
  readonly password: string;
  /** On a consent page; default "allow". */
  readonly consent?: "allow" | "deny";
}

/** Where an authorization ended. */
export type AuthorizationOutcome =
  | { readonly kind: "redirect"; readonly url: URL; readonly pages: readonly string[]; readonly html: readonly string[] }
  | { readonly kind: "page"; readonly visit: Visit; readonly pages: readonly string[]; readonly html: readonly string[] };

/**
 * Follows an authorization request through sign-in and consent until the server redirects to
 * `redirectPrefix` (the client) or shows a page that is neither form.
 * `pages` names each form met on the way ("login", "consent"); `html` holds those pages.
 */
export async function authorizeHeadlessly(
  browser: HeadlessBrowser,
  authorizationUrl: string | URL,
  person: Person,
  redirectPrefix: string,
): Promise<AuthorizationOutcome> {
  const pages: string[] = [];
  const html: string[] = [];
  let visit = await browser.request(String(authorizationUrl));
  for (let step = 0; step < 12; step++) {
    if (visit.location !== undefined) {
      if (visit.location.startsWith(redirectPrefix)) return { kind: "redirect", url: new URL(visit.location), pages, html };
      visit = await browser.request(visit.location);
      continue;
    }
    const form = pageForm(visit.text);
    if (!form || pages.at(-1) === form.id) return { kind: "page", visit, pages, html };
    const { action, id } = form;
    pages.push(id);
    html.push(visit.text);
    const target = new URL(action, browser.visited.at(-1)).href;
    visit = await browser.request(
      target,
      id === "login" ? { username: person.username, password: person.password } : { decision: person.consent ?? "allow" },
    );
  }
  throw new Error(`authorization did not finish: ${browser.visited.join(" → ")}`);
}

/** Builds an authorization URL; `undefined` values are left out, arrays repeat the parameter. */
export function authorizationUrl(issuer: string, params: Record<string, string | readonly string[] | undefined>): URL {
  const url = new URL(`${issuer}/auth`);
  for (const [name, value] of Object.entries(params)) {
    for (const item of value === undefined ? [] : typeof value === "string" ? [value] : value) url.searchParams.append(name, item);
  }
  return url;
}

/** POSTs a token request and returns the status and JSON body. */
export async function tokenRequest(issuer: string, params: Record<string, string | readonly string[] | undefined>): Promise<{ status: number; body: Record<string, any> }> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of value === undefined ? [] : typeof value === "string" ? [value] : value) form.append(name, item);
  }
  const response = await fetch(`${issuer}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

export const GITHUB = "http://127.0.0.1:7001/github";
export const JIRA = "http://127.0.0.1:7002/jira";
export const DOCS = "https://docs.example.com/mcp";
export const ALICE = { username: "alice", password: "correct horse battery staple" } as const;
/** The redirect URI the `agent` client uses: its registered `http://127.0.0.1/callback` on a port of its choosing. */
export const AGENT_REDIRECT = "http://127.0.0.1:5555/callback";

/**
 * The dev server tests' config: loopback resource URIs, one client with refresh tokens (`agent`) and one
 * without (`cli`), a scope that needs consent, and per-resource lifetimes.
 */
export function devConfig(): McpAuthConfig {
  return {
    version: 1,
    resources: {
      github: {
        uri: GITHUB,
        name: "GitHub tools",
        scopes: { "github:read": "Read repositories", "github:write": { description: "Push commits", consent: "required" } },
        accessTokenLifetime: "5m",
      },
      jira: { uri: JIRA, scopes: { "jira:read": "Read issues" }, accessTokenLifetime: "15m" },
      docs: { uri: DOCS, scopes: { "docs:search": "Search the docs" } },
    },
    clients: {
      agent: {
        name: "Desktop agent",
        redirectUris: ["http://127.0.0.1/callback"],
        access: { github: ["github:read", "github:write"], jira: ["jira:read"] },
        refreshTokens: { idleLifetime: "1h", absoluteLifetime: "1d" },
      },
      cli: { redirectUris: ["http://[::1]/cb", "com.example.cli:/cb"], access: { github: ["github:read"] } },
    },
  };
}

/** Authorization request parameters for `agent`, PKCE S256 included; override any of them. */
export function agentRequest(challenge: string, overrides: Record<string, string | readonly string[] | undefined> = {}) {
  return {
    response_type: "code",
    client_id: "agent",
    redirect_uri: AGENT_REDIRECT,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: "github:read",
    resource: GITHUB,
    state: "state-1",
    ...overrides,
  };
}

/** Signs in as alice and returns the code of a successful authorization, with its PKCE verifier. */
export async function authorizationCode(
  issuer: string,
  overrides: Record<string, string | readonly string[] | undefined> = {},
  browser = new HeadlessBrowser(),
): Promise<{ code: string; verifier: string; redirectUri: string }> {
  const pkce = pkcePair();
  const request = agentRequest(pkce.challenge, overrides);
  const outcome = await authorizeHeadlessly(browser, authorizationUrl(issuer, request), ALICE, String(request.redirect_uri).replace(/\/[^/]*$/, "/"));
  if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.visit.status} ${outcome.visit.text.slice(0, 300)}`);
  const code = outcome.url.searchParams.get("code");
  if (code === null) throw new Error(`no code: ${outcome.url.href}`);
  return { code, verifier: pkce.verifier, redirectUri: String(request.redirect_uri) };
}

/** The token request that exchanges `authorizationCode`'s result for `resource`. */
export function codeExchange(grant: { code: string; verifier: string; redirectUri: string }, resource = GITHUB, clientId = "agent") {
  return { grant_type: "authorization_code", code: grant.code, code_verifier: grant.verifier, redirect_uri: grant.redirectUri, client_id: clientId, resource };
}

/** Where an authorization request is sent without following anything: the first response. */
export async function firstResponse(url: URL): Promise<Visit> {
  return new HeadlessBrowser().request(url.href);
}

/** The parameters of a redirect back to the client, from the query or (for response_type=token) the fragment. */
export function redirectParameters(location: string): Record<string, string> {
  const url = new URL(location);
  const parameters = url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  return Object.fromEntries(parameters);
}
