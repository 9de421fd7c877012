/**
 * What the Keycloak Terraform provider (bridged as @pulumi/keycloak 6.13.0) sends to the Admin REST API
 * for each input, reproduced from its source (keycloak/terraform-provider-keycloak @05accfd8:
 * keycloak/realm.go, openid_client.go, openid_client_scope.go, openid_audience_protocol_mapper.go,
 * protocol_mapper.go, extra_config.go and the provider/resource_keycloak_* schemas). Pure: each function
 * turns one child's inputs into a request body and refuses any input it does not map, so nothing the
 * component declares is silently dropped.
 */
import { goDurationSeconds } from "./go-duration.js";

export type Inputs = Readonly<Record<string, unknown>>;

/** Thrown for a type or an input the applier has no mapping for. */
export class UnmappedInputError extends Error {
  override name = "UnmappedInputError";
}

export function refuseUnknown(type: string, inputs: Inputs, known: readonly string[]): void {
  const unknown = Object.keys(inputs).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UnmappedInputError(`applier: ${type} input ${unknown.join(", ")} has no mapping; refusing to skip it`);
}

const string = (value: unknown, fallback = ""): string => (value === undefined ? fallback : String(value));
const bool = (value: unknown, fallback: boolean): boolean => (value === undefined ? fallback : value === true);
/** `types.KeycloakBoolQuoted`: booleans inside attribute maps travel as "true"/"false". */
const quoted = (value: boolean): string => (value ? "true" : "false");

export const REALM_INPUTS = [
  "realm",
  "enabled",
  "sslRequired",
  "defaultSignatureAlgorithm",
  "revokeRefreshToken",
  "refreshTokenMaxReuse",
  "accessTokenLifespan",
  "ssoSessionIdleTimeout",
  "ssoSessionMaxLifespan",
  "offlineSessionIdleTimeout",
  "offlineSessionMaxLifespan",
  "offlineSessionMaxLifespanEnabled",
  "clientSessionIdleTimeout",
  "clientSessionMaxLifespan",
] as const;

const REALM_DURATIONS = [
  "accessTokenLifespan",
  "ssoSessionIdleTimeout",
  "ssoSessionMaxLifespan",
  "offlineSessionIdleTimeout",
  "offlineSessionMaxLifespan",
  "clientSessionIdleTimeout",
  "clientSessionMaxLifespan",
] as const;

/**
 * `keycloak_realm` → `POST /admin/realms`. The provider also sends themes, SMTP, brute-force,
 * WebAuthn, browser-header and locale fields; none is an input here and none bears on tokens, so they
 * keep Keycloak's defaults. Login switches the provider sends as false (unset Computed booleans) are sent.
 */
export function realmBody(inputs: Inputs): Record<string, unknown> {
  refuseUnknown("keycloak:index/realm:Realm", inputs, REALM_INPUTS);
  if (typeof inputs["realm"] !== "string" || inputs["realm"] === "") throw new Error("applier: a realm needs its name");
  const body: Record<string, unknown> = {
    // "When not specified, the realm's internal ID will be set to the realm's name" (the provider's
    // internalId input): components such as registration policies name the realm by it as their parent.
    id: inputs["realm"],
    realm: inputs["realm"],
    enabled: bool(inputs["enabled"], true),
    displayName: "",
    displayNameHtml: "",
    userManagedAccessAllowed: false,
    registrationAllowed: false,
    registrationEmailAsUsername: false,
    editUsernameAllowed: false,
    resetPasswordAllowed: false,
    rememberMe: false,
    verifyEmail: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: false,
    sslRequired: string(inputs["sslRequired"], "external"),
    defaultSignatureAlgorithm: string(inputs["defaultSignatureAlgorithm"]),
    revokeRefreshToken: bool(inputs["revokeRefreshToken"], false),
    refreshTokenMaxReuse: inputs["refreshTokenMaxReuse"] === undefined ? 0 : Number(inputs["refreshTokenMaxReuse"]),
  };
  // Durations are Go duration strings converted to whole seconds; the JSON fields are omitempty.
  for (const name of REALM_DURATIONS) {
    const value = inputs[name];
    if (value === undefined || value === "") continue;
    const seconds = goDurationSeconds(String(value));
    if (seconds !== 0) body[name] = seconds;
  }
  if (inputs["offlineSessionMaxLifespanEnabled"] === true) body["offlineSessionMaxLifespanEnabled"] = true;
  return body;
}

