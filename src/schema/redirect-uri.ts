import { isParsableUrl, splitAuthority, splitUri, uriCharacterProblem } from "./uri.js";

/** What the rules say about one redirect URI: an error, a warning, or nothing. */
export type RedirectUriVerdict = { readonly error: string } | { readonly warning: string } | undefined;

/** Schemes that execute or read local content in a user agent; never a redirect target. */
const FORBIDDEN_SCHEMES: ReadonlySet<string> = new Set(["javascript", "data", "file", "vbscript", "blob", "about"]);

/** The two spellings of loopback a native app registers (RFC 8252 §7.3, §8.3). */
const LOOPBACK_IP_LITERALS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]"]);

const ALLOWED_FORMS =
  "https://host/path, http://127.0.0.1/path or http://[::1]/path (no port), or a private-use scheme like com.example.app:/callback";

/**
 * Checks one redirect URI of a public agent client.
 * @see OAuth 2.1 §2.3 and §8.4 (exact matching, no fragment), RFC 9700 §2.1 (no wildcards),
 *   RFC 8252 §7.1 (private-use schemes), §7.3 (loopback, any port) and §8.3 (avoid localhost).
 */
export function checkRedirectUri(value: string): RedirectUriVerdict {
  if (value === "") return { error: `must be an absolute URI: ${ALLOWED_FORMS}` };
  const characterProblem = uriCharacterProblem(value);
  if (characterProblem) return { error: characterProblem };
  if (value.includes("*")) {
    return { error: "must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)" };
  }
  if (value.includes("#")) return { error: "must not contain a fragment (#) (OAuth 2.1 §2.3.1)" };
  const parts = splitUri(value);
  if (parts.scheme === undefined) return { error: `must be an absolute URI: ${ALLOWED_FORMS}` };
  const scheme = parts.scheme.toLowerCase();
  if (FORBIDDEN_SCHEMES.has(scheme)) {
    return { error: `must not use the ${scheme}: scheme; allowed: ${ALLOWED_FORMS}` };
  }
  if (scheme === "https") return checkHttpsRedirect(value);
  if (scheme === "http") return checkLoopbackRedirect(value);
  if (!scheme.includes(".")) {
    return {
      error: `uses the private-use scheme "${parts.scheme}:", which must be a reversed domain name containing a dot, e.g. com.example.app:/callback (RFC 8252 §7.1)`,
    };
  }
  return undefined;
}

function checkHttpsRedirect(value: string): RedirectUriVerdict {
  const { authority } = splitUri(value);
  if (authority === undefined || authority === "") return { error: "must name a host after https://" };
  const { userinfo, host } = splitAuthority(authority);
  if (userinfo !== undefined) return { error: "must not contain userinfo (user@)" };
  if (host === "" || !isParsableUrl(value)) return { error: `is not a valid https URI; allowed: ${ALLOWED_FORMS}` };
  return undefined;
}

function checkLoopbackRedirect(value: string): RedirectUriVerdict {
  const { authority } = splitUri(value);
  const { userinfo, host, port } = splitAuthority(authority ?? "");
  if (userinfo !== undefined) return { error: "must not contain userinfo (user@)" };
  const isLoopbackLiteral = LOOPBACK_IP_LITERALS.has(host);
  const isLocalhost = host === "localhost";
  if (!isLoopbackLiteral && !isLocalhost) {
    if (looksLikeLoopback(host)) {
      return { error: `spells loopback as "${host}"; use exactly http://127.0.0.1/... or http://[::1]/...` };
    }
    return { error: "uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https" };
  }
  if (port !== undefined) {
    return {
      error: "must be registered without a port: the authorization server accepts any port on loopback (RFC 8252 §7.3)",
    };
  }
  if (!isParsableUrl(value)) return { error: `is not a valid URI; allowed: ${ALLOWED_FORMS}` };
  if (isLocalhost) {
    return { warning: "uses localhost, which is discouraged (RFC 8252 §8.3); prefer http://127.0.0.1/... or http://[::1]/..." };
  }
  return undefined;
}

/** Hosts that reach loopback but are not one of the two literals an AS can match exactly. */
function looksLikeLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === "localhost" || lower.endsWith(".localhost") || lower === "localhost.") return true;
  if (lower.startsWith("[")) {
    try {
      return new URL(`http://${lower}/`).hostname === "[::1]";
    } catch {
      return false;
    }
  }
  try {
    // WHATWG parsing folds 127.1, 0x7f.0.0.1 and 2130706433 into dotted IPv4.
    return new URL(`http://${lower}/`).hostname.startsWith("127.");
  } catch {
    return false;
  }
}
