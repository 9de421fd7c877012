import fc from "fast-check";

/**
 * Arbitrary valid configs as users write them: 1–4 resources with 1–3 scopes each, 0–3 clients with
 * non-empty access to some of them, every duration form, refresh tokens on or off.
 */
export const keyArbitrary = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

const durationArbitrary = (maxSeconds: number) =>
  fc.oneof(
    fc.integer({ min: 1, max: maxSeconds }),
    fc.integer({ min: 1, max: Math.floor(maxSeconds / 60) }).map((m) => `${m}m`),
    fc.integer({ min: 1, max: Math.floor(maxSeconds / 3600) }).map((h) => `${h}h`),
    fc.constant("30s"),
  );

const redirectUriArbitrary = fc.oneof(
  fc.constantFrom("http://127.0.0.1/callback", "http://[::1]/cb", "com.example.agent:/oauth/cb", "https://agents.example.com/oauth/callback"),
  keyArbitrary.map((key) => `https://${key}.example.com/cb`),
  keyArbitrary.map((key) => `http://127.0.0.1/${key}`),
);

const scopeValueArbitrary = fc.oneof(
  fc.constantFrom("Read things", "Write things", "Search"),
  fc.record({ description: fc.constant("Change things"), consent: fc.constantFrom("required", "implicit") }),
);

const resourceKeysArbitrary = fc.uniqueArray(keyArbitrary, { minLength: 1, maxLength: 4 });

export const validConfigArbitrary = resourceKeysArbitrary.chain((resourceKeys) => {
  const resources = fc.tuple(
    ...resourceKeys.map((key) =>
      fc.record({
        uri: fc.constantFrom(`https://mcp.example.com/${key}`, `https://${key}.mcp.example.com`, `http://127.0.0.1:8080/${key}`),
        scopes: fc
          .uniqueArray(fc.constantFrom("read", "write", "search", "admin-boards", "x.y"), { minLength: 1, maxLength: 3 })
          .chain((verbs) => fc.tuple(...verbs.map(() => scopeValueArbitrary)).map((values) => Object.fromEntries(verbs.map((verb, i) => [`${key}:${verb}`, values[i]])))),
        accessTokenLifetime: fc.option(durationArbitrary(86_400), { nil: undefined }),
      }),
    ),
  );
  return resources.chain((resourceValues) => {
    const resourceRecord = Object.fromEntries(resourceKeys.map((key, i) => [key, stripUndefined(resourceValues[i]!)]));
    const clientArbitrary = fc.record({
      redirectUris: fc.uniqueArray(redirectUriArbitrary, { minLength: 1, maxLength: 3 }),
      access: fc
        .subarray(resourceKeys, { minLength: 1 })
        .chain((granted) =>
          fc.tuple(...granted.map((key) => fc.subarray(Object.keys(resourceRecord[key]!.scopes), { minLength: 1 }))).map((scopeLists) =>
            Object.fromEntries(granted.map((key, i) => [key, scopeLists[i]])),
          ),
        ),
      refreshTokens: fc.oneof(
        fc.constant(undefined),
        fc.boolean(),
        fc.integer({ min: 600, max: 86_400 }).map((idle) => ({ idleLifetime: idle, absoluteLifetime: "30d" })),
      ),
    });
    const clients = fc.dictionary(keyArbitrary, clientArbitrary, { maxKeys: 3 });
    return clients.map((clientRecord) => ({
      version: 1,
      resources: resourceRecord,
      clients: Object.fromEntries(Object.entries(clientRecord).map(([key, client]) => [key, stripUndefined(client)])),
    }));
  });
});

/** The same config with every record's keys in another order. */
export function reorderKeys<T>(value: T, seed: number): T {
  if (Array.isArray(value)) return value.map((item) => reorderKeys(item, seed)) as T;
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, reorderKeys(inner, seed)] as const);
  const rotated = entries.length > 0 ? [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse() : entries;
  return Object.fromEntries(rotated) as T;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
