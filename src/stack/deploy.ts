import type * as pulumi from "@pulumi/pulumi";
import { Auth0McpAuthorization } from "../idp/auth0/component.js";
import { KeycloakMcpAuthorization } from "../idp/keycloak/component.js";
import { OktaMcpAuthorization } from "../idp/okta/component.js";
import type { McpClientOutputs, McpResourceOutputs } from "../idp/outputs.js";
import type { ResolvedConfig } from "../schema/parse.js";
import type { IdpName, StackSettings } from "./settings.js";

/** What the root program exports per IdP: the docs/design.md §4 outputs, keyed like the file. */
export interface IdpStackOutputs {
  readonly resources: Readonly<Record<string, McpResourceOutputs>>;
  readonly clients: Readonly<Record<string, McpClientOutputs>>;
  /** What the IdP needs by hand that no provider input can declare (server flags, tenant switches); Okta has none. */
  readonly manualSteps: pulumi.Input<string[]>;
}

/**
 * Deploys one validated config to every IdP the stack names, one component each, named after the IdP
 * (`auth0`, `okta`, `keycloak`) so that adding or removing an IdP never renames the others' resources.
 * Providers come from the stack's standard provider configuration (`auth0:*`, `okta:*`, `keycloak:*`).
 */
export function deployToIdps(
  config: ResolvedConfig,
  settings: StackSettings,
  opts?: pulumi.ComponentResourceOptions,
): Partial<Record<IdpName, IdpStackOutputs>> {
  const deployers: Record<IdpName, () => IdpStackOutputs> = {
    auth0: () => outputsOf(new Auth0McpAuthorization("auth0", { config, domain: settings.auth0Domain }, opts)),
    okta: () => ({ ...outputsOf(new OktaMcpAuthorization("okta", { config }, opts)), manualSteps: [] }),
    keycloak: () => outputsOf(new KeycloakMcpAuthorization("keycloak", { config, baseUrl: settings.keycloakBaseUrl ?? "" }, opts)),
  };
  const outputs: Partial<Record<IdpName, IdpStackOutputs>> = {};
  for (const idp of settings.idps) outputs[idp] = deployers[idp]();
  return outputs;
}

/** Only the outputs a stack exports, so `pulumi stack output` shows no component internals. */
function outputsOf(component: { resources: IdpStackOutputs["resources"]; clients: IdpStackOutputs["clients"]; manualSteps?: pulumi.Input<string[]> }): IdpStackOutputs {
  return { resources: component.resources, clients: component.clients, manualSteps: component.manualSteps ?? [] };
}