export const CLIENT_SCOPE_INPUTS = ["realmId", "name", "description", "consentScreenText", "includeInTokenScope", "includeInOpenidProviderMetadata", "guiOrder"] as const;

/** `keycloak_openid_client_scope` → `POST /admin/realms/{realm}/client-scopes`. */
export function clientScopeBody(inputs: Inputs): Record<string, unknown> {
  refuseUnknown("keycloak:openid/clientScope:ClientScope", inputs, CLIENT_SCOPE_INPUTS);
  const consent = string(inputs["consentScreenText"]);
  const guiOrder = inputs["guiOrder"] === undefined ? 0 : Number(inputs["guiOrder"]);
  return {
    name: string(inputs["name"]),
    description: string(inputs["description"]),
    protocol: "openid-connect",
    attributes: {
      // There is no input for the display flag: the provider derives it from the consent text.
      "display.on.consent.screen": quoted(consent !== ""),
      "consent.screen.text": consent,
      "gui.order": guiOrder === 0 ? "" : String(guiOrder),
      "include.in.token.scope": quoted(bool(inputs["includeInTokenScope"], true)),
      "include.in.openid.provider.metadata": quoted(bool(inputs["includeInOpenidProviderMetadata"], true)),
    },
  };
}

export const AUDIENCE_MAPPER_INPUTS = [
  "realmId",
  "clientId",
  "clientScopeId",
  "name",
  "includedClientAudience",
  "includedCustomAudience",
  "addToIdToken",
  "addToAccessToken",
  "addToTokenIntrospection",
] as const;

/** `keycloak_openid_audience_protocol_mapper` → `POST …/{clients|client-scopes}/{id}/protocol-mappers/models`. */
export function audienceMapperBody(inputs: Inputs): Record<string, unknown> {
  refuseUnknown("keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper", inputs, AUDIENCE_MAPPER_INPUTS);
  const client = string(inputs["includedClientAudience"]);
  const custom = string(inputs["includedCustomAudience"]);
  if ((client === "") === (custom === "")) {
    throw new Error("validation error: exactly one of IncludedClientAudience or IncludedCustomAudience must be set");
  }
  if ((inputs["clientId"] === undefined) === (inputs["clientScopeId"] === undefined)) {
    throw new Error("validation error: exactly one of clientId or clientScopeId must be set");
  }
  return {
    name: string(inputs["name"]),
    protocol: "openid-connect",
    protocolMapper: "oidc-audience-mapper",
    config: {
      "id.token.claim": String(bool(inputs["addToIdToken"], true)),
      "access.token.claim": String(bool(inputs["addToAccessToken"], true)),
      "introspection.token.claim": String(bool(inputs["addToTokenIntrospection"], true)),
      "included.client.audience": client,
      "included.custom.audience": custom,
    },
  };
}

export const CLIENT_INPUTS = [
  "realmId",
  "clientId",
  "name",
  "description",
  "accessType",
  "enabled",
  "standardFlowEnabled",
  "implicitFlowEnabled",
  "directAccessGrantsEnabled",
  "serviceAccountsEnabled",
  "pkceCodeChallengeMethod",
  "validRedirectUris",
  "fullScopeAllowed",
  "consentRequired",
  "accessTokenLifespan",
  "useRefreshTokens",
  "clientSessionIdleTimeout",
  "clientSessionMaxLifespan",
  "clientOfflineSessionIdleTimeout",
  "clientOfflineSessionMaxLifespan",
  "extraConfig",
] as const;

