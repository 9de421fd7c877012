import fc from "fast-check";

/**
 * fast-check arbitraries of valid pulumi-mcp-auth configs (raw objects, as a user writes them). Record
 * keys come in random order, so properties also exercise the plan's sorting.
 */

export interface ConfigArbitraryOptions {
  /**
   * `any`: lifetimes anywhere the schema accepts (seconds up to 30d; refresh up to 365d).
   * `okta`: only lifetimes Okta can hold — whole minutes, access tokens 5m–1d, refresh idle ≥ 5m and ≥ the
   * access tokens of every granted resource, refresh absolute ≥ 10m.
   */
  readonly lifetimes?: "any" | "okta";
  /** Sometimes turn on run-time registration (dynamic or client ID metadata documents). Default false. */
  readonly registration?: boolean;
  /** Sometimes add an `okta:` section with these candidate groups. Default: never. */
  readonly oktaGroups?: readonly string[];
}

const MINUTE = 60;
const DAY = 86_400;
const YEAR_MINUTES = 365 * 24 * 60;

export const keyArbitrary = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const scopeSuffixArbitrary = fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/);
const descriptionArbitrary = fc.constantFrom("Read things", "Write things", "List tools", "Call tools");
const REDIRECT_URIS = ["http://127.0.0.1/callback", "http://[::1]/cb", "https://agents.example.com/oauth/callback", "com.example.agent:/oauth/callback"];

interface GeneratedResource {
  readonly key: string;
  readonly scopes: readonly string[];
  readonly accessTokenLifetimeSeconds: number;
  readonly value: Record<string, unknown>;
}

function resourceArbitrary(key: string, okta: boolean): fc.Arbitrary<GeneratedResource> {
  const oktaLifetime = fc.integer({ min: 5, max: 1440 }).map((minutes) => minutes * MINUTE);
  // Mostly lifetimes Okta holds, so properties over `any` see both outcomes often.
  const lifetime = okta ? oktaLifetime : fc.oneof({ weight: 4, arbitrary: oktaLifetime }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 * DAY }) });
  const scope = fc.oneof(descriptionArbitrary, fc.record({ description: descriptionArbitrary, consent: fc.constantFrom("required", "implicit") }));
  return fc
    .record({
      suffixes: fc.uniqueArray(scopeSuffixArbitrary, { minLength: 1, maxLength: 3 }),
      scopeValues: fc.array(scope, { minLength: 3, maxLength: 3 }),
      lifetime,
      host: fc.constantFrom("mcp.example.com", "tools.example.org"),
      // Display names must differ between resources; deriving them from the key keeps them apart.
      name: fc.option(fc.constantFrom("tools", "MCP server"), { nil: undefined }),
    })
    .map(({ suffixes, scopeValues, lifetime: seconds, host, name }) => {
      const scopes = suffixes.map((suffix) => `${key}:${suffix}`);
      return {
        key,
        scopes,
        accessTokenLifetimeSeconds: seconds,
        value: {
          uri: `https://${host}/${key}`,
          ...(name === undefined ? {} : { name: `${key} ${name}` }),
          scopes: Object.fromEntries(scopes.map((scope, index) => [scope, scopeValues[index]])),
          accessTokenLifetime: seconds % MINUTE === 0 ? `${seconds / MINUTE}m` : seconds,
        },
      };
    });
}

function refreshArbitrary(okta: boolean, minIdleSeconds: number): fc.Arbitrary<false | { idleLifetime: string | number; absoluteLifetime: string | number }> {
  const oktaRefresh = fc
    .integer({ min: Math.max(5, Math.ceil(minIdleSeconds / MINUTE)), max: YEAR_MINUTES })
    .chain((idle) => fc.integer({ min: Math.max(idle, 10), max: YEAR_MINUTES }).map((absolute) => ({ idleLifetime: `${idle}m`, absoluteLifetime: `${absolute}m` })));
  const anyRefresh = fc
    .integer({ min: 1, max: 365 * DAY })
    .chain((idle) => fc.integer({ min: idle, max: 365 * DAY }).map((absolute) => ({ idleLifetime: idle, absoluteLifetime: absolute })));
  return fc.oneof(fc.constant(false as const), okta ? oktaRefresh : fc.oneof({ weight: 4, arbitrary: oktaRefresh }, { weight: 1, arbitrary: anyRefresh }));
}

function clientArbitrary(resources: readonly GeneratedResource[], okta: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .subarray([...resources], { minLength: 1 })
    .chain((granted) =>
      fc.record({
        access: fc.tuple(...granted.map((resource) => fc.subarray([...resource.scopes], { minLength: 1 }))).map((lists) =>
          Object.fromEntries(granted.map((resource, index) => [resource.key, lists[index]])),
        ),
        redirectUris: fc.subarray(REDIRECT_URIS, { minLength: 1 }),
        refreshTokens: refreshArbitrary(okta, Math.max(...granted.map((resource) => resource.accessTokenLifetimeSeconds))),
      }),
    );
}

/** Any config the schema accepts, shaped by `options`. */
export function validConfigArbitrary(options: ConfigArbitraryOptions = {}): fc.Arbitrary<Record<string, any>> {
  const okta = options.lifetimes === "okta";
  return fc
    .uniqueArray(keyArbitrary, { minLength: 1, maxLength: 4 })
    .chain((resourceKeys) => fc.tuple(...resourceKeys.map((key) => resourceArbitrary(key, okta))))
    .chain((resources) =>
      fc.record({
        resources: fc.constant(resources),
        clients: fc.uniqueArray(keyArbitrary, { maxLength: 4 }).chain((clientKeys) =>
          fc.tuple(...clientKeys.map(() => clientArbitrary(resources, okta))).map((clients) => Object.fromEntries(clientKeys.map((key, index) => [key, clients[index]]))),
        ),
        registration: options.registration
          ? fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("dynamic", "clientIdMetadataDocuments") })
          : fc.constant(undefined),
        groups: options.oktaGroups ? fc.option(fc.uniqueArray(fc.constantFrom(...options.oktaGroups), { minLength: 1 }), { nil: undefined }) : fc.constant(undefined),
      }),
    )
    .map(({ resources, clients, registration, groups }) => ({
      version: 1,
      resources: Object.fromEntries(resources.map((resource) => [resource.key, resource.value])),
      clients,
      ...(registration ? { registration: { [registration]: true, access: { [resources[0]!.key]: [resources[0]!.scopes[0]] } } } : {}),
      ...(groups ? { okta: { groups } } : {}),
    }));
}

/** The same config with every record's keys in another order (the plan must not care). */
export function reorderKeys<T>(value: T, seed: number): T {
  if (Array.isArray(value)) return value.map((item) => reorderKeys(item, seed)) as T;
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, reorderKeys(inner, seed)] as const);
  const shift = entries.length > 0 ? seed % entries.length : 0;
  return Object.fromEntries([...entries.slice(shift), ...entries.slice(0, shift)].reverse()) as T;
}
