import { z } from "zod";
import { byInputType } from "./by-input-type.js";
import { accessSchema } from "./client-schema.js";
import { metadataDocumentHostProblem, normalizeMetadataDocumentHost, METADATA_DOCUMENT_HOST_FORM } from "./metadata-document-host.js";
import { requiredOr, strictObject } from "./strict.js";

/** Bounds of `registration.dynamic.maxClients`: at least one client, and no more than an IdP policy sensibly holds. */
export const MAX_CLIENTS_RANGE = { min: 1, max: 10_000 } as const;

const MAX_CLIENTS_FORM = `a whole number from ${MAX_CLIENTS_RANGE.min} to ${MAX_CLIENTS_RANGE.max}`;

const maxClientsSchema = z
  .number({ error: `must be ${MAX_CLIENTS_FORM}` })
  .int({ error: `must be ${MAX_CLIENTS_FORM}` })
  .min(MAX_CLIENTS_RANGE.min, { error: `must be ${MAX_CLIENTS_FORM}` })
  .max(MAX_CLIENTS_RANGE.max, { error: `must be ${MAX_CLIENTS_FORM}` })
  .meta({ description: "The most clients that may register; once reached, further registrations are refused. Omit for the IdP's default." });

const dynamicSchema = byInputType(
  {
    boolean: z.boolean(),
    object: strictObject({ maxClients: maxClientsSchema.optional() }),
  },
  {
    typeError: "must be true, false, or { maxClients }",
    description: "Let agents register themselves (RFC 7591 dynamic client registration) where the IdP supports it; { maxClients } also caps how many may.",
  },
);

const allowedHostSchema = z
  .string({ error: `must be ${METADATA_DOCUMENT_HOST_FORM}` })
  .superRefine((value, ctx) => {
    const problem = metadataDocumentHostProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(normalizeMetadataDocumentHost);

const allowedHostsSchema = z
  .array(allowedHostSchema, {
    error: requiredOr(`must be a list of hosts, each ${METADATA_DOCUMENT_HOST_FORM}; use clientIdMetadataDocuments: true to allow any host`),
  })
  .superRefine((hosts, ctx) => {
    hosts.forEach((host, index) => {
      if (hosts.indexOf(host) !== index) ctx.addIssue({ code: "custom", path: [index], message: `repeats ${JSON.stringify(host)}; list each host once` });
    });
  })
  .meta({ description: "Hosts whose https URLs may serve client ID metadata documents: exact names, or *.example.com for subdomains (not example.com itself). An empty list allows none." });

const clientIdMetadataDocumentsSchema = byInputType(
  {
    boolean: z.boolean(),
    object: strictObject({ allowedHosts: allowedHostsSchema }),
  },
  {
    typeError: "must be true, false, or { allowedHosts: [host, ...] }",
    description: "Accept client ID metadata documents (an https URL as client_id) where the IdP supports it; true for any public host, or { allowedHosts } to name them.",
  },
);

/**
 * `registration:`: clients that are not declared but arrive at run time, by dynamic registration (RFC 7591)
 * or with a client ID metadata document. Either way they are public, PKCE S256, asked for consent on first
 * use, held to the redirect URI rules of declared clients, and can obtain only `access`.
 *
 * The resolved form keeps `dynamic` and `clientIdMetadataDocuments` as booleans (what every translation
 * reads) and lifts the limits beside them: `maxClients` (undefined: the IdP's default) and
 * `metadataDocumentHosts` (undefined: any host; `[]`: none; lower case).
 * @see https://www.rfc-editor.org/rfc/rfc7591
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export const registrationSchema = strictObject({
  dynamic: dynamicSchema.default(false),
  clientIdMetadataDocuments: clientIdMetadataDocumentsSchema.default(false),
  access: accessSchema.default({}),
})
  .transform(({ dynamic, clientIdMetadataDocuments, access }) => ({
    dynamic: dynamic !== false,
    clientIdMetadataDocuments: clientIdMetadataDocuments !== false,
    maxClients: typeof dynamic === "object" ? dynamic.maxClients : undefined,
    metadataDocumentHosts: typeof clientIdMetadataDocuments === "object" ? clientIdMetadataDocuments.allowedHosts : undefined,
    access,
  }))
  .meta({ description: "Clients that are not declared here but register at run time; off by default." });

export type RegistrationSettings = z.output<typeof registrationSchema>;

/** True when a raw `registration.dynamic` or `registration.clientIdMetadataDocuments` value turns the mode on. */
export function registrationModeOn(value: unknown): boolean {
  return value === true || (typeof value === "object" && value !== null && !Array.isArray(value));
}
