import type { Plan, PlannedClient, PlannedResource } from "../../plan/types.js";
import { ConfigError } from "../../schema/config-error.js";
import { defaultOktaSettings } from "../../schema/idp-sections.js";
import { assertSpecGraph, ref, type ResourceSpec } from "../spec.js";
import { oktaIssues } from "./translate-checks.js";
import { oktaGroups, type OktaGroups } from "./translate-groups.js";
import { OKTA_TYPES, oktaKeys, oktaNames } from "./translate-names.js";
import { policyGroups, type PolicyGroup } from "./translate-policies.js";

/**
 * How each authorization server names itself in `iss`. `DYNAMIC` (the host of each request) is not
 * offered: a verifier needs one fixed issuer.
 */
export type OktaIssuerMode = "ORG_URL" | "CUSTOM_URL";
const ISSUER_MODES: readonly OktaIssuerMode[] = ["ORG_URL", "CUSTOM_URL"];

export interface OktaTranslateOptions {
  /** The component name; every logical name starts with it, and so does each server's Okta name. */
  readonly name: string;
  /** Default `ORG_URL`: `iss` is `https://<org>/oauth2/<server id>`. `CUSTOM_URL` uses the org's custom domain. */
  readonly issuerMode?: OktaIssuerMode | undefined;
}

/** The rule grant type; refresh needs none of its own (Okta allows it through `offline_access`). */
const AUTHORIZATION_CODE = "authorization_code";
const OFFLINE_ACCESS = "offline_access";

/**
 * Okta matches a rule only when every requested scope is in its `scopeWhitelists`, so a scope a client
 * sends that is not listed gets `access_denied` ("Policy evaluation failed"), not a smaller token. MCP
 * clients that also speak OpenID Connect send `openid` (the MCP authorization spec has them try OIDC
 * discovery), and it adds only an ID token for the client: the access token's `aud` stays the server's
 * one audience. So every rule lists `openid`; `offline_access` only for clients that hold refresh tokens.
 * @see https://developer.okta.com/docs/guides/configure-access-policy/main/ (rule conditions: scopes requested)
 */
const OPENID = "openid";

/**
 * Plan → the Okta objects that bind every token to one MCP resource (docs/design.md §5): a custom
 * authorization server has one default audience, so each resource gets its own server (and issuer), and
 * the token's `aud` is the resource URI whether or not Okta honours RFC 8707 `resource` (its 2026
 * releases started to; this layout does not depend on it). Pure: Okta's limits are checked here, before
 * any object exists.
 *
 * Object count, with R resources, S scopes, C clients, and P = Σ over resources of the number of
 * distinct grants (scope set + refresh lifetimes) among the clients granted that resource
 * (see {@link PolicyGroup} for why this is the minimum):
 *
 *   resources declared = R servers + S scopes + 2·P (policy + rule) + C apps + C group assignments
 *   reads              = the okta.groups entries that are not group ids (0 when C = 0)
 *
 * @throws ConfigError naming Okta and the alternative for anything Okta cannot hold (SECURITY.md §A.9).
 * @see https://developer.okta.com/docs/concepts/auth-servers/
 */
export function translateOkta(plan: Plan, options: OktaTranslateOptions): ResourceSpec[] {
  const issuerMode = options.issuerMode ?? "ORG_URL";
  const okta = plan.settings.okta ?? defaultOktaSettings();
  const issues = oktaIssues(plan, okta);
  if (!ISSUER_MODES.includes(issuerMode)) {
    issues.unshift({ path: "issuerMode", message: `must be ${ISSUER_MODES.join(" or ")}; DYNAMIC would make iss follow each request's host, so no fixed issuer could be verified` });
  }
  if (issues.length > 0) throw new ConfigError(issues, "This pulumi-mcp-auth config cannot be deployed to Okta");

  // Group ids are needed only to assign apps and admit users to rules, both of which need a client.
  const groups = oktaGroups(options.name, plan.clients.length > 0 ? okta.groups : []);
  const specs: ResourceSpec[] = [
    ...groups.lookups,
    ...plan.clients.flatMap((client) => appSpecs(options.name, plan, client, groups)),
    ...plan.resources.flatMap((resource) => serverSpecs(options.name, plan, resource, issuerMode, groups)),
  ];
  assertSpecGraph(specs);
  return specs;
}

