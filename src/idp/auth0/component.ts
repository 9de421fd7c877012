import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from "../../plan/build-plan.js";
import type { Plan } from "../../plan/types.js";
import { ConfigError } from "../../schema/config-error.js";
import { resolveConfig, type McpAuthConfig, type ResolvedConfig } from "../../schema/parse.js";
import { instantiateSpecs, type ResourceClass } from "../instantiate.js";
import type { McpClientOutputs, McpResourceOutputs } from "../outputs.js";
import { auth0ManualSteps } from "./manual-steps.js";
import { auth0DomainProblem, auth0ResourceOutputValues, type Auth0ResourceOutputValues } from "./endpoints.js";
import { AUTH0_TYPES, auth0SpecKeys, translateAuth0 } from "./translate.js";

/** The Pulumi type token of {@link Auth0McpAuthorization}. */
export const AUTH0_COMPONENT_TYPE = "mcp-auth:auth0:Authorization";

const AUTH0_CLASSES: Readonly<Record<string, ResourceClass>> = {
  [AUTH0_TYPES.tenant]: auth0.Tenant,
  [AUTH0_TYPES.resourceServer]: auth0.ResourceServer,
  [AUTH0_TYPES.resourceServerScopes]: auth0.ResourceServerScopes,
  [AUTH0_TYPES.client]: auth0.Client,
  [AUTH0_TYPES.clientCredentials]: auth0.ClientCredentials,
  [AUTH0_TYPES.clientGrant]: auth0.ClientGrant,
};

/** Arguments of {@link Auth0McpAuthorization}. */
export interface Auth0McpAuthorizationArgs {
  /** The MCP resources, scopes and agent clients: a config object or the result of `parseConfig`/`loadConfigFile`. */
  readonly config: McpAuthConfig | ResolvedConfig;
  /**
   * The host name in the tenant's token `iss`: `my-tenant.us.auth0.com`, or the custom domain clients sign
   * in through. When omitted, it is read from the auth0 provider (`auth0.getTenant`), which knows only the
   * tenant's own domain: pass it explicitly when clients use a custom domain.
   */
  readonly domain?: pulumi.Input<string>;
}

/**
 * MCP resources as Auth0 APIs and agent clients as public native applications, from one pulumi-mcp-auth
 * config: every access token's `aud` is one resource URI (RFC 8707 via the tenant's `compatibility`
 * resource parameter profile), and only the declared clients can get tokens, with only their scopes.
 *
 * Outputs per resource key (`resources`) and per client key (`clients`) are enough to configure an MCP
 * server's token verifier and its RFC 9728 metadata.
 * @see docs/design.md §4 and §5 (Auth0), SECURITY.md §B
 */
export class Auth0McpAuthorization extends pulumi.ComponentResource {
  /** Per resource key: issuer, audience, jwksUri, metadata URLs and documents, verifier options. */
  readonly resources: Readonly<Record<string, McpResourceOutputs>>;
  /** Per client key: the Auth0 client id. */
  readonly clients: Readonly<Record<string, McpClientOutputs>>;
  /** What the provider cannot declare and an administrator does once in the tenant (see `auth0ManualSteps`). */
  readonly manualSteps: pulumi.Output<string[]>;

  constructor(name: string, args: Auth0McpAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can fail is checked before the component or any child is registered: nothing is
    // half-created. A domain that is still an Output is checked once known, in tenantDomain.
    const plan = buildPlan(resolveConfig(args.config));
    const specs = translateAuth0(plan, { name });
    const domainProblem = typeof args.domain === "string" ? auth0DomainProblem(args.domain) : undefined;
    if (domainProblem) throw new ConfigError([{ path: "domain", message: domainProblem }], "Invalid Auth0McpAuthorization arguments");
    super(AUTH0_COMPONENT_TYPE, name, {}, opts);
    const domain = this.tenantDomain(args.domain);

    const created = instantiateSpecs(this, specs, AUTH0_CLASSES);
    this.resources = resourceOutputs(plan, domain, created);
    this.clients = Object.fromEntries(
      plan.clients.map((client) => [client.key, { clientId: (created.get(auth0SpecKeys.client(client.key)) as auth0.Client).clientId }]),
    );
    this.manualSteps = pulumi.output(auth0ManualSteps(plan));
    this.registerOutputs({ resources: this.resources, clients: this.clients, manualSteps: this.manualSteps });
  }

  /** The domain as given (checked once known), or the provider's tenant domain. */
  private tenantDomain(domain: pulumi.Input<string> | undefined): pulumi.Output<string> {
    const given = domain === undefined ? auth0.getTenantOutput({ parent: this }).domain : pulumi.output(domain);
    return given.apply((value) => {
      const problem = auth0DomainProblem(value);
      if (problem) throw new pulumi.ResourceError(problem, this);
      return value;
    });
  }
}

function resourceOutputs(
  plan: Plan,
  domain: pulumi.Output<string>,
  created: ReadonlyMap<string, pulumi.CustomResource>,
): Record<string, McpResourceOutputs> {
  return Object.fromEntries(
    plan.resources.map((resource) => {
      const api = created.get(auth0SpecKeys.api(resource.key)) as auth0.ResourceServer;
      // From the API's identifier, so the outputs exist only once the API does.
      const values = pulumi.all([domain, api.identifier]).apply(([host, identifier]) => auth0ResourceOutputValues(host, resource, identifier));
      const pick = <K extends keyof Auth0ResourceOutputValues>(key: K) => values.apply((all) => all[key]);
      const outputs: McpResourceOutputs = {
        issuer: pick("issuer"),
        audience: pick("audience"),
        jwksUri: pick("jwksUri"),
        authorizationServerMetadataUrl: pick("authorizationServerMetadataUrl"),
        protectedResourceMetadata: pick("protectedResourceMetadata"),
        verifierOptions: pick("verifierOptions"),
      };
      return [resource.key, outputs];
    }),
  );
}
