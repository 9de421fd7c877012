import {
  LOOPBACK_RESOURCE_HOSTS,
  isParsableUrl,
  splitAuthority,
  splitUri,
  uriCharacterProblem,
} from "./uri.js";

const EXAMPLE = "e.g. https://mcp.example.com/github";

/**
 * Why a string cannot be a canonical MCP resource URI, or `undefined` when it can.
 * @see RFC 8707 §2 (absolute URI, no fragment), RFC 9728 §1.2 (https, no query), MCP authorization spec
 *   "Canonical Server URI".
 */
export function resourceUriProblem(value: string): string | undefined {
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
  return undefined;
}
