import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/index.js";
import { isAllowedMetadataDocumentHost } from "../../src/schema/metadata-document-host.js";
import { parseConfig } from "../../src/schema/index.js";
import { configWith } from "../support/configs.js";

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const letterLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z]$/);
/** DNS names of 2..4 labels whose last label is not a number (else they would be IPv4), in random case. */
const hostName = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), letterLabel)
  .map(([labels, last]) => [...labels, last].join("."))
  .chain((name) => fc.constantFrom(name, name.toUpperCase(), `*.${name}`));

const dynamic = fc.oneof(fc.boolean(), fc.constant({}), fc.record({ maxClients: fc.integer({ min: 1, max: 10_000 }) }));
const metadataDocuments = fc.oneof(fc.boolean(), fc.record({ allowedHosts: fc.uniqueArray(hostName, { maxLength: 5, selector: (host) => host.toLowerCase() }) }));

describe("registration policy (property)", () => {
  it("resolves every file form to the booleans and the limits beside them, and plans the hosts lower case and sorted", () => {
    fc.assert(
      fc.property(dynamic, metadataDocuments, (dynamicInput, documentsInput) => {
        const config = parseConfig(configWith((c) => (c.registration = { dynamic: dynamicInput, clientIdMetadataDocuments: documentsInput, access: { github: ["github:read"] } })));
        const hosts = typeof documentsInput === "object" ? documentsInput.allowedHosts.map((host) => host.toLowerCase()) : undefined;
        expect(config.registration).toStrictEqual({
          dynamic: dynamicInput !== false,
          clientIdMetadataDocuments: documentsInput !== false,
          maxClients: typeof dynamicInput === "object" ? (dynamicInput as { maxClients?: number }).maxClients : undefined,
          metadataDocumentHosts: hosts,
          access: { github: ["github:read"] },
        });
        expect(buildPlan(config).registration.metadataDocumentHosts).toStrictEqual(hosts && [...hosts].sort());
      }),
    );
  });

  it("lets a *. pattern match every subdomain of its suffix and never the suffix itself", () => {
    fc.assert(
      fc.property(hostName, fc.array(label, { minLength: 1, maxLength: 3 }), (host, prefix) => {
        const suffix = host.toLowerCase().replace(/^\*\./, "");
        const sub = `${prefix.join(".")}.${suffix}`;
        expect(isAllowedMetadataDocumentHost(sub, [`*.${suffix}`])).toBe(true);
        expect(isAllowedMetadataDocumentHost(suffix, [`*.${suffix}`])).toBe(false);
        expect(isAllowedMetadataDocumentHost(sub, [suffix])).toBe(false);
        expect(isAllowedMetadataDocumentHost(suffix.toUpperCase(), [suffix])).toBe(true);
      }),
    );
  });
});
