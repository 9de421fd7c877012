import { createHash, randomBytes } from "node:crypto";

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
 * A minimal browser for tests: a cookie jar, manual redirects, and the dev server's login and consent forms.
 * Cookie paths are ignored; oidc-provider scopes its cookies to the paths this browser visits anyway.
 */
export class HeadlessBrowser {
  private readonly cookies = new Map<string, string>();
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  async request(url: string, form?: Record<string, string>): Promise<Visit> {
    this.visited.push(url);
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      headers,
      redirect: "manual",
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0] ?? "";
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
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
  | { readonly kind: "redirect"; readonly url: URL; readonly pages: readonly string[] }
  | { readonly kind: "page"; readonly visit: Visit; readonly pages: readonly string[] };

/**
 * Follows an authorization request through sign-in and consent until the server redirects to
 * `redirectPrefix` (the client) or shows a page that is neither form.
 * `pages` names each form met on the way: "login", "consent".
 */
export async function authorizeHeadlessly(
  browser: HeadlessBrowser,
  authorizationUrl: string | URL,
  person: Person,
  redirectPrefix: string,
): Promise<AuthorizationOutcome> {
  const pages: string[] = [];
  let visit = await browser.request(String(authorizationUrl));
  for (let step = 0; step < 12; step++) {
    if (visit.location !== undefined) {
      if (visit.location.startsWith(redirectPrefix)) return { kind: "redirect", url: new URL(visit.location), pages };
      visit = await browser.request(visit.location);
      continue;
    }
    const form = /<form method="post" action="([^"]+)" id="(login|consent)">/.exec(visit.text);
    if (!form || pages.at(-1) === form[2]) return { kind: "page", visit, pages };
    const [, action, id] = form as unknown as [string, string, "login" | "consent"];
    pages.push(id);
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
