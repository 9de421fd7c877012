import fc from "fast-check";
import { keyArbitrary, reorderKeys, withoutUndefined } from "./arbitraries.js";

/** What {@link mcpConfigArbitrary} may be told to avoid or add. */
export interface McpConfigArbitraryOptions {
  /** Client keys the config must not use, e.g. client ids an IdP reserves. */
  readonly avoidClientKeys?: readonly string[];
  /** IdP sections to add, e.g. `{ keycloak: fc.record({ realm: fc.constant("mcp"), createRealm: fc.boolean() }) }`. */
  readonly sections?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

const REDIRECT_POOL = ["http://127.0.0.1/callback", "http://[::1]/cb", "https://agent.example.com/oauth/cb", "com.example.agent:/cb"];

function resourceArbitrary(key: string) {
  return fc.record({
    uri: fc.constantFrom(`https://mcp.example.com/${key}`, `https://${key}.mcp.example.com/mcp`, `http://127.0.0.1:8080/${key}`),
    // Display names must differ between resources; deriving them from the key keeps them apart.
    name: fc.option(fc.constantFrom("tools", "search server").map((name) => `${key} ${name}`), { nil: undefined }),
    // Scope names carry the resource key, so they are unique across the file (and never reserved).
    scopes: fc
      .uniqueArray(fc.stringMatching(/^[a-z][a-z.-]{0,7}$/), { minLength: 1, maxLength: 3 })
      .chain((words) =>
        fc.tuple(
          ...words.map((word) =>
            fc.oneof(
              fc.constant<unknown>(`Use ${word}`),
              fc.record({ description: fc.constant(`Use ${word}`), consent: fc.constantFrom("required", "implicit") }),
            ).map((value) => [`${key}:${word}`, value] as const),
          ),
        ),
      )
      .map((entries) => Object.fromEntries(entries)),
    accessTokenLifetime: fc.integer({ min: 1, max: 86_400 }),
  });
}

function clientArbitrary(resources: Record<string, { scopes: Record<string, unknown> }>) {
  const resourceKeys = Object.keys(resources);
  return fc.record({
    redirectUris: fc.subarray(REDIRECT_POOL, { minLength: 1 }),
    access: fc
      .subarray(resourceKeys, { minLength: 1 })
      .chain((keys) =>
        fc.tuple(...keys.map((key) => fc.subarray(Object.keys(resources[key]!.scopes), { minLength: 1 }).map((scopes) => [key, scopes] as const))),
      )
      .map((entries) => Object.fromEntries(entries)),
    refreshTokens: fc.oneof(
      fc.constant<unknown>(false),
      fc
        .tuple(fc.integer({ min: 60, max: 30 * 86_400 }), fc.integer({ min: 0, max: 300 * 86_400 }))
        .map(([idle, extra]) => ({ idleLifetime: idle, absoluteLifetime: idle + extra })),
    ),
  });
}

/**
 * Valid pulumi-mcp-auth configs (raw, as a user writes them): one to four resources with one to three
 * scopes each, zero to four clients granted non-empty subsets, optional refresh tokens and lifetimes.
 */
export function mcpConfigArbitrary(options: McpConfigArbitraryOptions = {}): fc.Arbitrary<Record<string, any>> {
  const avoid = new Set(options.avoidClientKeys ?? []);
  return fc
    .uniqueArray(keyArbitrary, { minLength: 1, maxLength: 4 })
    .chain((keys) => fc.tuple(...keys.map((key) => resourceArbitrary(key).map((resource) => [key, resource] as const))))
    .map((entries) => Object.fromEntries(entries.map(([key, resource]) => [key, withoutUndefined(resource)])))
    .chain((resources) =>
      fc.record({
        version: fc.constant(1),
        resources: fc.constant(resources),
        clients: fc
          .uniqueArray(keyArbitrary.filter((key) => !avoid.has(key)), { maxLength: 4 })
          .chain((keys) => fc.tuple(...keys.map((key) => clientArbitrary(resources).map((client) => [key, client] as const))))
          .map((entries) => Object.fromEntries(entries)),
        ...(options.sections ?? {}),
      }),
    );
}

/** The same config with every record's keys in reverse insertion order: a reordered file. */
export function reversedRecords(value: unknown): unknown {
  // Seed 0 rotates nothing, so every record is only reversed.
  return reorderKeys(value, 0);
}
