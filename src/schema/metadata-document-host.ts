/**
 * The hosts an admin allows to serve client ID metadata documents: exact DNS host names
 * (`agents.example.com`) or `*.suffix` patterns that match subdomains of the suffix, never the suffix itself.
 * Only names: the host name of a document's URL is what is compared (a port in the URL is allowed, as the
 * draft permits, and does not take part), so a scheme, port, path or IP literal in the list would be a
 * mistake about what is compared. Allow only hosts whose every port is yours.
 *
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ (client ID metadata documents)
 * @see https://www.rfc-editor.org/rfc/rfc1123#section-2.1 (host name syntax)
 */

export const METADATA_DOCUMENT_HOST_FORM = "a DNS host name such as agents.example.com, or *.example.com for its subdomains";

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// WHATWG URL parsing reads a host whose last label is a number (decimal or 0x hex) as an IPv4 address.
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/;
const MAX_HOST_LENGTH = 253;

/** Why `value` is not an allowed-host entry, or `undefined` when it is. Upper case is accepted (DNS ignores case). */
export function metadataDocumentHostProblem(value: string): string | undefined {
  if (value === "") return `must not be empty; write ${METADATA_DOCUMENT_HOST_FORM}`;
  if (/[^\x21-\x7e]/.test(value)) {
    return "must be printable ASCII without spaces; write an internationalized name in its punycode form (xn--...)";
  }
  if (value.includes("://")) {
    return `must be a host name without a scheme (documents are always fetched over https); write ${hostOf(value)}`;
  }
  if (/[/?#]/.test(value)) return `must be a host name without a path, query or fragment; write ${METADATA_DOCUMENT_HOST_FORM}`;
  if (value.includes("@")) return "must be a host name without userinfo (user@)";
  if (value.startsWith("[") || value.split(":").length > 2) {
    return "must not be an IP address: name the host (metadata documents are fetched by name, never from an IP literal)";
  }
  if (value.includes(":")) {
    return "must be a host name without a port: metadata documents are fetched over https on its default port";
  }
  const host = value.toLowerCase();
  if (host === "*") {
    return "must not be * alone; use clientIdMetadataDocuments: true to allow any host, or list the hosts";
  }
  const wildcard = host.startsWith("*.");
  const name = wildcard ? host.slice(2) : host;
  if (name.includes("*")) return "may use * only as the whole first label, as in *.example.com";
  if (name.endsWith(".")) return `must not end with a dot; write ${host.replace(/\.+$/, "")}`;
  const labels = name.split(".");
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? "")) {
    return "must not be an IP address: name the host (metadata documents are fetched by name, never from an IP literal)";
  }
  if (name.length > MAX_HOST_LENGTH || !labels.every((label) => LABEL.test(label))) {
    return "must be a DNS host name: dot-separated labels of 1 to 63 letters, digits or hyphens (no hyphen at either end), at most 253 characters";
  }
  if (wildcard && labels.length < 2) {
    return `${host} would match every name under a top-level domain; name at least two labels after *., e.g. *.example.com`;
  }
  return undefined;
}

/** The form kept in the resolved config and plan: lower case (DNS names compare case-insensitively, RFC 4343). */
export function normalizeMetadataDocumentHost(value: string): string {
  return value.toLowerCase();
}

/**
 * True when `host` (as a URL's hostname gives it) is allowed by the list: equal to an exact entry, or a
 * subdomain of a `*.suffix` entry at any depth; `*.example.com` does not match `example.com` itself.
 */
export function isAllowedMetadataDocumentHost(host: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allowed.some((entry) => (entry.startsWith("*.") ? name.endsWith(entry.slice(1)) && name.length > entry.length - 1 : name === entry));
}

/** The host part of a URL someone wrote where a host was expected, to suggest the fix. */
function hostOf(value: string): string {
  try {
    const host = new URL(value).hostname;
    return host !== "" && metadataDocumentHostProblem(host) === undefined ? host.toLowerCase() : METADATA_DOCUMENT_HOST_FORM;
  } catch {
    return METADATA_DOCUMENT_HOST_FORM;
  }
}
