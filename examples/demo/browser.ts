/**
 * The person at the browser, played headlessly: follows the authorization server's redirects with a cookie
 * jar, signs in on the login page and answers the consent page, and stops when the server redirects back to
 * the agent's redirect URI. A real agent opens the system browser here and listens on its redirect URI.
 */

/** What the person saw on the way. */
export type PageSeen = { readonly kind: "login"; readonly username: string } | { readonly kind: "consent"; readonly scopes: readonly string[] };

/** The authorization response (RFC 6749 §4.1.2, RFC 9207 `iss`). */
export interface AuthorizationResponse {
  readonly code: string;
  readonly state: string | null;
  readonly iss: string | null;
  readonly pages: readonly PageSeen[];
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export class HeadlessBrowser {
  private readonly jar = new CookieJar();

  constructor(private readonly credentials: Credentials) {}

  /**
   * Opens `authorizationUrl` and acts as the user until the server redirects to `redirectUri` (any port,
   * as for a loopback redirect). Consent is given to what the page lists.
   * @throws Error when the server answers with an error page or an error redirect.
   */
  async authorize(authorizationUrl: URL, redirectUri: string): Promise<AuthorizationResponse> {
    const pages: PageSeen[] = [];
    let url = authorizationUrl.href;
    let form: Record<string, string> | undefined;
    for (let step = 0; step < 10; step++) {
      const response = await this.jar.fetch(url, form);
      form = undefined;
      const location = response.headers.get("location");
      if (location !== null) {
        const next = new URL(location, url);
        if (sameRedirect(next, redirectUri)) return authorizationResponse(next, pages);
        url = next.href;
        continue;
      }
      const html = await response.text();
      const page = pageForm(html);
      if (!page) throw new Error(`the authorization server answered ${response.status} with no way on: ${pageText(html)}`);
      url = new URL(page.action, url).href;
      if (page.id === "login") {
        if (pages.some((seen) => seen.kind === "login")) throw new Error("the sign-in was refused");
        pages.push({ kind: "login", username: this.credentials.username });
        form = { username: this.credentials.username, password: this.credentials.password };
      } else {
        pages.push({ kind: "consent", scopes: [...html.matchAll(/<li data-scope="([^"]+)">/g)].map((match) => match[1] as string) });
        form = { decision: "allow" };
      }
    }
    throw new Error("the authorization did not finish within 10 steps");
  }
}

/**
 * What a browser keeps between requests, and no more: cookies set by the server are sent back, redirects
 * are not followed (the caller decides where to go), and a form is POSTed url-encoded. Cookie paths are
 * ignored; the authorization server scopes its cookies to the paths visited anyway.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, form?: Record<string, string>): Promise<Response> {
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
    return response;
  }
}

/** The sign-in or consent form on an authorization server page, with where it posts to; `undefined` on any other page. */
export function pageForm(html: string): { readonly action: string; readonly id: "login" | "consent" } | undefined {
  const form = /<form method="post" action="([^"]+)" id="(login|consent)">/.exec(html);
  return form ? { action: form[1] as string, id: form[2] as "login" | "consent" } : undefined;
}

/** RFC 8252 §7.3: a loopback redirect matches on any port. */
function sameRedirect(candidate: URL, redirectUri: string): boolean {
  const expected = new URL(redirectUri);
  return candidate.protocol === expected.protocol && candidate.hostname === expected.hostname && candidate.pathname === expected.pathname;
}

function authorizationResponse(url: URL, pages: readonly PageSeen[]): AuthorizationResponse {
  const error = url.searchParams.get("error") ?? new URLSearchParams(url.hash.slice(1)).get("error");
  if (error !== null) throw new Error(`the authorization server refused: ${error} (${url.searchParams.get("error_description") ?? ""})`);
  const code = url.searchParams.get("code");
  if (code === null) throw new Error(`the redirect back carried no code: ${url.href}`);
  return { code, state: url.searchParams.get("state"), iss: url.searchParams.get("iss"), pages };
}

function pageText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
}