/** Attribute keys of `OpenidClientAttributes`; `extra_config` may not use them. */
const CLIENT_ATTRIBUTE_KEYS = [
  "pkce.code.challenge.method",
  "dpop.bound.access.tokens",
  "exclude.session.state.from.auth.response",
  "exclude.issuer.from.auth.response",
  "access.token.lifespan",
  "login_theme",
  "client.offline.session.idle.timeout",
  "display.on.consent.screen",
  "consent.screen.text",
  "client.offline.session.max.lifespan",
  "client.session.idle.timeout",
  "client.session.max.lifespan",
  "use.refresh.tokens",
  "client_credentials.use_refresh_token",
  "backchannel.logout.url",
  "frontchannel.logout.url",
  "backchannel.logout.revoke.offline.tokens",
  "backchannel.logout.session.required",
  "oauth2.device.authorization.grant.enabled",
  "oauth2.device.code.lifespan",
  "oauth2.device.polling.interval",
  "oauth2.jwt.authorization.grant.enabled",
  "oauth2.jwt.authorization.grant.idp",
  "post.logout.redirect.uris",
  "standard.token.exchange.enabled",
  "standard.token.exchange.enableRefreshRequestedTokenType",
];

/**
 * `keycloak_openid_client` → `POST /admin/realms/{realm}/clients`, with the provider's validation. Unset
 * flow flags are Optional+Computed booleans without a default, so the provider sends them as false;
 * `extra_config` merges into the attributes, under the struct's own keys.
 */
export function clientBody(inputs: Inputs): Record<string, unknown> {
  refuseUnknown("keycloak:openid/client:Client", inputs, CLIENT_INPUTS);
  const accessType = string(inputs["accessType"]);
  if (!["CONFIDENTIAL", "PUBLIC", "BEARER-ONLY"].includes(accessType)) throw new Error(`expected access_type to be one of [CONFIDENTIAL PUBLIC BEARER-ONLY], got ${accessType}`);
  const pkce = string(inputs["pkceCodeChallengeMethod"]);
  if (!["", "plain", "S256"].includes(pkce)) throw new Error(`expected pkce_code_challenge_method to be one of ["" plain S256], got ${pkce}`);
  const flags = {
    standardFlowEnabled: bool(inputs["standardFlowEnabled"], false),
    implicitFlowEnabled: bool(inputs["implicitFlowEnabled"], false),
    directAccessGrantsEnabled: bool(inputs["directAccessGrantsEnabled"], false),
    serviceAccountsEnabled: bool(inputs["serviceAccountsEnabled"], false),
  };
  const redirectUris = (inputs["validRedirectUris"] as string[] | undefined) ?? [];
  const publicClient = accessType === "PUBLIC";
  const bearerOnly = accessType === "BEARER-ONLY";
  if (!flags.standardFlowEnabled && !flags.implicitFlowEnabled && redirectUris.length > 0) {
    throw new Error("valid_redirect_uris cannot be set when standard or implicit flow is not enabled");
  }
  if (bearerOnly && Object.values(flags).some(Boolean)) {
    throw new Error("validation error: Keycloak cannot issue tokens for bearer-only clients; no oauth2 flows can be enabled for this client");
  }
  if ((flags.standardFlowEnabled || flags.implicitFlowEnabled) && redirectUris.length === 0) {
    throw new Error("validation error: standard (authorization code) and implicit flows require at least one valid redirect uri");
  }
  if (flags.serviceAccountsEnabled && publicClient) {
    throw new Error("validation error: service accounts (client credentials flow) cannot be enabled on public clients");
  }
  const extra = (inputs["extraConfig"] as Record<string, string> | undefined) ?? {};
  const clash = Object.keys(extra).filter((key) => CLIENT_ATTRIBUTE_KEYS.includes(key));
  if (clash.length > 0) throw new Error(`extra_config key ${clash.join(", ")} is a managed attribute`);
  return {
    clientId: string(inputs["clientId"]),
    name: string(inputs["name"]),
    protocol: "openid-connect",
    clientAuthenticatorType: "client-secret",
    enabled: bool(inputs["enabled"], true),
    description: string(inputs["description"]),
    publicClient,
    bearerOnly,
    ...flags,
    frontchannelLogout: false,
    authorizationServicesEnabled: false,
    redirectUris: [...redirectUris],
    webOrigins: [],
    adminUrl: "",
    baseUrl: "",
    fullScopeAllowed: bool(inputs["fullScopeAllowed"], true),
    attributes: {
      ...extra,
      "pkce.code.challenge.method": pkce,
      "dpop.bound.access.tokens": "false",
      "exclude.session.state.from.auth.response": "false",
      "exclude.issuer.from.auth.response": "false",
      "access.token.lifespan": string(inputs["accessTokenLifespan"]),
      login_theme: "",
      "client.offline.session.idle.timeout": string(inputs["clientOfflineSessionIdleTimeout"]),
      "display.on.consent.screen": "false",
      "consent.screen.text": "",
      "client.offline.session.max.lifespan": string(inputs["clientOfflineSessionMaxLifespan"]),
      "client.session.idle.timeout": string(inputs["clientSessionIdleTimeout"]),
      "client.session.max.lifespan": string(inputs["clientSessionMaxLifespan"]),
      "use.refresh.tokens": quoted(bool(inputs["useRefreshTokens"], true)),
      "client_credentials.use_refresh_token": "false",
      "backchannel.logout.url": "",
      "frontchannel.logout.url": "",
      "backchannel.logout.revoke.offline.tokens": "false",
      "backchannel.logout.session.required": "true",
      "oauth2.device.authorization.grant.enabled": "false",
      "oauth2.device.code.lifespan": "",
      "oauth2.device.polling.interval": "",
      "oauth2.jwt.authorization.grant.enabled": "false",
      "oauth2.jwt.authorization.grant.idp": "",
      // KeycloakSliceHashDelimited marshals an empty list as JSON null.
      "post.logout.redirect.uris": null,
      "standard.token.exchange.enabled": "false",
      "standard.token.exchange.enableRefreshRequestedTokenType": "",
    },
    consentRequired: bool(inputs["consentRequired"], false),
    authenticationFlowBindingOverrides: { browser: "", direct_grant: "" },
    alwaysDisplayInConsole: false,
  };
}

