import { z } from "zod";
import { byInputType } from "./by-input-type.js";
import { durationSchema } from "./duration.js";
import { checkRedirectUri } from "./redirect-uri.js";
import { keySchema, requiredOr, strictObject } from "./strict.js";

export const DEFAULT_REFRESH_IDLE_SECONDS = 86_400;
export const DEFAULT_REFRESH_ABSOLUTE_SECONDS = 30 * 86_400;

const ALLOWED_GRANTS = ["authorization_code", "refresh_token"] as const;
export type AgentGrantType = (typeof ALLOWED_GRANTS)[number];

/** Why a grant type other than the two allowed ones is refused, in terms a user can act on. */
function grantTypeError(issue: { input?: unknown }): string {
  const reasons: Record<string, string> = {
    implicit: "the implicit grant is removed in OAuth 2.1 (tokens leak through the URL)",
    token: "the implicit grant is removed in OAuth 2.1 (tokens leak through the URL)",
    password: "the password grant is removed in OAuth 2.1 (the client would see the user's password)",
    client_credentials: "client_credentials needs a confidential client; agent clients are public and act for a user",
  };
  const reason = typeof issue.input === "string" ? reasons[issue.input] : undefined;
  const allowed = `allowed grant types: ${ALLOWED_GRANTS.join(", ")}`;
  return reason ? `${reason}; ${allowed}` : `${JSON.stringify(issue.input)} is not allowed; ${allowed}`;
}

const redirectUriSchema = z.string({ error: "must be a redirect URI string" }).superRefine((value, ctx) => {
  const verdict = checkRedirectUri(value);
  if (verdict && "error" in verdict) ctx.addIssue({ code: "custom", message: verdict.error });
});

/** `resource key → scopes`: what a client (or a dynamically registered client) may request. */
export const accessSchema = z
  .record(
    keySchema,
    z
      .array(z.string({ error: "must be a scope name of that resource" }), {
        error: "must be a list of scope names of that resource",
      })
      .min(1, { error: "must list at least one scope of that resource" }),
    { error: requiredOr("must map resource keys to lists of their scopes, e.g. { github: [github:read] }") },
  )
  .meta({ description: "Resource key → the scopes of that resource this client may request." });

const refreshTokensSchema = byInputType(
  {
    boolean: z.boolean().transform((on) =>
      on ? { idleLifetime: DEFAULT_REFRESH_IDLE_SECONDS, absoluteLifetime: DEFAULT_REFRESH_ABSOLUTE_SECONDS } : (false as const),
    ),
    object: strictObject({
      idleLifetime: durationSchema("Refresh token idle lifetime; default 1d").default(DEFAULT_REFRESH_IDLE_SECONDS),
      absoluteLifetime: durationSchema("Refresh token absolute lifetime; default 30d").default(DEFAULT_REFRESH_ABSOLUTE_SECONDS),
    }),
  },
  {
    typeError: "must be false, true, or { idleLifetime, absoluteLifetime }",
    description: "Rotating refresh tokens with these lifetimes; omit or false for none.",
  },
);

/**
 * Lets the client-level rules run even when a field of the client failed, so all issues come out in one
 * pass. They then read a partly parsed value, which is why they check every type they read.
 */
function whenValueIsObject(payload: { value: unknown }): boolean {
  return typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value);
}

/**
 * An agent client: always public (no secret) and PKCE-only. The optional `grantTypes`,
 * `tokenEndpointAuthMethod` and `codeChallengeMethod` exist so that a config carried over from elsewhere
 * gets a precise refusal instead of a silent change.
 */
export const clientSchema = strictObject({
  name: z
    .string({ error: "must be a display name" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" })
    .optional()
    .meta({ description: "Display name; defaults to the key." }),
  redirectUris: z
    .array(redirectUriSchema, { error: requiredOr("must be a list of redirect URIs") })
    .min(1, { error: "must list at least one redirect URI, e.g. http://127.0.0.1/callback" })
    .meta({ description: "Exact redirect URIs: https, http on 127.0.0.1 or [::1] without a port, or a private-use scheme." }),
  access: accessSchema,
  refreshTokens: refreshTokensSchema.default(false),
  grantTypes: z
    .array(z.enum(ALLOWED_GRANTS, { error: grantTypeError }), { error: "must be a list of grant types" })
    .optional()
    .meta({ description: "Derived from refreshTokens when omitted; only authorization_code and refresh_token." }),
  tokenEndpointAuthMethod: z
    .literal("none", { error: "must be none: agent clients are public and authenticate with PKCE, not a secret" })
    .optional(),
  codeChallengeMethod: z
    .literal("S256", {
      error: (issue) =>
        issue.input === "plain"
          ? "plain PKCE is refused (it protects nothing once the request leaks; OAuth 2.1 §4.1.1); must be S256"
          : "must be S256, the only PKCE method allowed",
    })
    .optional(),
})
  .superRefine((client, ctx) => {
    const redirects = Array.isArray(client.redirectUris) ? client.redirectUris : [];
    redirects.forEach((uri, index) => {
      if (redirects.indexOf(uri) !== index) {
        ctx.addIssue({ code: "custom", path: ["redirectUris", index], message: `repeats ${JSON.stringify(uri)}; list each redirect URI once` });
      }
    });
    if (client.access && typeof client.access === "object" && Object.keys(client.access).length === 0) {
      ctx.addIssue({ code: "custom", path: ["access"], message: "must grant at least one resource, e.g. { github: [github:read] }: a client with no access could obtain no token" });
    }
    const grants = Array.isArray(client.grantTypes) ? client.grantTypes : undefined;
    if (!grants) return;
    const wantsRefresh = client.refreshTokens !== false && client.refreshTokens !== undefined;
    if (!grants.includes("authorization_code")) {
      ctx.addIssue({ code: "custom", path: ["grantTypes"], message: "must include authorization_code, the only flow agent clients use" });
    }
    const refreshIndex = grants.indexOf("refresh_token");
    if (refreshIndex >= 0 && !wantsRefresh) {
      ctx.addIssue({ code: "custom", path: ["grantTypes", refreshIndex], message: "refresh_token needs refreshTokens: { idleLifetime, absoluteLifetime } on this client" });
    }
    if (refreshIndex < 0 && wantsRefresh) {
      ctx.addIssue({ code: "custom", path: ["grantTypes"], message: "lacks refresh_token while refreshTokens is set; add it or set refreshTokens: false" });
    }
  }, { when: whenValueIsObject })
  .transform(({ name, redirectUris, access, refreshTokens }, ctx) => {
    if (refreshTokens && refreshTokens.idleLifetime > refreshTokens.absoluteLifetime) {
      ctx.addIssue({ code: "custom", path: ["refreshTokens", "idleLifetime"], message: "must not exceed absoluteLifetime" });
      return z.NEVER;
    }
    const grantTypes: AgentGrantType[] = refreshTokens ? ["authorization_code", "refresh_token"] : ["authorization_code"];
    return { ...(name === undefined ? {} : { name }), redirectUris, access, refreshTokens, grantTypes };
  });
