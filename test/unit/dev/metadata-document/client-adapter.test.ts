import { describe, expect, it } from "vitest";
import { withMetadataDocumentClients } from "../../../../src/dev/metadata-document/client-adapter.js";
import { MetadataDocumentRefusal } from "../../../../src/dev/metadata-document/fetch-document.js";
import type { MetadataDocumentResolver } from "../../../../src/dev/metadata-document/resolver.js";
import { loadOidcProvider } from "../../../../src/dev/load-provider.js";
import { memoryAdapterFactory } from "../../../../src/dev/memory-adapter.js";

const { errors } = await loadOidcProvider();
const URL_ID = "https://agent.example.com/client.json";

/** A resolver that answers from a table and records what it was asked. */
function tableResolver(answers: Record<string, Record<string, unknown> | string>) {
  const asked: string[] = [];
  const resolver: MetadataDocumentResolver = {
    async resolve(clientId) {
      asked.push(clientId);
      const answer = answers[clientId];
      if (typeof answer === "string") throw new MetadataDocumentRefusal(answer);
      return { client_id: clientId, ...answer };
    },
  };
  return { asked, resolver };
}

describe("withMetadataDocumentClients", () => {
  it("answers a URL client_id with the resolved metadata and everything else from storage", async () => {
    const { asked, resolver } = tableResolver({ [URL_ID]: { client_name: "Agent" } });
    const factory = withMetadataDocumentClients(memoryAdapterFactory(), resolver, errors);
    const clients = factory("Client");
    await clients.upsert("registered-1", { client_id: "registered-1" }, 0);
    expect(await clients.find(URL_ID)).toEqual({ client_id: URL_ID, client_name: "Agent" });
    expect(await clients.find("registered-1")).toEqual({ client_id: "registered-1" });
    expect(await clients.find("unknown")).toBeUndefined();
    expect(asked).toEqual([URL_ID]);
  });

  it("sends http URLs to the resolver too, so they are refused with a reason rather than not found", async () => {
    const { asked, resolver } = tableResolver({});
    await withMetadataDocumentClients(memoryAdapterFactory(), resolver, errors)("Client").find("HTTP://agent.example.com/c").catch(() => undefined);
    expect(asked).toEqual(["HTTP://agent.example.com/c"]);
  });

  it("turns a refusal into invalid_client whose description has no double quote, backslash or control character", async () => {
    const { resolver } = tableResolver({ [URL_ID]: 'its redirect URI myapp:/cb uses the private-use scheme "myapp:", a\\b\u0007' });
    const error = await withMetadataDocumentClients(memoryAdapterFactory(), resolver, errors)("Client").find(URL_ID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errors.InvalidClient);
    expect(error).toMatchObject({ error: "invalid_client", error_description: "its redirect URI myapp:/cb uses the private-use scheme 'myapp:', a/b?" });
  });

  it("leaves the other models alone", async () => {
    const { asked, resolver } = tableResolver({});
    expect(await withMetadataDocumentClients(memoryAdapterFactory(), resolver, errors)("Grant").find(URL_ID)).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