export const SCOPE_LIST_INPUTS = {
  default: ["realmId", "clientId", "defaultScopes"],
  optional: ["realmId", "clientId", "optionalScopes"],
} as const;

export const REGISTRATION_POLICY_INPUTS = ["realmId", "name", "providerId", "subType", "config"] as const;

/**
 * Config keys Keycloak stores as lists and the provider writes from one comma-separated string
 * (keycloak/realm_client_registration_policy.go, `MultiValueClientRegistrationConfigKeys`; the 6.13 docs
 * add `allowed-protocol-mapper-types`, detected from Keycloak's metadata). Every other value travels as a
 * one-element list.
 */
const MULTI_VALUE_REGISTRATION_KEYS = ["trusted-hosts", "allowed-client-scopes", "allowed-protocol-mapper-types"];

/** `keycloak_realm_client_registration_policy` → `POST /admin/realms/{realm}/components`. */
export function registrationPolicyBody(inputs: Inputs): Record<string, unknown> {
  refuseUnknown("keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy", inputs, REGISTRATION_POLICY_INPUTS);
  const config = (inputs["config"] as Record<string, string> | undefined) ?? {};
  return {
    name: string(inputs["name"]),
    providerId: string(inputs["providerId"]),
    providerType: "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy",
    parentId: string(inputs["realmId"]),
    subType: string(inputs["subType"]),
    config: Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        MULTI_VALUE_REGISTRATION_KEYS.includes(key) && value.includes(",") ? value.split(",").map((part) => part.trim()) : [value],
      ]),
    ),
  };
}
