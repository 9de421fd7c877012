import { z } from "zod";
import { requiredOr, strictObject } from "./strict.js";

/** `auth0:` — settings only the Auth0 component reads. */
export const auth0SectionSchema = strictObject({
  manageTenantSettings: z
    .boolean({ error: "must be true or false" })
    .default(true)
    .meta({
      description:
        "Set the tenant's resource parameter profile to `compatibility` so Auth0 honours RFC 8707 `resource`. Tenant settings are not reverted on destroy.",
    }),
});

/** `okta:` — settings only the Okta component reads. */
export const oktaSectionSchema = strictObject({
  groups: z
    .array(z.string().min(1, { error: "must be a non-empty Okta group name or id" }), {
      error: "must be a list of Okta group names or ids, e.g. [EVERYONE]",
    })
    .min(1, { error: "must list at least one group (EVERYONE admits every user)" })
    .default(["EVERYONE"])
    .meta({ description: "Okta groups whose users may obtain tokens; EVERYONE admits every user." }),
});

// Keycloak realm names end up in URLs and must not need escaping there.
const REALM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `keycloak:` — the realm the Keycloak component configures. */
export const keycloakSectionSchema = strictObject({
  realm: z
    .string({ error: requiredOr("must be a Keycloak realm name, e.g. mcp") })
    .regex(REALM_PATTERN, {
      error: "must be a Keycloak realm name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'",
    })
    .refine((realm) => realm !== "master", {
      error: "must not be master: keep MCP clients out of Keycloak's administration realm",
    })
    .meta({ description: "The realm that holds the MCP client scopes and agent clients." }),
  createRealm: z
    .boolean({ error: "must be true or false" })
    .default(false)
    .meta({ description: "Create the realm (with single-use refresh tokens) instead of using an existing one." }),
  realmRotatesRefreshTokens: z
    .boolean({ error: "must be true or false" })
    .default(false)
    .meta({
      description:
        "For a realm the component does not create: state that it already revokes refresh tokens on use (Revoke Refresh Token on, Refresh Token Max Reuse 0). Without it, clients with refreshTokens are refused on an existing realm, since the component cannot set or check that realm setting.",
    }),
  nativeResourceIndicators: z
    .boolean({ error: "must be true or false" })
    .default(false)
    .meta({
      description:
        "Also declare per resource a bearer-only client whose clientId and resource_url are the resource URI, and let the audience mappers name it: the layout Keycloak's experimental RFC 8707 support (--features=resource-indicators) needs to honour `resource`. Tokens are the same with the feature off.",
    }),
});

export type Auth0Settings = z.output<typeof auth0SectionSchema>;
export type OktaSettings = z.output<typeof oktaSectionSchema>;
export type KeycloakSettings = z.output<typeof keycloakSectionSchema>;

/** The settings an IdP component uses when the file has no section for it. */
export const defaultAuth0Settings = (): Auth0Settings => auth0SectionSchema.parse({});
export const defaultOktaSettings = (): OktaSettings => oktaSectionSchema.parse({});
