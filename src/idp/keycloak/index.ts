export { KeycloakMcpAuthorization, type KeycloakMcpAuthorizationArgs } from "./component.js";
export { translateKeycloak, keycloakSpecKey, type KeycloakTranslateOptions } from "./translate.js";
export { keycloakIssues } from "./checks.js";
export { keycloakRealmEndpoints, type KeycloakRealmEndpoints } from "./endpoints.js";
export { KEYCLOAK_TYPES, KEYCLOAK_BUILTIN_CLIENTS, KEYCLOAK_BUILTIN_SCOPES } from "./keycloak-names.js";
export { keycloakManualSteps } from "./manual-steps.js";
export {
  keycloakRegistrationSpecs,
  keycloakClientPolicies,
  type KeycloakClientPolicies,
  KEYCLOAK_CIMD_FEATURE,
  KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES,
  KEYCLOAK_DEFAULT_MAX_CLIENTS,
  REGISTRATION_REDIRECT_HOSTS,
} from "./registration.js";
