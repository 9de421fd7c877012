import type { Plan } from "../plan/types.js";
import type { ResourceSpec } from "../idp/spec.js";
import { translateAuth0 } from "../idp/auth0/translate.js";
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
