import type { Plan } from "../plan/types.js";
import type { ResourceSpec } from "../idp/spec.js";
import { translateAuth0 } from "../idp/auth0/translate.js";

/**
 * The IdP translations `plan --idp` and `validate --idp` can run: pure functions, no Pulumi. Each throws
 * ConfigError for what its IdP cannot do.
 */
export const IDP_TRANSLATORS: Readonly<Record<string, (plan: Plan) => readonly ResourceSpec[]>> = {
  // Child names as a component named "mcp-auth" would give them.
  auth0: (plan) => translateAuth0(plan, { name: "mcp-auth" }),
};
