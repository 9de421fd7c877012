/**
 * The root program's stack settings, read from stack config and checked before anything is declared.
 * Pure: the program passes in plain values it read with `pulumi.Config`, so tests need no Pulumi.
 */

export const SUPPORTED_IDPS = ["auth0", "okta", "keycloak"] as const;
export type IdpName = (typeof SUPPORTED_IDPS)[number];

/** What the program needs to deploy one file to several IdPs. */
export interface StackSettings {
  /** Path of the mcp-auth file, relative to the Pulumi project directory. */
  readonly configFile: string;
  /** The IdPs to deploy to, each once, in the order given. */
  readonly idps: readonly IdpName[];
  /** `auth0:domain`, when deploying to Auth0: the tenant's domain for issuer and metadata URLs. */
  readonly auth0Domain: string | undefined;
  /** `keycloak:url` (+ `keycloak:basePath`), when deploying to Keycloak: the base of the issuer. */
  readonly keycloakBaseUrl: string | undefined;
}

/** The stack config values as `pulumi.Config` returns them (strings, or undefined when unset). */
export interface RawStackConfig {
  readonly configFile: string | undefined;
  /** `mcpAuth:idps` as written: a JSON list (`["auth0","okta"]`) or a comma-separated string. */
  readonly idps: string | undefined;
  readonly auth0Domain: string | undefined;
  readonly keycloakUrl: string | undefined;
  readonly keycloakBasePath: string | undefined;
}

export const DEFAULT_CONFIG_FILE = "mcp-auth.yaml";

/** Thrown for stack settings that cannot work; the program turns it into a Pulumi RunError. */
export class StackSettingsError extends Error {
  override readonly name = "StackSettingsError";
}

/** Reads and checks the stack settings; every problem is reported at once. */
export function resolveStackSettings(raw: RawStackConfig): StackSettings {
  const problems: string[] = [];
  const idps = parseIdps(raw.idps, problems);
  const auth0Domain = raw.auth0Domain?.trim() || undefined;
  if (idps.includes("auth0") && auth0Domain === undefined) {
    problems.push("auth0:domain is required to deploy to Auth0 (pulumi config set auth0:domain my-tenant.us.auth0.com)");
  }
  const keycloakBaseUrl = keycloakBase(raw.keycloakUrl, raw.keycloakBasePath);
  if (idps.includes("keycloak") && keycloakBaseUrl === undefined) {
    problems.push("keycloak:url is required to deploy to Keycloak (pulumi config set keycloak:url https://keycloak.example.com)");
  }
  if (problems.length > 0) throw new StackSettingsError(["Invalid stack config:", ...problems.map((p) => `  - ${p}`)].join("\n"));
  return { configFile: raw.configFile?.trim() || DEFAULT_CONFIG_FILE, idps, auth0Domain, keycloakBaseUrl };
}

function parseIdps(value: string | undefined, problems: string[]): IdpName[] {
  const allowed = `a list of ${SUPPORTED_IDPS.join(", ")}, e.g. pulumi config set --path 'mcpAuth:idps[0]' keycloak`;
  if (value === undefined || value.trim() === "") {
    problems.push(`mcpAuth:idps is required: ${allowed}`);
    return [];
  }
  let names: unknown;
  try {
    names = value.trim().startsWith("[") ? JSON.parse(value) : value.split(",").map((name) => name.trim());
  } catch {
    problems.push(`mcpAuth:idps must be ${allowed}; got ${value}`);
    return [];
  }
  if (!Array.isArray(names) || names.length === 0) {
    problems.push(`mcpAuth:idps must be ${allowed}; got ${value}`);
    return [];
  }
  const idps: IdpName[] = [];
  for (const name of names) {
    if (!SUPPORTED_IDPS.includes(name as IdpName)) problems.push(`mcpAuth:idps: ${JSON.stringify(name)} is not an IdP; allowed: ${SUPPORTED_IDPS.join(", ")}`);
    else if (idps.includes(name as IdpName)) problems.push(`mcpAuth:idps lists ${name} twice`);
    else idps.push(name as IdpName);
  }
  return idps;
}

function keycloakBase(url: string | undefined, basePath: string | undefined): string | undefined {
  const trimmed = url?.trim().replace(/\/+$/, "");
  if (!trimmed) return undefined;
  const path = basePath?.trim().replace(/\/+$/, "") ?? "";
  return path === "" ? trimmed : `${trimmed}${path.startsWith("/") ? "" : "/"}${path}`;
}
