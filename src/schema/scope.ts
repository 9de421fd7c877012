/** Scopes the library requests or grants itself; a resource may not declare them. */
export const RESERVED_SCOPES: readonly string[] = ["openid", "offline_access", "profile", "email"];

/** Scope names that grant everything, which MCP's scope-minimization guidance warns against. */
const OMNIBUS_NAMES: ReadonlySet<string> = new Set(["*", "all", "admin", "full-access", "full_access", "root"]);

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Why a string cannot be a resource's scope name, or `undefined` when it can. */
export function scopeNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty; write a scope token such as github:read";
  if (!SCOPE_TOKEN.test(name)) {
    return 'must be a scope token: printable ASCII without spaces, double quotes (") or backslashes (\\) (RFC 6749 §3.3)';
  }
  if (RESERVED_SCOPES.includes(name.toLowerCase())) {
    return `is reserved (${RESERVED_SCOPES.join(", ")} are managed by pulumi-mcp-auth); use a resource-specific name such as github:read`;
  }
  return undefined;
}

/** True for names like `*`, `admin` or `github:all` that grant everything at once. */
export function isOmnibusScope(name: string): boolean {
  const lastSegment = name.toLowerCase().split(/[:./]/).pop() ?? "";
  return OMNIBUS_NAMES.has(name.toLowerCase()) || OMNIBUS_NAMES.has(lastSegment);
}
