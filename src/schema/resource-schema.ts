import { z } from "zod";
import { byInputType } from "./by-input-type.js";
import { durationSchema } from "./duration.js";
import { AUTH0_LIMITS } from "./idp-limits.js";
import { resourceUriProblem } from "./resource-uri.js";
import { scopeNameProblem } from "./scope.js";
import { requiredOr, strictObject } from "./strict.js";
import { canonicalizeResourceUri, isParsableUrl, splitUri, uriCharacterProblem } from "./uri.js";

/** Ten minutes: short enough that a leaked token is soon useless (MCP security best practices). */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 600;

const resourceUriSchema = z
  .string({ error: requiredOr("must be an absolute https URI, e.g. https://mcp.example.com/github") })
  .superRefine((value, ctx) => {
    const problem = resourceUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(canonicalizeResourceUri)
  .meta({
    description:
      "Canonical resource URI of the MCP server (RFC 8707); becomes the token audience byte-for-byte after lower-casing scheme and host.",
    examples: ["https://mcp.example.com/github"],
  });

const documentationUrlSchema = z
  .string({ error: "must be an https URL" })
  .superRefine((value, ctx) => {
    const problem = uriCharacterProblem(value);
    const scheme = splitUri(value).scheme?.toLowerCase();
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (scheme !== "https" || !isParsableUrl(value)) {
      ctx.addIssue({ code: "custom", message: "must be an absolute https URL, e.g. https://docs.example.com/mcp/github" });
    }
  })
  .meta({ description: "Human-readable documentation (RFC 9728 resource_documentation)." });

const consentSchema = z.enum(["required", "implicit"], {
  error: "must be required (the user is asked) or implicit (granted without a prompt)",
});

const scopeDescriptionSchema = z
  .string({ error: requiredOr("must be a description, or { description, consent }") })
  .trim()
  .min(1, { error: "must not be empty: say what the scope allows" })
  .max(500, { error: "must be at most 500 characters" });

const scopeSchema = byInputType(
  {
    string: scopeDescriptionSchema.transform((description) => ({ description, consent: "implicit" as const })),
    object: strictObject({ description: scopeDescriptionSchema, consent: consentSchema.default("implicit") }),
  },
  {
    typeError: "must be a description, or { description, consent }",
    description: "What the scope allows, or { description, consent: required | implicit }.",
  },
);

const scopeNameSchema = z.string().superRefine((name, ctx) => {
  const problem = scopeNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `scope ${JSON.stringify(name)} ${problem}` });
});

const scopesSchema = z
  .record(scopeNameSchema, scopeSchema, { error: requiredOr("must map scope names to descriptions, e.g. { github:read: Read repositories }") })
  .refine((scopes) => Object.keys(scopes).length > 0, {
    error: "must declare at least one scope, e.g. { github:read: Read repositories }",
  })
  .meta({ description: "Scope name → description; scope names are unique across the whole file." });

/** One MCP server: its canonical URI, its scopes and its token lifetime. */
export const resourceSchema = strictObject({
  uri: resourceUriSchema,
  name: z
    .string({ error: "must be a display name" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" })
    .optional()
    .meta({ description: "Display name; defaults to the key." }),
  scopes: scopesSchema,
  accessTokenLifetime: durationSchema("Access token lifetime; default 10m", {
    maxSeconds: AUTH0_LIMITS.accessToken.max,
    reason: "Auth0 holds access tokens of at most 30 days, the most any supported IdP allows",
  }).default(DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS),
  documentation: documentationUrlSchema.optional(),
});
