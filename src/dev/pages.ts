/**
 * The dev server's few HTML pages: sign-in, consent and errors. Plain HTML without scripts; everything that
 * comes from a request or the config is escaped.
 */

/** What the login and consent pages show about the request. */
export interface RequestSummary {
  readonly clientName: string;
  readonly clientId: string;
  readonly resourceName: string;
  readonly resourceUri: string;
  /** The client registered itself at run time (its name is its own claim, not the config's). */
  readonly registered: boolean;
}

/** A scope the consent page asks about. */
export interface ScopeLine {
  readonly name: string;
  readonly description: string;
}

/**
 * Sent with every page: no scripts, no framing (clickjacking), nothing cached. `form-action` is left out on
 * purpose: browsers apply it to the redirect back to the client, which would block the authorization response.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A refused sign-in: the username to show again and why it was refused (default: a wrong username or password). */
export interface FailedSignIn {
  readonly username: string;
  readonly message?: string;
}

export function loginPage(uid: string, request: RequestSummary, failed: FailedSignIn | undefined): string {
  const error = failed ? `<p class="error" role="alert">${escapeHtml(failed.message ?? "Wrong username or password.")}</p>` : "";
  return layout(
    "Sign in",
    `<p>${escapeHtml(request.clientName)} (<code>${escapeHtml(request.clientId)}</code>) asks for a token for
<strong>${escapeHtml(request.resourceName)}</strong> (<code>${escapeHtml(request.resourceUri)}</code>).</p>
${error}<form method="post" action="/interaction/${escapeHtml(uid)}/login" id="login">
<label>Username <input name="username" autocomplete="username" required autofocus value="${escapeHtml(failed?.username ?? "")}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function consentPage(uid: string, request: RequestSummary, scopes: readonly ScopeLine[], username: string): string {
  const items = scopes
    .map((scope) => `<li data-scope="${escapeHtml(scope.name)}"><code>${escapeHtml(scope.name)}</code>: ${escapeHtml(scope.description)}</li>`)
    .join("\n");
  return layout(
    "Allow access?",
    `<p>Signed in as <strong>${escapeHtml(username)}</strong>.</p>
<p>${escapeHtml(request.clientName)} (<code>${escapeHtml(request.clientId)}</code>) asks to act for you at
<strong>${escapeHtml(request.resourceName)}</strong> (<code>${escapeHtml(request.resourceUri)}</code>) with:</p>
${request.registered ? `<p class="error">${undeclaredNotice(request)}</p>\n` : ""}<ul>
${items}
</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent" id="consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/**
 * Why the user should look twice at an undeclared client. A metadata document client is named by its URL, whose
 * host is the one thing about it the server has checked (draft-ietf-oauth-client-id-metadata-document, security
 * considerations: show the client_id's host on the consent screen).
 */
function undeclaredNotice(request: RequestSummary): string {
  if (/^https:\/\//i.test(request.clientId)) {
    const host = URL.parse(request.clientId)?.host ?? request.clientId;
    return `This client is not declared in the config: it is identified by a metadata document published at ${escapeHtml(host)}, and its name is that document's own claim.`;
  }
  return "This client registered itself: it is not declared in the config, and its name is its own claim.";
}

export function errorPage(error: string, description: string | undefined): string {
  return layout(
    "The request was refused",
    `<p><code id="error">${escapeHtml(error)}</code></p>
<p id="error_description">${escapeHtml(description ?? "")}</p>
<p>The application was not sent back to, because the request could not be trusted or completed.</p>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · pulumi-mcp-auth dev</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
label { display: block; margin: .75rem 0; } input { display: block; width: 100%; padding: .4rem; }
button { margin: .75rem .5rem 0 0; padding: .4rem 1rem; } .error { color: #b00020; }
footer { margin-top: 2rem; color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
<footer>pulumi-mcp-auth local development authorization server: state is kept in memory only.</footer>
</body>
</html>
`;
}
