import type * as OidcProvider from "oidc-provider";
import type { DevPolicy } from "./policy.js";
import { checkRegistration } from "./registration-rules.js";
import { tokenRequestRefusal, type BoundResourceLookup } from "./resource-rules.js";

type ProviderClass = typeof OidcProvider.default;
type Provider = InstanceType<ProviderClass>;
type Configuration = OidcProvider.Configuration;
type GrantHandler<Params extends object> = (ctx: OidcProvider.TokenEndpointGrantContext<Params>) => void | Promise<void>;
type ParameterNames = string | readonly string[] | ReadonlySet<string>;

interface DevProviderInput {
  readonly Provider: ProviderClass;
  readonly errors: typeof OidcProvider.errors;
  readonly policy: DevPolicy;
}

/**
 * oidc-provider's `Provider` with the dev server's request rules placed where oidc-provider itself resolves
 * the endpoint, so they hold on every path its router maps to that endpoint. Its router matches paths
 * case-insensitively and ignores one trailing slash (`/TOKEN`, `/Token/` and `/reg/` are the token and
 * registration endpoints too); a check in front of the router that compared path strings would miss those.
 *
 * - Token endpoint: the handlers of the `authorization_code` and `refresh_token` grants run the `resource`
 *   check of resource-rules.ts first. oidc-provider calls a grant handler after it has parsed the body and
 *   authenticated the client, and before the code or refresh token is used, so a refused request spends
 *   nothing. The built-in handlers are wrapped as oidc-provider registers them (it does so through
 *   `registerGrantType` while it is constructed).
 * - Registration endpoint: the checks of registration-rules.ts run on the body oidc-provider parsed (any
 *   content type it accepts as JSON), before it builds, stores or fetches anything for the client, and the
 *   checked metadata replace the body. The hook is `features.registration.idFactory`, which oidc-provider
 *   calls exactly once per registration request, at that point; the new client's id comes from
 *   registered-clients.ts, which keeps its granted scopes and the `maxClients` limit.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2 (resource at the token endpoint)
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2 (registration errors)
 */
export function devProviderClass({ Provider, errors, policy }: DevProviderInput): ProviderClass {
  const checkedGrant =
    <Params extends object>(grantType: string, handler: GrantHandler<Params>): GrantHandler<Params> =>
    async (ctx) => {
      const { client, provider } = ctx.oidc;
      const params = ctx.oidc.params as Record<string, unknown>;
      const refusal = await tokenRequestRefusal(
        {
          grantType,
          resources: [params["resource"] ?? []].flat().map(String),
          clientId: client.clientId,
          presented: presentedValue(params[grantType === "authorization_code" ? "code" : "refresh_token"]),
        },
        policy,
        boundResourceIn(provider),
      );
      if (refusal !== undefined) throw new errors.InvalidTarget(refusal);
      await handler(ctx);
    };

  return class DevProvider extends Provider {
    constructor(issuer: string, configuration: Configuration) {
      super(issuer, withRegistrationCheck(configuration, errors, policy));
    }

    override registerGrantType<Params extends object>(name: string, handler: GrantHandler<Params>, params?: ParameterNames, duplicates?: ParameterNames): void {
      super.registerGrantType<Params>(name, checkedGrant(name, handler), params, duplicates);
    }
  };
}

function presentedValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function boundResourceIn(provider: Provider): BoundResourceLookup {
  return async (grantType, value) => {
    const token = grantType === "authorization_code" ? await provider.AuthorizationCode.find(value) : await provider.RefreshToken.find(value);
    // One resource per authorization (see provider-config.ts), so a code or refresh token holds one.
    return typeof token?.resource === "string" ? token.resource : undefined;
  };
}

/**
 * The configuration with the registration checks hooked in, when registration is enabled.
 * @throws Error when registration management is enabled: the checks run when a client is created, so a
 *   client that could later change its own metadata would escape them.
 */
function withRegistrationCheck(configuration: Configuration, errors: typeof OidcProvider.errors, policy: DevPolicy): Configuration {
  if (configuration.features?.registrationManagement?.enabled === true) {
    throw new Error("the dev server checks client registrations when they are created; registrationManagement would let a client change its metadata unchecked");
  }
  const registration = configuration.features?.registration;
  const { registeredClients } = policy;
  if (registration?.enabled !== true || registeredClients === undefined) return configuration;
  return {
    ...configuration,
    features: {
      ...configuration.features,
      registration: {
        ...registration,
        idFactory: (ctx) => {
          const checked = checkRegistration(ctx.oidc.body, registeredClients.allowed);
          if ("refusal" in checked) throw new errors.CustomOIDCProviderError(checked.refusal.error, checked.refusal.error_description);
          // Counted against registration.dynamic.maxClients only once the metadata passed the checks.
          const admitted = registeredClients.admit(ctx, checked);
          if ("refusal" in admitted) throw new errors.CustomOIDCProviderError(admitted.refusal.error, admitted.refusal.error_description);
          // oidc-provider builds the client from this body right after asking for its id.
          (ctx.oidc as { body: unknown }).body = checked.metadata;
          return admitted.clientId;
        },
      },
    },
  };
}
