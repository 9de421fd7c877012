/**
 * A minimal browser for the PKCE flow benchmark: a cookie jar, manual redirects, and forms filled in as a
 * person would — a username or login field, a password field, hidden fields as given, and "allow" on a
 * consent page. Works on the dev server's pages and on oidc-provider's own development pages alike.
 */
export interface Visit {
  readonly status: number;
  readonly location: string | undefined;
  readonly text: string;
}

export interface Person {
  readonly username: string;
  readonly password: string;
}

export class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, form?: Record<string, string>): Promise<Visit> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, { method: form ? "POST" : "GET", headers, redirect: "manual", ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0] ?? "";
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    return { status: response.status, location: location === null ? undefined : new URL(location, url).href, text: await response.text() };
  }
}

/** The form on a page and the values a person submits, or `undefined` when the page has none. */
export function fillForm(html: string, person: Person): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form\b[^>]*\baction="([^"]+)"/.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(input)?.[1];
    if (name === undefined) continue;
    if (/\btype="hidden"/.test(input)) fields[name] = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? "";
    else if (name === "username" || name === "login") fields[name] = person.username;
    else if (name === "password") fields[name] = person.password;
  }
  if (/<button\b[^>]*\bname="decision"[^>]*\bvalue="allow"/.test(html)) fields["decision"] = "allow";
  return { action: (form[1] as string).replaceAll("&amp;", "&"), fields };
}

/**
 * Follows an authorization request through every redirect and form until the server redirects to a URL
 * starting with `redirectPrefix`; returns that URL. Fails on a page without a form or after 16 steps.
 */
export async function authorize(browser: Browser, url: string, person: Person, redirectPrefix: string): Promise<URL> {
  let current = url;
  let visit = await browser.request(current);
  for (let step = 0; step < 16; step++) {
    if (visit.location !== undefined) {
      if (visit.location.startsWith(redirectPrefix)) return new URL(visit.location);
      current = visit.location;
      visit = await browser.request(current);
      continue;
    }
    const form = fillForm(visit.text, person);
    if (!form) throw new Error(`authorization stopped at ${current} (${visit.status}): ${visit.text.slice(0, 200)}`);
    current = new URL(form.action, current).href;
    visit = await browser.request(current, form.fields);
  }
  throw new Error(`authorization did not finish after 16 steps, at ${current}`);
}
