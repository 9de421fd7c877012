/**
 * Names Keycloak itself owns: the provider type tokens the component declares, and the client scopes and
 * clients every new realm already has. Pure data, shared by the translation, its checks and the tests.
 */

/** Pulumi type tokens of `@pulumi/keycloak` 6.x (the `__pulumiType` of each class). */
export const KEYCLOAK_TYPES = {
  realm: "keycloak:index/realm:Realm",
  clientScope: "keycloak:openid/clientScope:ClientScope",
  audienceMapper: "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper",
  client: "keycloak:openid/client:Client",
  defaultScopes: "keycloak:openid/clientDefaultScopes:ClientDefaultScopes",
  optionalScopes: "keycloak:openid/clientOptionalScopes:ClientOptionalScopes",
  registrationPolicy: "keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy",
} as const;

/**
 * Client scopes Keycloak 26 creates in every realm (OpenID Connect and SAML). Creating another scope with
 * one of these names fails with 409 "Client Scope … already exists"; `openid` is no client scope but is
 * special in every authorization request.
 */
export const KEYCLOAK_BUILTIN_SCOPES: readonly string[] = [
  "openid",
  "basic",
  "profile",
  "email",
  "roles",
  "web-origins",
  "acr",
  "address",
  "phone",
  "offline_access",
  "microprofile-jwt",
  "organization",
  "service_account",
  "role_list",
  "saml_organization",
  "AuthnContextClassRef",
];

/** Clients Keycloak 26 creates in every realm; an agent client may not take their clientId. */
export const KEYCLOAK_BUILTIN_CLIENTS: readonly string[] = [
  "account",
  "account-console",
  "admin-cli",
  "broker",
  "realm-management",
  "security-admin-console",
];

/**
 * The default client scope every agent client keeps: `basic` carries the `sub` and `auth_time` mappers.
 * The realm's other default scopes are detached on purpose: `roles` resolves role audiences (the source of
 * `aud: "account"`), `profile` and `email` put personal data into every access token, and `acr` and
 * `web-origins` add claims no MCP server reads.
 */
export const AGENT_DEFAULT_SCOPES: readonly string[] = ["basic"];

/** The built-in scope a client requests for an offline (long-lived) refresh token. */
export const OFFLINE_ACCESS_SCOPE = "offline_access";

/** The name of the audience mapper on each MCP client scope; one per scope, so it need not vary. */
export const AUDIENCE_MAPPER_NAME = "mcp-resource-audience";
