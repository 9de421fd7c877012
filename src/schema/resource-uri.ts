import {
  LOOPBACK_RESOURCE_HOSTS,
  canonicalizeResourceUri,
  isParsableUrl,
  normalizePercentEncoding,
  normalizedResourceUri,
  removeDotSegments,
  splitAuthority,
  splitUri,
  uriCharacterProblem,
} from "./uri.js";

const EXAMPLE = "e.g. https://mcp.example.com/github";

/**
 * Why a string cannot be a canonical MCP resource URI, or `undefined` when it can.
 * A URI is accepted only in the form an MCP client computes from it (up to the case of scheme and host
 * and a default port, which are normalized in the output): anything else would be an audience no client
 * ever asks for. The message names that form.
 * @see RFC 8707 §2 (absolute URI, no fragment), RFC 9728 §1.2 (https, no query), RFC 3986 §6.2.2,
 *   MCP authorization spec "Canonical Server URI".
 */
export function resourceUriProblem(value: string): string | undefined {
  const shapeProblem = resourceUriShapeProblem(value);
  if (shapeProblem) return shapeProblem;
  const normalized = normalizedResourceUri(value)!;
  if (normalized !== canonicalizeResourceUri(value)) {
    const { host, port } = splitAuthority(splitUri(value).authority ?? "");
    return `is not in canonical form (${notCanonicalBecause(host, port, splitUri(value).path).join("; ")}): an MCP client would send ${normalized} as the resource and never match this audience; write ${normalized}`;
  }
  const path = splitUri(value).path;
  if (path === "" || path === "/") return hostOnlyProblem(normalized);
  return undefined;
}

/**
 * Why a string is not an absolute http(s) URI of the allowed shape (scheme, host, port; no fragment,
 * query, userinfo or wildcard), or `undefined` when it is — it may still be written in a form that is not
 * canonical. Duplicate detection compares every URI of the allowed shape, canonical or not.
 */
export function resourceUriShapeProblem(value: string): string | undefined {
  if (value === "") return `must be an absolute https URI, ${EXAMPLE}`;
  const characterProblem = uriCharacterProblem(value);
  if (characterProblem) return characterProblem;
  // Checked on the raw string: `new URL()` silently drops an empty fragment.
  if (value.includes("#")) return "must not contain a fragment (#): a resource URI names a server (RFC 8707 §2)";
  if (value.includes("*")) return "must not contain a wildcard (*): each MCP server has one exact resource URI";
  const parts = splitUri(value);
  if (parts.scheme === undefined || parts.authority === undefined) {
    return `must be an absolute URI with a host, ${EXAMPLE}`;
  }
  if (parts.query !== undefined) return "must not contain a query (?): a resource URI is scheme, host, port and path (RFC 9728 §1.2)";
  const { userinfo, host, port } = splitAuthority(parts.authority);
  if (userinfo !== undefined) return "must not contain userinfo (user@): credentials never belong in a resource URI";
  if (host === "") return `must name a host, ${EXAMPLE}`;
  if (port !== undefined && !/^[0-9]*$/.test(port)) return "must have a numeric port";
  const scheme = parts.scheme.toLowerCase();
  if (scheme === "http") {
    if (!LOOPBACK_RESOURCE_HOSTS.has(host.toLowerCase())) {
      return "must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)";
    }
  } else if (scheme !== "https") {
    return `must use https (http is allowed only on a loopback host); got scheme "${parts.scheme}"`;
  }
  if (!isParsableUrl(value)) return `is not a valid URI, ${EXAMPLE}`;
  if (port !== undefined && /^0+$/.test(port)) return `must not use port 0: no server can be reached there, ${EXAMPLE}`;
  const normalized = normalizedResourceUri(value);
  if (normalized === undefined || splitAuthority(splitUri(normalized).authority ?? "").host === "") return `must name a host, ${EXAMPLE}`;
  return undefined;
}

/**
 * SECURITY.md §A.1 (host-only URIs). `https://docs-mcp.example.com` is sent as is by some MCP clients and
 * as `https://docs-mcp.example.com/` by others (the TypeScript SDK sends `new URL(...).href`), while
 * Auth0 API identifiers and Keycloak's `resource_url` compare the audience exactly: one kind of client would
 * always be refused. With a path, both spellings are the same string, so the library asks for one.
 */
function hostOnlyProblem(normalized: string): string {
  const suggestion = `${normalized.replace(/\/$/, "")}/mcp`;
  return `must have a path, e.g. ${suggestion}: MCP clients differ on whether a host-only resource URI ends in "/", and Auth0 and Keycloak compare the audience exactly, so tokens would be refused for some clients`;
}

/** Which rules of canonical form a URI breaks, in the words its author needs to fix it. */
function notCanonicalBecause(host: string, port: string | undefined, path: string): string[] {
  const reasons: string[] = [];
  if (port !== undefined && port.length > 1 && port.startsWith("0")) reasons.push("the port has leading zeros");
  if (host.includes("%")) reasons.push("the host is percent-encoded");
  if (host.endsWith(".")) reasons.push("the host ends with a dot");
  const decoded = normalizePercentEncoding(path);
  if (removeDotSegments(decoded) !== decoded) reasons.push("the path has dot segments (. or .., also when percent-encoded)");
  if (/%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])/.test(path)) reasons.push("the path percent-encodes characters that need no encoding (letters, digits, - . _ ~)");
  if (/%(?:[a-f][0-9A-Fa-f]|[0-9A-Fa-f][a-f])/.test(path)) reasons.push("a percent-encoding uses lower-case hex digits");
  if (reasons.length === 0) reasons.push("the host is not written the way URL parsers write it, e.g. an abbreviated IPv4 address or an uncompressed IPv6 address");
  return reasons;
}
