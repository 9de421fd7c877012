import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from "../../plan/build-plan.js";
import type { Plan } from "../../plan/types.js";
import { ConfigError } from "../../schema/config-error.js";
import type { KeycloakSettings } from "../../schema/idp-sections.js";
import { resolveConfig, type McpAuthConfig, type ResolvedConfig } from "../../schema/parse.js";
import { instantiateSpecs, type ResourceClass } from "../instantiate.js";
import type { McpClientOutputs, McpResourceOutputs } from "../outputs.js";
import type { ResourceSpec } from "../spec.js";
import { baseUrlIssues, keycloakRealmEndpoints } from "./endpoints.js";
import { KEYCLOAK_TYPES } from "./keycloak-names.js";
import { keycloakManualSteps } from "./manual-steps.js";
import { keycloakResourceOutputValues, type KeycloakResourceOutputValues } from "./output-values.js";
import { keycloakSpecKey, translateKeycloak } from "./translate.js";

/** Arguments of {@link KeycloakMcpAuthorization}. */
export interface KeycloakMcpAuthorizationArgs {
  /** The schema (object or parsed); its `keycloak` section names the realm and whether to create it. */
  readonly config: McpAuthConfig | ResolvedConfig;
  /**
   * Root URL of the Keycloak server, as clients reach it (the provider's `url`), e.g.
   * `https://keycloak.example.com`; the issuer is `baseUrl/realms/REALM`. https, or http on loopback.
   */
  readonly baseUrl: string;
}

const COMPONENT_TYPE = "mcp-auth:keycloak:Authorization";

const CLASSES: Readonly<Record<string, ResourceClass>> = {
  [KEYCLOAK_TYPES.realm]: keycloak.Realm,
  [KEYCLOAK_TYPES.clientScope]: keycloak.openid.ClientScope,
  [KEYCLOAK_TYPES.audienceMapper]: keycloak.openid.AudienceProtocolMapper,
  [KEYCLOAK_TYPES.client]: keycloak.openid.Client,
  [KEYCLOAK_TYPES.defaultScopes]: keycloak.openid.ClientDefaultScopes,
  [KEYCLOAK_TYPES.optionalScopes]: keycloak.openid.ClientOptionalScopes,
  [KEYCLOAK_TYPES.registrationPolicy]: keycloak.RealmClientRegistrationPolicy,
};

/**
 * MCP resources, scopes and PKCE-only agent clients in one Keycloak realm, declared so that every access
 * token is bound to one resource: each MCP scope is a client scope whose audience mapper puts the
 * resource URI into `aud`, and each agent holds its granted scopes as optional scopes. Child names derive
 * from `name` and schema keys only, so reordering the file replaces nothing.
 *
 * @example
 * const auth = new KeycloakMcpAuthorization("mcp", { config: loadConfigFile("mcp-auth.yaml"), baseUrl: "https://keycloak.example.com" });
 * export const github = auth.resources["github"]?.verifierOptions;
 * @throws ConfigError before declaring any child, for a config or base URL Keycloak cannot hold.
 * @see https://www.rfc-editor.org/rfc/rfc8707 (resource indicators)
 */
export class KeycloakMcpAuthorization extends pulumi.ComponentResource {
  /** The realm's name (once created, when the component creates it). */
  readonly realm: pulumi.Output<string>;
  /** `baseUrl/realms/REALM`, the `iss` of every token. */
  readonly issuer: pulumi.Output<string>;
  /** Per resource key: issuer, audience, JWKS, metadata and verifier options (docs/design.md §4). */
  readonly resources: Readonly<Record<string, McpResourceOutputs>>;
  /** Per client key: the Keycloak clientId. */
  readonly clients: Readonly<Record<string, McpClientOutputs>>;
  /**
   * What the component cannot set and an administrator does once: server start flags such as
   * `--features=cimd`, Keycloak's default registration policies, realm settings the file only states.
   */
  readonly manualSteps: pulumi.Output<string[]>;

  constructor(name: string, args: KeycloakMcpAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything is validated and translated before the component or any child is registered.
    const { plan, settings, specs } = prepare(name, args);
    super(COMPONENT_TYPE, name, {}, opts);

    const children = instantiateSpecs(this, specs, CLASSES);
    this.realm = settings.createRealm
      ? (children.get(keycloakSpecKey.realm) as keycloak.Realm).realm
      : pulumi.output(settings.realm);
    const values = this.realm.apply((realm) =>
      keycloakResourceOutputValues(plan, keycloakRealmEndpoints(args.baseUrl, realm), settings.createRealm ? ["RS256"] : undefined),
    );
    this.issuer = this.realm.apply((realm) => keycloakRealmEndpoints(args.baseUrl, realm).issuer);
    this.resources = Object.fromEntries(plan.resources.map((resource) => [resource.key, resourceOutputs(values, resource.key)]));
    this.clients = Object.fromEntries(
      plan.clients.map((client) => [
        client.key,
        { clientId: (children.get(keycloakSpecKey.client(client.key)) as keycloak.openid.Client).clientId },
      ]),
    );
    this.manualSteps = pulumi.output(keycloakManualSteps(plan));
    this.registerOutputs({ realm: this.realm, issuer: this.issuer, resources: this.resources, clients: this.clients, manualSteps: this.manualSteps });
  }
}

function prepare(name: string, args: KeycloakMcpAuthorizationArgs): { plan: Plan; settings: KeycloakSettings; specs: ResourceSpec[] } {
  const urlIssues = baseUrlIssues(args.baseUrl);
  if (urlIssues.length > 0) throw new ConfigError(urlIssues, "Invalid KeycloakMcpAuthorization arguments");
  const plan = buildPlan(resolveConfig(args.config));
  const specs = translateKeycloak(plan, { name });
  // translateKeycloak has refused a config without a keycloak section.
  return { plan, settings: plan.settings.keycloak as KeycloakSettings, specs };
}

function resourceOutputs(values: pulumi.Output<Record<string, KeycloakResourceOutputValues>>, key: string): McpResourceOutputs {
  const field = <K extends keyof KeycloakResourceOutputValues>(name: K) =>
    values.apply((all) => (all[key] as KeycloakResourceOutputValues)[name]);
  return {
    issuer: field("issuer"),
    audience: field("audience"),
    jwksUri: field("jwksUri"),
    authorizationServerMetadataUrl: field("authorizationServerMetadataUrl"),
    protectedResourceMetadata: field("protectedResourceMetadata"),
    verifierOptions: field("verifierOptions"),
  };
}
