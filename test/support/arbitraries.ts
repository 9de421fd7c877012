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

/*
 * Broad valid configs: every spelling and section the schema accepts, for IdP translations that take
 * them all (Auth0). Compared with `validConfigArbitrary`, they add resource URIs in mixed case, with
 * default and non-default ports, with trailing slashes and on loopback http; client display names;
 * redirect URIs that differ only by a trailing slash; refresh tokens as `true`; run-time registration
 * with any flags and any access; and the `auth0:` section.
 */

export interface BroadConfigOptions {
  readonly maxResources?: number;
  readonly maxClients?: number;
  /** Also generate the registration limits (`maxClients`, `allowedHosts`); off for IdPs that refuse them. Default true. */
  readonly registrationLimits?: boolean;
}

// Hosts as users write them; scheme and host are case-insensitive and 443 is https's default port.
const BROAD_HTTPS_HOSTS = ["mcp.example.com", "MCP.Example.com", "mcp.example.com:443", "api.example.org:8443"] as const;

/** A URI with its key as a whole path segment, so URIs of distinct keys never share an audience. */
function broadResourceUriArbitrary(key: string): fc.Arbitrary<string> {
  const path = fc.constantFrom(`/${key}`, `/${key}/`, `/svc/${key}`, `/svc/${key}/MCP`);
  const https = fc.tuple(fc.constantFrom("https", "HTTPS"), fc.constantFrom(...BROAD_HTTPS_HOSTS), path).map(([scheme, host, p]) => `${scheme}://${host}${p}`);
  const loopback = path.map((p) => `http://127.0.0.1:3000${p}`);
  return fc.oneof({ arbitrary: https, weight: 4 }, { arbitrary: loopback, weight: 1 });
}

const broadScopeValueArbitrary = fc.oneof(
  fc.constantFrom("Read things", "Change things", "Search the index"),
  fc.record({ description: fc.constantFrom("Delete things", "Approve changes"), consent: fc.constantFrom("required", "implicit") }),
);

interface BroadResource {
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly scopeNames: readonly string[];
}

function broadResourceArbitrary(key: string): fc.Arbitrary<BroadResource> {
  return fc
    .record({
      uri: broadResourceUriArbitrary(key),
      suffixes: fc.uniqueArray(scopeSuffixArbitrary, { minLength: 1, maxLength: 3 }),
      scopeValues: fc.array(broadScopeValueArbitrary, { minLength: 3, maxLength: 3 }),
      // Display names must differ between resources; deriving them from the key keeps them apart.
      name: fc.option(fc.constantFrom("tools", "Documentation search"), { nil: undefined }),
      accessTokenLifetime: fc.option(fc.oneof(fc.constantFrom("5m", "10m", "1h", "1d", "30d"), fc.integer({ min: 1, max: 30 * DAY })), { nil: undefined }),
      documentation: fc.option(fc.constant(`https://docs.example.com/mcp/${key}`), { nil: undefined }),
    })
    .map(({ uri, suffixes, scopeValues, name, ...optional }) => {
      // `${key}:` keeps scope names unique across the file, case-insensitively, and never reserved.
      const scopeNames = suffixes.map((suffix) => `${key}:${suffix}`);
      const scopes = Object.fromEntries(scopeNames.map((scopeName, index) => [scopeName, scopeValues[index]]));
      return { key, scopeNames, value: withoutUndefined({ uri, scopes, name: name && `${key} ${name}`, ...optional }) };
    });
}

const BROAD_REDIRECT_URIS = [...REDIRECT_URIS, "https://agents.example.com/oauth/callback/"];

const broadRefreshTokensArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.constant(false),
  fc.constant(true),
  fc
    .tuple(fc.integer({ min: 60, max: 365 * DAY }), fc.integer({ min: 60, max: 365 * DAY }))
    .map(([a, b]) => ({ idleLifetime: Math.min(a, b), absoluteLifetime: Math.max(a, b) })),
  fc.constant({ idleLifetime: "1d", absoluteLifetime: "30d" }),
);

/** Non-empty access to some of the resources, each with a non-empty subset of its scopes. */
function broadAccessArbitrary(resources: readonly BroadResource[]): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .subarray([...resources], { minLength: 1 })
    .chain((granted) => fc.tuple(...granted.map((resource) => fc.subarray([...resource.scopeNames], { minLength: 1 }))).map((scopes) => ({ granted, scopes })))
    .map(({ granted, scopes }) => Object.fromEntries(granted.map((resource, index) => [resource.key, scopes[index] ?? []])));
}

function broadClientArbitrary(key: string, resources: readonly BroadResource[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      name: fc.option(fc.constantFrom("agent", "Code review agent"), { nil: undefined }),
      redirectUris: fc.uniqueArray(fc.constantFrom(...BROAD_REDIRECT_URIS), { minLength: 1, maxLength: 3 }),
      access: broadAccessArbitrary(resources),
      refreshTokens: broadRefreshTokensArbitrary,
    })
    .map(({ name, ...client }) => withoutUndefined({ ...client, name: name && `${key} ${name}` }));
}

function broadRegistrationArbitrary(resources: readonly BroadResource[], limits: boolean): fc.Arbitrary<Record<string, unknown> | undefined> {
  const dynamic = limits ? fc.oneof(fc.boolean(), fc.record({ maxClients: fc.integer({ min: 1, max: 10_000 }) }, { requiredKeys: [] })) : fc.oneof(fc.boolean(), fc.constant({}));
  const documents = limits
    ? fc.oneof(
        fc.boolean(),
        fc.record({ allowedHosts: fc.uniqueArray(fc.constantFrom("agents.example.com", "*.example.org", "Tools.Example.NET"), { maxLength: 3 }) }),
      )
    : fc.boolean();
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    {
      arbitrary: fc
        .record({
          // Both file forms of each mode: a boolean, or the object with its limits (issue 13).
          dynamic,
          clientIdMetadataDocuments: documents,
          access: broadAccessArbitrary(resources),
        })
        .filter((registration) => registration.dynamic !== false || registration.clientIdMetadataDocuments !== false),
      weight: 1,
    },
  );
}

/** A broad valid config: 1..maxResources resources, 0..maxClients clients, maybe registration and an auth0 section. */
export function broadValidConfigArbitrary(options: BroadConfigOptions = {}): fc.Arbitrary<Record<string, any>> {
  const { maxResources = 4, maxClients = 4, registrationLimits = true } = options;
  return fc
    .uniqueArray(keyArbitrary, { minLength: 1, maxLength: maxResources })
    .chain((keys) => fc.tuple(...keys.map(broadResourceArbitrary)))
    .chain((resources) =>
      fc.record({
        resources: fc.constant(resources),
        clients: fc.uniqueArray(keyArbitrary, { maxLength: maxClients }).chain((clientKeys) =>
          fc.tuple(...clientKeys.map((key) => broadClientArbitrary(key, resources))).map((clients) => Object.fromEntries(clientKeys.map((key, index) => [key, clients[index]]))),
        ),
        registration: broadRegistrationArbitrary(resources, registrationLimits),
        auth0: fc.option(fc.record({ manageTenantSettings: fc.boolean() }), { nil: undefined }),
      }),
    )
    .map(({ resources, clients, registration, auth0 }) =>
      withoutUndefined({
        version: 1,
        resources: Object.fromEntries(resources.map((resource) => [resource.key, resource.value])),
        clients,
        registration,
        auth0,
      }),
    );
}

/** The record without its `undefined` fields, as a user leaves optional keys out. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
