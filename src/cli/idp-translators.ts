import type { Plan } from "../plan/types.js";
import type { ResourceSpec } from "../idp/spec.js";
import { auth0ManualSteps } from "../idp/auth0/manual-steps.js";
import { translateAuth0 } from "../idp/auth0/translate.js";
import { keycloakManualSteps } from "../idp/keycloak/manual-steps.js";
import { translateKeycloak } from "../idp/keycloak/translate.js";
import { translateOkta } from "../idp/okta/translate.js";

/** The component name `plan --idp` uses for child names; a Pulumi program passes its own. */
export const CLI_COMPONENT_NAME = "mcp-auth";

/**
 * The IdP translations `plan --idp` and `validate --idp` can run: pure functions, no Pulumi. Each throws
 * ConfigError for what its IdP cannot do.
 */
export const IDP_TRANSLATORS: Readonly<Record<string, (plan: Plan) => readonly ResourceSpec[]>> = {
  auth0: (plan) => translateAuth0(plan, { name: CLI_COMPONENT_NAME }),
  okta: (plan) => translateOkta(plan, { name: CLI_COMPONENT_NAME }),
  keycloak: (plan) => translateKeycloak(plan, { name: CLI_COMPONENT_NAME }),
};

/**
 * Per IdP, what its component cannot declare and an administrator does by hand (server flags, tenant
 * switches the provider lacks, defaults the provider cannot take over); `plan --idp` prints them after the
 * objects. Okta needs none: what it cannot hold is refused.
 */
export const IDP_MANUAL_STEPS: Readonly<Record<string, (plan: Plan) => readonly string[]>> = {
  auth0: auth0ManualSteps,
  okta: () => [],
  keycloak: keycloakManualSteps,
};
