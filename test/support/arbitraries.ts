import fc from "fast-check";
import type { McpAuthConfig } from "./configs.js";

/**
 * Arbitraries for property tests: raw configs, as users write them, that `parseConfig` accepts. They vary
 * what the rules allow (key spellings, URI case and default ports, scope consent, refresh tokens, redirect
 * URI kinds, run-time registration, IdP sections) and stay inside what every supported IdP can hold.
 */

export interface ValidConfigOptions {
  readonly maxResources?: number;
  readonly maxClients?: number;
}

const LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];
const DIGITS = [..."0123456789"];

/** A string of one character from `first` followed by up to `maxRest` from `rest` (cheaper than stringMatching). */
function token(first: readonly string[], rest: readonly string[], maxRest: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...first), fc.string({ unit: fc.constantFrom(...rest), maxLength: maxRest }))
    .map(([head, tail]) => head + tail);
}

/** A resource or client key: `^[a-z][a-z0-9-]{0,39}$`, kept short so failures read well. */
export const keyArbitrary: fc.Arbitrary<string> = token(LETTERS, [...LETTERS, ...DIGITS, "-"], 11);

// Hosts as users write them; scheme and host are case-insensitive and 443 is https's default port.
const HTTPS_HOSTS = ["mcp.example.com", "MCP.Example.com", "mcp.example.com:443", "api.example.org:8443"] as const;

/**
 * A resource URI that contains its key as a whole path segment, so URIs of distinct keys never
 * normalize to the same audience.
 */
function resourceUriArbitrary(key: string): fc.Arbitrary<string> {
  const path = fc.constantFrom(`/${key}`, `/${key}/`, `/svc/${key}`, `/svc/${key}/MCP`);
  const https = fc.tuple(fc.constantFrom("https", "HTTPS"), fc.constantFrom(...HTTPS_HOSTS), path).map(([scheme, host, p]) => `${scheme}://${host}${p}`);
  const loopback = path.map((p) => `http://127.0.0.1:3000${p}`);
  return fc.oneof({ arbitrary: https, weight: 4 }, { arbitrary: loopback, weight: 1 });
}

const scopeValueArbitrary = fc.oneof(
  fc.constantFrom("Read things", "Change things", "Search the index"),
  fc.record({ description: fc.constantFrom("Delete things", "Approve changes"), consent: fc.constantFrom("required", "implicit") }),
);

interface ResourceDraft {
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly scopeNames: readonly string[];
}

function resourceArbitrary(key: string): fc.Arbitrary<ResourceDraft> {
  // `${key}:` keeps scope names unique across the file, case-insensitively, and never reserved.
  const suffixes = fc.uniqueArray(token(LETTERS, [...LETTERS, ...DIGITS, "_", ".", "-"], 7), { minLength: 1, maxLength: 3 });
  return fc
    .record({
      uri: resourceUriArbitrary(key),
      suffixes,
      scopeValues: fc.array(scopeValueArbitrary, { minLength: 3, maxLength: 3 }),
      name: fc.option(fc.constantFrom("GitHub tools", "Jira", "Documentation search"), { nil: undefined }),
      accessTokenLifetime: fc.option(fc.oneof(fc.constantFrom("5m", "10m", "1h", "1d", "30d"), fc.integer({ min: 1, max: 2_592_000 })), { nil: undefined }),
      documentation: fc.option(fc.constant(`https://docs.example.com/mcp/${key}`), { nil: undefined }),
    })
    .map(({ uri, suffixes: names, scopeValues, ...optional }) => {
      const scopeNames = names.map((suffix) => `${key}:${suffix}`);
      const scopes = Object.fromEntries(scopeNames.map((name, index) => [name, scopeValues[index]]));
      return { key, scopeNames, value: withoutUndefined({ uri, scopes, ...optional }) };
    });
}

const REDIRECT_URIS = [
  "http://127.0.0.1/callback",
  "http://[::1]/cb",
  "https://agents.example.com/oauth/callback",
  "https://agents.example.com/oauth/callback/",
  "com.example.agent:/oauth/callback",
] as const;

