import { randomBytes } from "node:crypto";
import type { ClientMetadata, Configuration, errors as OidcErrors, JWK } from "oidc-provider";
import type { Plan } from "../plan/types.js";
import type { DevUser } from "./options.js";
import { errorPage, PAGE_HEADERS } from "./pages.js";
import type { DevPolicy } from "./policy.js";
import { ONE_RESOURCE_ONLY, RESOURCE_REQUIRED, resourceRefusal, scopeRefusal } from "./resource-rules.js";

/** Scopes of OpenID Connect itself, which oidc-provider manages and which belong to no resource. */
const OIDC_SCOPES = ["openid", "offline_access"];

/** The JWS algorithm of every token the dev server signs. */
export const SIGNING_ALGORITHM = "ES256";

/** Authorization codes live at most this long (SECURITY.md §D: ≤ 60 s; OAuth 2.1 §4.1.2 recommends 10 minutes at most). */
export const AUTHORIZATION_CODE_TTL_SECONDS = 60;

/** How long a sign-in lasts, so a second authorization (another resource, a step-up) needs no new password. */
export const SESSION_TTL_SECONDS = 8 * 3600;

const INTERACTION_TTL_SECONDS = 600;
const ID_TOKEN_TTL_SECONDS = 600;

interface ProviderConfigurationInput {
  readonly plan: Plan;
  readonly policy: DevPolicy;
  readonly users: readonly DevUser[];
  /** The private signing key as a JWK with `kid`, `alg` and `use`. */
  readonly signingKey: JWK;
  readonly errors: typeof OidcErrors;
}

/**
 * oidc-provider's configuration for the dev server: SECURITY.md §D expressed in its terms. Every default
 * helper oidc-provider would otherwise warn about is given explicitly, so a start prints nothing.
 */
export function providerConfiguration({ plan, policy, users, signingKey, errors }: ProviderConfigurationInput): Configuration {
  return {
    jwks: { keys: [signingKey] },
    clients: plan.clients.map((client): ClientMetadata => ({
      client_id: client.key,
      client_name: client.name,
      // Native: loopback redirect URIs match on any port (RFC 8252 §7.3), everything else exactly.
      application_type: "native",
      token_endpoint_auth_method: "none",
      redirect_uris: [...client.redirectUris],
      grant_types: [...client.grantTypes],
      response_types: ["code"],
    })),
    // What a client registered at run time gets unless it says otherwise; registrations are checked first (registration-rules.ts).
    clientDefaults: {
      application_type: "native",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
      id_token_signed_response_alg: SIGNING_ALGORITHM,
    },
    // Agent clients are public: no secret of any kind is accepted (SECURITY.md §A.6).
    clientAuthMethods: ["none"],
    // Authorization code only: response_type=token (implicit) and hybrid types are refused.
    responseTypes: ["code"],
    // Resource scopes are not listed here: they belong to a resource and reach tokens only through resourceIndicators.
    scopes: OIDC_SCOPES,
    // oidc-provider 9 implements S256 only; `plain` is refused and a missing code_challenge is refused here.
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    clientBasedCORS: () => false,
    findAccount: async (_ctx, sub) =>
      users.some((user) => user.username === sub) ? { accountId: sub, claims: async () => ({ sub }) } : undefined,
    renderError: async (ctx, out) => {
      ctx.set(PAGE_HEADERS);
      ctx.body = errorPage(out.error, out.error_description);
    },
    // Refresh tokens rotate; reusing a rotated one revokes the whole grant (RFC 9700 §4.14.2).
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token") && policy.clientAccess(client.clientId)?.refreshToken !== undefined,
    // Refresh tokens follow the lifetimes of the config, not the browser session.
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 60,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      IdToken: ID_TOKEN_TTL_SECONDS,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: SESSION_TTL_SECONDS,
      Grant: (_ctx, grant) => (grant.clientId ? policy.clientAccess(grant.clientId)?.refreshToken?.absoluteLifetimeSeconds : undefined) ?? SESSION_TTL_SECONDS,
      RefreshToken: (_ctx, token, client) => {
        const lifetime = policy.clientAccess(client.clientId)?.refreshToken;
        if (lifetime === undefined) return 1;
        // Idle lifetime per token, never past the absolute lifetime counted from the first token of the grant.
        const remaining = lifetime.absoluteLifetimeSeconds - token.totalLifetime();
        return Math.max(1, Math.min(lifetime.idleLifetimeSeconds, remaining));
      },
    },
    // Tells MCP clients they may use an https URL as client_id (metadata-document/client-adapter.ts resolves it).
    ...(plan.registration.clientIdMetadataDocuments ? { discovery: { client_id_metadata_document_supported: true } } : {}),
    // The server makes no request to a URL a client names (issue 14.2): registration-rules.ts refuses such
    // metadata, and oidc-provider is set up so that none could be fetched anyway. Subject identifiers are
    // public (no sector_identifier_uri lookup), request objects are off (no request_uri), and its outbound
    // fetch (sector_identifier_uri, jwks_uri, back-channel notifications) always fails. The client ID
    // metadata document fetch does not go through it.
    subjectTypes: ["public"],
    sectorIdentifierUriValidate: () => false,
    fetch: async (url) => {
      throw new Error(`the dev authorization server makes no request to a URL a client names (${String(url)})`);
    },
    features: {
      requestObjects: { enabled: false },
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      // Tokens stay plain bearer tokens, which is what the verifier and MCP clients expect.
      dPoP: { enabled: false },
      registration: plan.registration.dynamic
        ? { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false }
        : { enabled: false },
      resourceIndicators: {
        enabled: true,
        // Called only when a request names no resource: that is refused (SECURITY.md §D).
        defaultResource: async () => {
          throw new errors.InvalidTarget(RESOURCE_REQUIRED);
        },
        useGrantedResource: async () => false,
        getResourceServerInfo: async (ctx, resource, client) => {
          const requested = ctx.oidc.params?.["resource"];
          if (Array.isArray(requested) && requested.length > 1) throw new errors.InvalidTarget(ONE_RESOURCE_ONLY);
          const access = policy.clientAccess(client.clientId);
          const refusal = resourceRefusal(policy, resource, client.clientId, access);
          const declared = policy.resources.get(resource);
          const scopes = access?.scopesByResource.get(resource);
          if (refusal !== undefined || declared === undefined || scopes === undefined) throw new errors.InvalidTarget(refusal);
          // At the authorization request, a scope the client may not obtain here is refused up front
          // (invalid_scope) rather than dropped, which would end in a sign-in followed by access_denied.
          if (ctx.oidc.route === "authorization") {
            const requested = String(ctx.oidc.params?.["scope"] ?? "").split(" ").filter((scope) => scope !== "" && !OIDC_SCOPES.includes(scope));
            const scopeProblem = scopeRefusal(requested, resource, client.clientId, scopes);
            if (scopeProblem !== undefined) throw new errors.CustomOIDCProviderError("invalid_scope", scopeProblem);
          }
          return {
            scope: scopes.join(" "),
            audience: declared.uri,
            accessTokenTTL: declared.accessTokenLifetimeSeconds,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: SIGNING_ALGORITHM } },
          };
        },
      },
    },
  };
}
