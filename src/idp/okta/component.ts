import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from "../../plan/build-plan.js";
import { resolveConfig, type McpAuthConfig, type ResolvedConfig } from "../../schema/parse.js";
import { instantiateSpecs, type SpecClass } from "../instantiate.js";
import type { McpClientOutputs, McpResourceOutputs } from "../outputs.js";
import { oktaResourceOutputs } from "./outputs.js";
import { translateOkta, type OktaIssuerMode } from "./translate.js";
import { OKTA_COMPONENT_TYPE, OKTA_TYPES, oktaKeys } from "./translate-names.js";

/** Arguments of {@link OktaMcpAuthorization}. */
export interface OktaMcpAuthorizationArgs {
  /** The pulumi-mcp-auth config: the object form of mcp-auth.yaml, or what `parseConfig`/`loadConfigFile` returned. */
  readonly config: McpAuthConfig | ResolvedConfig;
  /**
   * How each authorization server names itself in `iss`: `ORG_URL` (default, `https://<org>/oauth2/<id>`)
   * or `CUSTOM_URL` (the org's custom domain).
   */
  readonly issuerMode?: OktaIssuerMode | undefined;
}

const OKTA_CLASSES: Readonly<Record<string, SpecClass>> = {
  [OKTA_TYPES.server]: okta.auth.Server,
  [OKTA_TYPES.scope]: okta.auth.ServerScope,
  [OKTA_TYPES.policy]: okta.auth.ServerPolicy,
  [OKTA_TYPES.rule]: okta.auth.ServerPolicyRule,
  [OKTA_TYPES.app]: okta.app.OAuth,
  [OKTA_TYPES.appGroups]: okta.AppGroupAssignments,
  [OKTA_TYPES.everyoneGroup]: { invoke: okta.group.getEveryoneGroupOutput },
  [OKTA_TYPES.group]: { invoke: okta.group.getGroupOutput },
};

/**
 * MCP authorization on Okta: one custom authorization server per MCP resource (its audience is the
 * resource URI, so `aud` is right whether or not the org honours RFC 8707 `resource`), one scope per
 * MCP scope, access policies admitting exactly the granted clients with exactly their scopes, and a
 * public PKCE-only native app per agent client, assigned to the `okta.groups` of the config.
 *
 * The config is validated and translated before anything is declared: a config Okta cannot hold throws
 * `ConfigError` and creates nothing. Providers come from `opts` (e.g. `providers: [oktaProvider]`).
 *
 * @see https://datatracker.ietf.org/doc/html/rfc8707
 * @see https://developer.okta.com/docs/concepts/auth-servers/
 */
export class OktaMcpAuthorization extends pulumi.ComponentResource {
  /** Per resource key: issuer, audience, JWKS and metadata URLs, RFC 9728 document and verifier options. */
  readonly resources: Readonly<Record<string, McpResourceOutputs>>;
  /** Per client key: the Okta client id. */
  readonly clients: Readonly<Record<string, McpClientOutputs>>;

  constructor(name: string, args: OktaMcpAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate and translate first: an invalid config must not leave even the component behind.
    const plan = buildPlan(resolveConfig(args.config));
    const specs = translateOkta(plan, { name, issuerMode: args.issuerMode });
    super(OKTA_COMPONENT_TYPE, name, {}, opts);

    const declared = instantiateSpecs(this, specs, OKTA_CLASSES);
    const child = <T>(key: string) => declared.get(key) as T;
    this.resources = Object.fromEntries(
      plan.resources.map((resource) => [resource.key, oktaResourceOutputs(resource, child<okta.auth.Server>(oktaKeys.server(resource.key)).issuer)]),
    );
    this.clients = Object.fromEntries(
      plan.clients.map((client) => [client.key, { clientId: child<okta.app.OAuth>(oktaKeys.app(client.key)).clientId }]),
    );
    this.registerOutputs({ resources: this.resources, clients: this.clients });
  }
}
