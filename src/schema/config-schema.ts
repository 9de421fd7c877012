import { z } from "zod";
import { clientSchema } from "./client-schema.js";
import { auth0SectionSchema, keycloakSectionSchema, oktaSectionSchema } from "./idp-sections.js";
import { resourceSchema } from "./resource-schema.js";
import { registrationSchema } from "./registration-schema.js";
import { keySchema, requiredOr, strictObject } from "./strict.js";
import { collectWarnings } from "./warnings.js";

const configObjectSchema = strictObject({
  $schema: z.string({ error: "must be a JSON Schema URL or path" }).optional(),
  version: z.literal(1, { error: requiredOr("must be 1, the only file format version") }),
  resources: z
    .record(keySchema, resourceSchema, { error: requiredOr("must map resource keys to MCP resources, e.g. { github: { uri, scopes } }") })
    .refine((resources) => Object.keys(resources).length > 0, { error: "must declare at least one MCP resource" })
    .meta({ description: "MCP servers (protected resources) by stable key." }),
  clients: z
    .record(keySchema, clientSchema, { error: "must map client keys to agent clients" })
    .default({})
    .meta({ description: "Public, PKCE-only agent clients by stable key." }),
  registration: registrationSchema.prefault({}),
  auth0: auth0SectionSchema.optional(),
  okta: oktaSectionSchema.optional(),
  keycloak: keycloakSectionSchema.optional(),
});

/**
 * The file format. Objects are strict, records are keyed by stable keys, and every rule of SECURITY.md §A
 * that concerns one field lives next to that field. Rules that relate fields to each other are in
 * cross-checks.ts and run on the raw input beside this schema, so both kinds are reported in one pass.
 */
export const configSchema = configObjectSchema
  .transform((config) => ({ ...config, warnings: collectWarnings(config) }));
