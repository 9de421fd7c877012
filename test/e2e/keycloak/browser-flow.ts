/**
 * A headless user agent for Keycloak's login pages: cookies kept by hand, the login form posted, the
 * consent form accepted, and the authorization response read from the redirect it ends in. Plus the
 * token endpoint calls an agent makes.
 */
import { createHash, randomBytes } from "node:crypto";

export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  /** `"S256"` (default), `"plain"`, or `null` to send no PKCE at all. */
  readonly pkce?: "S256" | "plain" | null;
  readonly responseType?: string;
  /** RFC 8707 `resource`, sent when given. */
  readonly resource?: string;
}

export type AuthorizationOutcome =
  /** The authorization server redirected to the client: a code, or an error in the query or fragment. */
  | { readonly kind: "redirect"; readonly location: URL; readonly params: URLSearchParams; readonly codeVerifier: string; readonly consentShown: boolean; readonly consentItems: readonly string[] }
  /** It refused to redirect at all and showed an error page. */
  | { readonly kind: "error-page"; readonly status: number; readonly text: string };

export interface User {
  readonly username: string;
  readonly password: string;
}

/** Runs the front channel for `user` and returns where the browser would have been sent. */
export async function authorize(issuer: string, request: AuthorizationRequest, user: User): Promise<AuthorizationOutcome> {
  const jar = new CookieJar();
  const codeVerifier = randomBytes(48).toString("base64url");
  const pkce = request.pkce === undefined ? "S256" : request.pkce;
  const query = new URLSearchParams({
    response_type: request.responseType ?? "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state: randomBytes(12).toString("base64url"),
    nonce: randomBytes(12).toString("base64url"),
  });
  if (pkce === "S256") query.set("code_challenge", createHash("sha256").update(codeVerifier).digest("base64url"));
  if (pkce === "plain") query.set("code_challenge", codeVerifier);
  if (pkce !== null) query.set("code_challenge_method", pkce);
  if (request.resource !== undefined) query.set("resource", request.resource);

  let response = await jar.fetch(`${issuer}/protocol/openid-connect/auth?${query}`);
  let consentShown = false;
  let consentItems: string[] = [];
  for (let step = 0; step < 6; step++) {
    const location = response.headers.get("location");
    if (location !== null) {
      const url = new URL(location, issuer);
      if (url.origin === new URL(issuer).origin) {
        // Still inside Keycloak (e.g. the consent required action): follow it.
        response = await jar.fetch(url.href);
        continue;
      }
      const params = new URLSearchParams(url.hash.length > 1 ? url.hash.slice(1) : url.search);
      return { kind: "redirect", location: url, params, codeVerifier, consentShown, consentItems };
    }
    const html = await response.text();
    if (response.status !== 200) return { kind: "error-page", status: response.status, text: textOf(html) };
    const form = formOf(html, issuer);
    if (form === undefined) return { kind: "error-page", status: response.status, text: textOf(html) };
    if (/name="username"/.test(html)) {
      response = await jar.fetch(form.action, { username: user.username, password: user.password, credentialId: "" });
    } else if (/name="accept"/.test(html)) {
      consentShown = true;
      consentItems = [...html.matchAll(/<li>\s*<span>\s*([^<]*?)\s*<\/span>/g)].map((match) => match[1] as string);
      response = await jar.fetch(form.action, { ...form.hidden, accept: "Yes" });
    } else {
      return { kind: "error-page", status: response.status, text: textOf(html) };
    }
  }
  throw new Error("authorize: too many steps without reaching the client");
}

export interface TokenResponse {
  readonly status: number;
  readonly json: Record<string, any>;
}

/** `POST /token` with a form body; public clients authenticate by `client_id` alone. */
export async function tokenRequest(issuer: string, form: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, { method: "POST", body: new URLSearchParams(form) });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

/** Exchanges the code of a successful {@link authorize} outcome. */
export function exchangeCode(
  issuer: string,
  outcome: Extract<AuthorizationOutcome, { kind: "redirect" }>,
  request: AuthorizationRequest,
  extra: Record<string, string> = {},
): Promise<TokenResponse> {
  const code = outcome.params.get("code");
  if (code === null) throw new Error(`exchangeCode: the redirect carries no code: ${outcome.location.href}`);
  return tokenRequest(issuer, {
    grant_type: "authorization_code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    code,
    code_verifier: outcome.codeVerifier,
    ...extra,
  });
}

/** The payload of a JWT, unverified (for assertions on claims the verifier has accepted or refused). */
export function jwtPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, any>;
}

export function jwtHeader(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<string, any>;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }
}

function formOf(html: string, issuer: string): { action: string; hidden: Record<string, string> } | undefined {
  const action = /<form[^>]*\saction="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map((match) => [match[1] as string, unescapeHtml(match[2] as string)]),
  );
  return { action: new URL(unescapeHtml(action), issuer).href, hidden };
}

function unescapeHtml(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
}
