/**
 * The rules a `client_id` URL must meet before anything is fetched from it.
 *
 * A client ID metadata document URL uses https, has a path, and has no fragment, no userinfo and no dot
 * segments (`.` or `..`, also percent-encoded), so that the string compared with the document's `client_id`
 * is the one the browser and the user saw. The raw string is checked, not `new URL()`'s rewriting of it,
 * which drops dot segments and an empty fragment.
 *
 * @returns why the URL is refused, or `undefined`.
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/ §3 (Client Identifier URL)
 */
export function clientIdUrlRefusal(clientId: string): string | undefined {
  if (!/^https:\/\//i.test(clientId)) return "it must use https";
  // Spaces, control characters and backslashes are rewritten by URL parsers; a client_id must be taken as is.
  if (hasRewrittenCharacter(clientId)) return "it must not contain spaces, control characters or backslashes";
  if (clientId.includes("#")) return "it must not contain a fragment (#)";
  const rest = clientId.slice("https://".length);
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  if (authority.includes("@")) return "it must not contain userinfo (user@)";
  const path = authorityEnd === -1 || rest[authorityEnd] !== "/" ? "" : (rest.slice(authorityEnd).split("?")[0] as string);
  if (path === "" || path === "/") return "it must have a path, e.g. https://client.example.com/client.json";
  const segments = path.split("/").map((segment) => segment.replace(/%2e/gi, "."));
  if (segments.some((segment) => segment === "." || segment === "..")) return "it must not contain dot segments (. or ..)";
  if (URL.parse(clientId) === null) return "it is not a valid URL";
  return undefined;
}

/** Spaces, C0 controls, DEL and backslashes: characters URL parsers drop or rewrite. */
function hasRewrittenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}
