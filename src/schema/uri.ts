/**
 * URI handling that keeps what the user wrote. `new URL(x).href` is never the canonical form: it adds a
 * trailing slash to an empty path, re-encodes characters and drops an empty fragment, so the audience an
 * IdP stores would differ from the one a client sends. We split the string per RFC 3986 Appendix B and
 * rebuild it from its own parts.
 */

/** The five components of RFC 3986 §3; `undefined` where the component is absent (not merely empty). */
export interface UriParts {
  readonly scheme: string | undefined;
  readonly authority: string | undefined;
  readonly path: string;
  readonly query: string | undefined;
  readonly fragment: string | undefined;
}

/** The authority split into userinfo, host and port (RFC 3986 §3.2). */
export interface AuthorityParts {
  readonly userinfo: string | undefined;
  readonly host: string;
  readonly port: string | undefined;
}

// RFC 3986 Appendix B: every string matches; the groups tell which components are present.
const URI_REFERENCE = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

export function splitUri(value: string): UriParts {
  const match = URI_REFERENCE.exec(value);
  // The pattern matches any string, so a miss cannot happen; keep the type checker honest anyway.
  if (!match) return { scheme: undefined, authority: undefined, path: value, query: undefined, fragment: undefined };
  return { scheme: match[1], authority: match[2], path: match[3] ?? "", query: match[4], fragment: match[5] };
}

export function splitAuthority(authority: string): AuthorityParts {
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  // An IP-literal host is bracketed and may itself hold colons.
  const hostEnd = hostPort.startsWith("[") ? hostPort.indexOf("]") + 1 : 0;
  const colon = hostPort.indexOf(":", hostEnd);
  if (colon < 0) return { userinfo, host: hostPort, port: undefined };
  return { userinfo, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };

/** Loopback hosts where plain `http` is acceptable for a resource URI (local development). */
export const LOOPBACK_RESOURCE_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Why the characters of a string cannot form a URI, or `undefined` when they can: only RFC 3986's
 * unreserved and reserved characters and well-formed percent-encodings are allowed.
 */
export function uriCharacterProblem(value: string): string | undefined {
  if (/[^\x21-\x7e]/.test(value)) {
    return "must be printable ASCII without spaces (percent-encode other characters; use punycode for hosts)";
  }
  const stray = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/.exec(value);
  if (stray) return `must not contain the character ${JSON.stringify(stray[0])}; percent-encode it`;
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return "has a malformed percent-encoding (% must be followed by two hex digits)";
  return undefined;
}

/** Lower-cases the ASCII letters of a host; IP literals and registered names alike (RFC 3986 §6.2.2.1). */
function lowerHost(host: string): string {
  return host.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * The canonical form of an already validated resource URI: scheme and host lower-cased and a default
 * port dropped, everything else byte-for-byte as written.
 */
export function canonicalizeResourceUri(value: string): string {
  const parts = splitUri(value);
  const scheme = (parts.scheme ?? "").toLowerCase();
  const { host, port } = splitAuthority(parts.authority ?? "");
  const keepPort = port !== undefined && port !== "" && port !== DEFAULT_PORTS[scheme];
  return `${scheme}://${lowerHost(host)}${keepPort ? `:${port}` : ""}${parts.path}`;
}

/**
 * The form an MCP client arrives at from a URI: WHATWG URL's host (lower-cased, percent-decoded, IPv4 and
 * IPv6 written out the standard way) without a trailing dot, its port (no default port, no leading
 * zeros), and the path normalized per RFC 3986 §6.2.2 (upper-case hex, unreserved characters decoded,
 * dot segments removed). `undefined` when the string does not parse as a URL.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-6.2.2
 * @see https://url.spec.whatwg.org/#host-serializing
 */
export function normalizedResourceUri(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const parts = splitUri(value);
  const host = url.hostname.endsWith(".") ? url.hostname.slice(0, -1) : url.hostname;
  const path = removeDotSegments(normalizePercentEncoding(parts.path));
  return `${url.protocol}//${host}${url.port === "" ? "" : `:${url.port}`}${path}`;
}

/**
 * The comparison key of RFC 3986 §6.2.2–6.2.3 for duplicate detection: {@link normalizedResourceUri}
 * with trailing slashes removed, so `/github/` and `/github` (and an empty path and `/`) count as one
 * resource. Two resources with the same key would be one audience.
 */
export function resourceComparisonKey(value: string): string {
  const parts = splitUri(value);
  const query = parts.query === undefined ? "" : `?${normalizePercentEncoding(parts.query)}`;
  const withoutQuery = parts.query === undefined ? value : value.slice(0, value.indexOf("?"));
  const normalized = normalizedResourceUri(withoutQuery) ?? fallbackKey(withoutQuery);
  const { scheme, authority, path } = splitUri(normalized);
  const trimmed = path.replace(/\/+$/, "");
  return `${scheme}://${authority}${trimmed === "" ? "/" : trimmed}${query}`;
}

/** For strings URL parsing refuses (never accepted as a resource): case, percent-encoding and dot segments only. */
function fallbackKey(value: string): string {
  const parts = splitUri(value);
  const scheme = (parts.scheme ?? "").toLowerCase();
  const { host, port } = splitAuthority(parts.authority ?? "");
  const keepPort = port !== undefined && port !== "" && port !== DEFAULT_PORTS[scheme];
  return `${scheme}://${normalizePercentEncoding(lowerHost(host))}${keepPort ? `:${port}` : ""}${removeDotSegments(normalizePercentEncoding(parts.path))}`;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-cases percent-encoding hex digits and decodes encoded unreserved characters (RFC 3986 §6.2.2.1–2). */
export function normalizePercentEncoding(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const character = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(character) ? character : `%${hex.toUpperCase()}`;
  });
}

/** RFC 3986 §5.2.4 remove_dot_segments. */
export function removeDotSegments(path: string): string {
  let input = path;
  const output: string[] = [];
  while (input.length > 0) {
    if (input.startsWith("../")) input = input.slice(3);
    else if (input.startsWith("./")) input = input.slice(2);
    else if (input.startsWith("/./")) input = input.slice(2);
    else if (input === "/.") input = "/";
    else if (input.startsWith("/../")) {
      input = input.slice(3);
      output.pop();
    } else if (input === "/..") {
      input = "/";
      output.pop();
    } else if (input === "." || input === "..") input = "";
    else {
      const next = input.indexOf("/", input.startsWith("/") ? 1 : 0);
      const segment = next < 0 ? input : input.slice(0, next);
      output.push(segment);
      input = next < 0 ? "" : input.slice(next);
    }
  }
  return output.join("");
}

/** True when WHATWG URL parsing accepts the string: a last check that host and port are well formed. */
export function isParsableUrl(value: string): boolean {
  return URL.canParse(value);
}