/** A public native app: no secret, PKCE required, code flow only, redirect URIs exactly as declared. */
function appSpecs(name: string, plan: Plan, client: PlannedClient, groups: OktaGroups): ResourceSpec[] {
  const names = oktaNames(name);
  const consentRequired = plan.resources.some((resource) =>
    resource.scopes.some((scope) => scope.consent === "required" && scope.clientKeys.includes(client.key)),
  );
  const app: ResourceSpec = {
    key: oktaKeys.app(client.key),
    type: OKTA_TYPES.app,
    name: names.app(client.key),
    args: {
      label: client.name,
      type: "native",
      tokenEndpointAuthMethod: "none",
      pkceRequired: true,
      // Nothing secret exists for auth method none; this keeps any secret Okta might return out of state.
      omitSecret: true,
      grantTypes: [...client.grantTypes],
      responseTypes: ["code"],
      redirectUris: [...client.redirectUris],
      wildcardRedirect: "DISABLED",
      // Okta shows consent for a REQUIRED scope only when the app asks for consent too.
      consentMethod: consentRequired ? "REQUIRED" : "TRUSTED",
      // Leeway 0: presenting a rotated refresh token again is refused at once (SECURITY.md §B.4).
      ...(client.refreshToken ? { refreshTokenRotation: "ROTATE", refreshTokenLeeway: 0 } : {}),
    },
    dependsOn: [],
  };
  const assignments: ResourceSpec = {
    key: oktaKeys.appGroups(client.key),
    type: OKTA_TYPES.appGroups,
    name: names.appGroups(client.key),
    // One authoritative list per app: groups assigned by hand show up as drift.
    args: { appId: ref(app.key, "id"), groups: groups.assignmentIds.map((id) => ({ id, profile: "{}" })) },
    dependsOn: [],
  };
  return [app, assignments];
}

/** One authorization server per resource, its scopes, and a policy + rule per distinct grant. */
function serverSpecs(name: string, plan: Plan, resource: PlannedResource, issuerMode: OktaIssuerMode, groups: OktaGroups): ResourceSpec[] {
  const names = oktaNames(name);
  const serverKey = oktaKeys.server(resource.key);
  const server: ResourceSpec = {
    key: serverKey,
    type: OKTA_TYPES.server,
    name: names.server(resource.key),
    args: {
      name: `${name}-${resource.key}`,
      description: `MCP resource ${resource.name} (${resource.uri}), managed by pulumi-mcp-auth`,
      // Okta holds exactly one audience per server: the resource URI, byte for byte (RFC 8707).
      audiences: [resource.uri],
      issuerMode,
    },
    dependsOn: [],
  };
  const scopes: ResourceSpec[] = resource.scopes.map((scope) => ({
    key: oktaKeys.scope(resource.key, scope.name),
    type: OKTA_TYPES.scope,
    name: names.scope(resource.key, scope.name),
    args: {
      authServerId: ref(serverKey, "id"),
      name: scope.name,
      description: scope.description,
      consent: scope.consent === "required" ? "REQUIRED" : "IMPLICIT",
      metadataPublish: "ALL_CLIENTS",
      // Never granted to a client that did not ask for it.
      default: false,
    },
    dependsOn: [],
  }));
  const policies = policyGroups(plan, resource).flatMap((group, index, all) =>
    policySpecs(name, resource, group, index === 0 ? undefined : (all[index - 1] as PolicyGroup), groups),
  );
  return [server, ...scopes, ...policies];
}

/**
 * A policy admitting exactly one group of clients, and its single rule. Policies on one server take
 * priorities 1..N and each waits for the previous one: Okta renumbers priorities of objects created
 * concurrently, and the stack would never converge.
 */
function policySpecs(name: string, resource: PlannedResource, group: PolicyGroup, previous: PolicyGroup | undefined, groups: OktaGroups): ResourceSpec[] {
  const names = oktaNames(name);
  const serverKey = oktaKeys.server(resource.key);
  const policyKey = oktaKeys.policy(resource.key, group.nameKey);
  const policy: ResourceSpec = {
    key: policyKey,
    type: OKTA_TYPES.policy,
    name: names.policy(resource.key, group.nameKey),
    args: {
      authServerId: ref(serverKey, "id"),
      name: `clients-${group.nameKey}`,
      description: `Admits ${group.clientKeys.join(", ")} to ${resource.uri} with ${group.scopes.join(" ")}${group.refreshToken ? " + offline_access" : ""}`,
      priority: group.priority,
      clientWhitelists: group.clientKeys.map((clientKey) => ref(oktaKeys.app(clientKey), "clientId")),
    },
    dependsOn: previous ? [oktaKeys.policy(resource.key, previous.nameKey)] : [],
  };
  const refresh = group.refreshToken;
  const rule: ResourceSpec = {
    key: oktaKeys.rule(resource.key, group.nameKey),
    type: OKTA_TYPES.rule,
    name: names.rule(resource.key, group.nameKey),
    args: {
      authServerId: ref(serverKey, "id"),
      policyId: ref(policyKey, "id"),
      name: `scopes-${group.nameKey}`,
      priority: 1,
      grantTypeWhitelists: [AUTHORIZATION_CODE],
      scopeWhitelists: [OPENID, ...group.scopes, ...(refresh ? [OFFLINE_ACCESS] : [])],
      groupWhitelists: [...groups.ruleWhitelist],
      accessTokenLifetimeMinutes: resource.accessTokenLifetimeSeconds / 60,
      ...(refresh
        ? { refreshTokenWindowMinutes: refresh.idleLifetimeSeconds / 60, refreshTokenLifetimeMinutes: refresh.absoluteLifetimeSeconds / 60 }
        : {}),
    },
    // Okta refuses a rule that whitelists a scope the server does not have yet.
    dependsOn: group.scopes.map((scope) => oktaKeys.scope(resource.key, scope)),
  };
  return [policy, rule];
}
