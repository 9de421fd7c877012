import type { McpAuthConfig } from "../src/schema/parse.js";

/**
 * The synthetic configs every component benchmark declares. They are plain objects of one narrow shape
 * (below), so the hand-written raw baselines can loop over them directly — as a team writing provider
 * resources by hand would loop over its own list — without the schema, the plan or the translators.
 */

/** A benchmark size: how many MCP resources (3 scopes each) and how many agent clients. */
export interface ConfigSize {
  readonly resources: number;
  readonly clients: number;
}

/** A scope as the config writes it: a description, or a description with consent. */
export type SyntheticScope = string | { readonly description: string; readonly consent: "required" };

export interface SyntheticResource {
  readonly uri: string;
  readonly name: string;
  readonly scopes: Readonly<Record<string, SyntheticScope>>;
  /** Seconds, written out so the raw baselines need no duration parser or defaults. */
  readonly accessTokenLifetime: number;
}

export interface SyntheticClient {
  readonly name: string;
  readonly redirectUris: string[];
  readonly access: Record<string, string[]>;
  /** Seconds; absent: the client holds no refresh tokens. */
  readonly refreshTokens?: { readonly idleLifetime: number; readonly absoluteLifetime: number };
}

/**
 * A valid pulumi-mcp-auth config, narrowed to what the benchmarks use. The components receive it as an
 * `McpAuthConfig`, so the compiler keeps this type assignable to the schema's input type.
 */
export interface SyntheticConfig {
  readonly version: 1;
  readonly resources: Readonly<Record<string, SyntheticResource>>;
  readonly clients: Readonly<Record<string, SyntheticClient>>;
  readonly okta: { readonly groups: string[] };
  readonly keycloak: { readonly realm: string; readonly createRealm: boolean };
}

/** How many resources each client is granted (fewer when the config has fewer resources). */
export const GRANTS_PER_CLIENT = 3;

const ACCESS_TOKEN_LIFETIME = 600;
const REFRESH_TOKENS = { idleLifetime: 86_400, absoluteLifetime: 30 * 86_400 };
/** The scopes granted in each of a client's slots: read + write, read, all three. */
const SCOPE_SETS: readonly (readonly string[])[] = [["read", "write"], ["read"], ["read", "write", "delete"]];

const pad = (index: number, width: number) => String(index).padStart(width, "0");

/**
 * A valid config of the given size, shaped like a large team's file: resource `rNNNN` has the scopes
 * `rNNNN:read`, `rNNNN:write` (consent required) and `rNNNN:delete`; client `cNNN` is granted
 * {@link GRANTS_PER_CLIENT} resources spread over the whole list, with different scopes in each slot,
 * and every other client holds refresh tokens. Objects grow with resources + clients and grants with
 * clients; some clients share a grant (which Okta policies exploit) and others differ. Keys are
 * generated in sorted order, so the file order is also the order every translator sorts into.
 */
export function syntheticConfig(size: ConfigSize): SyntheticConfig {
  const resourceKeys = Array.from({ length: size.resources }, (_, index) => `r${pad(index, 4)}`);
  const resources = Object.fromEntries(
    resourceKeys.map((key): [string, SyntheticResource] => [
      key,
      {
        uri: `https://mcp.example.com/${key}`,
        name: `Tools ${key}`,
        scopes: { [`${key}:read`]: "Read", [`${key}:write`]: { description: "Write", consent: "required" }, [`${key}:delete`]: "Delete" },
        accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
      },
    ]),
  );
  const stride = Math.max(1, Math.floor(size.resources / GRANTS_PER_CLIENT));
  const clients = Object.fromEntries(
    Array.from({ length: size.clients }, (_, index): [string, SyntheticClient] => {
      const granted = [...new Set(SCOPE_SETS.map((_, slot) => resourceKeys[(index + slot * stride) % size.resources] as string))];
      const access = Object.fromEntries(granted.map((key, slot) => [key, (SCOPE_SETS[slot] as readonly string[]).map((scope) => `${key}:${scope}`)]));
      const client: SyntheticClient = {
        name: `Agent ${index}`,
        redirectUris: ["http://127.0.0.1/callback", `com.example.agent${index}:/oauth/callback`],
        access,
        ...(index % 2 === 0 ? { refreshTokens: REFRESH_TOKENS } : {}),
      };
      return [`c${pad(index, 3)}`, client];
    }),
  );
  return { version: 1, resources, clients, okta: { groups: ["EVERYONE"] }, keycloak: { realm: "mcp", createRealm: true } } satisfies McpAuthConfig;
}

/** Code-unit order, as the plan sorts (locale-independent). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A record's entries in key order. */
export const sortedEntries = <T>(record: Readonly<Record<string, T>>): Array<[string, T]> => Object.entries(record).sort(([a], [b]) => byCodeUnits(a, b));
