export { Auth0McpAuthorization, AUTH0_COMPONENT_TYPE, type Auth0McpAuthorizationArgs } from "./component.js";
export { AUTH0_TYPES, auth0ObjectCount, translateAuth0, type Auth0TranslateOptions } from "./translate.js";
export { auth0DomainProblem, auth0ResourceOutputValues, auth0TenantEndpoints, type Auth0ResourceOutputValues, type Auth0TenantEndpoints } from "./endpoints.js";
export { auth0ManualSteps } from "./manual-steps.js";
