/**
 * Okta type tokens, spec keys and logical names. Every name derives from the component name and schema
 * keys only (never list positions), so reordering the file renames nothing.
 */

/** Type tokens of the installed @pulumi/okta 7 (`static __pulumiType` of each class; tested against it). */
export const OKTA_TYPES = {
  server: "okta:auth/server:Server",
  scope: "okta:auth/serverScope:ServerScope",
  policy: "okta:auth/serverPolicy:ServerPolicy",
  rule: "okta:auth/serverPolicyRule:ServerPolicyRule",
  app: "okta:app/oAuth:OAuth",
  appGroups: "okta:index/appGroupAssignments:AppGroupAssignments",
  /** Provider functions (reads, not resources). */
  everyoneGroup: "okta:group/getEveryoneGroup:getEveryoneGroup",
  group: "okta:group/getGroup:getGroup",
} as const;

/** The component's own type token. */
export const OKTA_COMPONENT_TYPE = "mcp-auth:okta:Authorization";

// Resource keys never contain "/", so `${resourceKey}/${other}` cannot be read two ways.
export const oktaKeys = {
  group: (entry: string) => `group/${entry}`,
  app: (clientKey: string) => `client/${clientKey}`,
  appGroups: (clientKey: string) => `client-groups/${clientKey}`,
  server: (resourceKey: string) => `server/${resourceKey}`,
  scope: (resourceKey: string, scope: string) => `scope/${resourceKey}/${scope}`,
  policy: (resourceKey: string, nameKey: string) => `policy/${resourceKey}/${nameKey}`,
  rule: (resourceKey: string, nameKey: string) => `rule/${resourceKey}/${nameKey}`,
} as const;

/** Pulumi logical names, `${name}-<kind>-<keys>`. */
export function oktaNames(name: string) {
  return {
    group: (entry: string) => `${name}-group-${entry}`,
    app: (clientKey: string) => `${name}-client-${clientKey}`,
    appGroups: (clientKey: string) => `${name}-groups-${clientKey}`,
    server: (resourceKey: string) => `${name}-api-${resourceKey}`,
    scope: (resourceKey: string, scope: string) => `${name}-scope-${resourceKey}/${scope}`,
    policy: (resourceKey: string, nameKey: string) => `${name}-policy-${resourceKey}/${nameKey}`,
    rule: (resourceKey: string, nameKey: string) => `${name}-rule-${resourceKey}/${nameKey}`,
  };
}