// Seconds within a year (the longest lifetime the schema takes), or the file's duration forms.
const refreshTokensArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.constant(false),
  fc.constant(true),
  fc
    .tuple(fc.integer({ min: 60, max: 365 * 86_400 }), fc.integer({ min: 60, max: 365 * 86_400 }))
    .map(([a, b]) => ({ idleLifetime: Math.min(a, b), absoluteLifetime: Math.max(a, b) })),
  fc.constant({ idleLifetime: "1d", absoluteLifetime: "30d" }),
);

/** Non-empty access to some of the resources, each with a non-empty subset of its scopes. */
function accessArbitrary(resources: readonly ResourceDraft[]): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .subarray([...resources], { minLength: 1 })
    .chain((granted) => fc.tuple(...granted.map((resource) => fc.subarray([...resource.scopeNames], { minLength: 1 }))).map((scopes) => ({ granted, scopes })))
    .map(({ granted, scopes }) => Object.fromEntries(granted.map((resource, index) => [resource.key, scopes[index] ?? []])));
}

function clientArbitrary(resources: readonly ResourceDraft[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      name: fc.option(fc.constantFrom("Desktop agent", "Code review agent"), { nil: undefined }),
      redirectUris: fc.uniqueArray(fc.constantFrom(...REDIRECT_URIS), { minLength: 1, maxLength: 3 }),
      access: accessArbitrary(resources),
      refreshTokens: refreshTokensArbitrary,
    })
    .map(withoutUndefined);
}

function registrationArbitrary(resources: readonly ResourceDraft[]): fc.Arbitrary<Record<string, unknown> | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    {
      arbitrary: fc
        .record({ dynamic: fc.boolean(), clientIdMetadataDocuments: fc.boolean(), access: accessArbitrary(resources) })
        .filter((registration) => registration.dynamic || registration.clientIdMetadataDocuments),
      weight: 1,
    },
  );
}

/** A valid config: 1..maxResources resources, 0..maxClients clients, optional registration and auth0 section. */
export function validConfigArbitrary(options: ValidConfigOptions = {}): fc.Arbitrary<McpAuthConfig> {
  const { maxResources = 4, maxClients = 4 } = options;
  return fc
    .uniqueArray(keyArbitrary, { minLength: 1, maxLength: maxResources })
    .chain((keys) => fc.tuple(...keys.map(resourceArbitrary)))
    .chain((resources) =>
      fc.record({
        resources: fc.constant(resources),
        clientKeys: fc.uniqueArray(keyArbitrary, { maxLength: maxClients }),
        clientValues: fc.array(clientArbitrary(resources), { minLength: maxClients, maxLength: maxClients }),
        registration: registrationArbitrary(resources),
        auth0: fc.option(fc.record({ manageTenantSettings: fc.boolean() }), { nil: undefined }),
      }),
    )
    .map(({ resources, clientKeys, clientValues, registration, auth0 }) =>
      withoutUndefined({
        version: 1,
        resources: Object.fromEntries(resources.map((resource) => [resource.key, resource.value])),
        clients: Object.fromEntries(clientKeys.map((key, index) => [key, clientValues[index]])),
        registration,
        auth0,
      }) as McpAuthConfig,
    );
}

/**
 * The same config written in another order: every record's entries and every access list reversed.
 * Redirect URIs keep their order, which is part of what the user declared.
 */
export function reorderedConfig(config: McpAuthConfig): McpAuthConfig {
  const reverseRecord = <T>(record: Record<string, T>, map: (value: T) => T = (value) => value) =>
    Object.fromEntries(Object.entries(record).reverse().map(([key, value]) => [key, map(value)]));
  const reverseAccess = (access: Record<string, string[]>) => reverseRecord(access, (scopes) => [...scopes].reverse());
  const raw = config as Record<string, any>;
  return {
    ...raw,
    resources: reverseRecord(raw["resources"], (resource: any) => ({ ...resource, scopes: reverseRecord(resource.scopes) })),
    clients: reverseRecord(raw["clients"] ?? {}, (client: any) => ({ ...client, access: reverseAccess(client.access) })),
    ...(raw["registration"] ? { registration: { ...raw["registration"], access: reverseAccess(raw["registration"].access) } } : {}),
  } as McpAuthConfig;
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
