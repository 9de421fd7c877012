import type { AdapterFactory, errors as OidcErrors } from "oidc-provider";
import { MetadataDocumentRefusal } from "./fetch-document.js";
import type { MetadataDocumentResolver } from "./resolver.js";

/** A `client_id` that is a URL: resolved as a metadata document, never looked up in storage. */
const URL_CLIENT_ID = /^https?:\/\//i;

/**
 * Lets oidc-provider find clients identified by a metadata document: its `Client.find` asks the storage
 * adapter's `Client` model for an id it does not know, and for a URL this adapter answers with the metadata
 * the document resolves to. oidc-provider then builds and validates the client as it does any other, at every
 * endpoint (authorization, interaction, token), while the resolver's cache keeps that to one fetch.
 *
 * oidc-provider 9 also has an experimental `clientIdMetadataDocument` feature; it is not used because it
 * builds the client (which may fetch a `sector_identifier_uri` the document names) before any policy hook
 * sees the document, reports transport and content problems alike as "fetch failed", and fetches through a
 * dispatcher that cannot trust a test CA or allow loopback.
 *
 * A refusal becomes `invalid_client` with the reason as its description: the authorization endpoint shows it
 * on an error page and never redirects, since the client and its redirect URIs are unknown.
 */
export function withMetadataDocumentClients(factory: AdapterFactory, resolver: MetadataDocumentResolver, errors: typeof OidcErrors): AdapterFactory {
  return (model) => {
    const adapter = factory(model);
    if (model !== "Client") return adapter;
    return {
      upsert: (id, payload, expiresIn) => adapter.upsert(id, payload, expiresIn),
      find: async (id) => {
        if (!URL_CLIENT_ID.test(id)) return adapter.find(id);
        try {
          return { ...(await resolver.resolve(id)) };
        } catch (error) {
          if (error instanceof MetadataDocumentRefusal) throw new errors.InvalidClient(describable(error.message));
          throw error;
        }
      },
      findByUserCode: (userCode) => adapter.findByUserCode(userCode),
      findByUid: (uid) => adapter.findByUid(uid),
      consume: (id) => adapter.consume(id),
      destroy: (id) => adapter.destroy(id),
      revokeByGrantId: (grantId) => adapter.revokeByGrantId(grantId),
    };
  };
}

/**
 * Keeps a description free of what RFC 6749 §5.2 excludes and a document could smuggle in: double quotes and
 * backslashes (as in the redirect URI rules' messages) become single quotes and slashes, control characters `?`.
 */
function describable(text: string): string {
  const visible = [...text].map((char) => (char.charCodeAt(0) < 0x20 || char === "\u007f" ? "?" : char)).join("");
  return visible.replace(/"/g, "'").replace(/\\/g, "/");
}
