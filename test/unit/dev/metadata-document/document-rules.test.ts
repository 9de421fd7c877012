import { describe, expect, it } from "vitest";
import { clientFromDocument } from "../../../../src/dev/metadata-document/document-rules.js";

const URL = "https://agent.example.com/client.json";
const doc = (fields: Record<string, unknown> = {}) => ({ client_id: URL, client_name: "Agent", redirect_uris: ["http://127.0.0.1/callback"], ...fields });

describe("clientFromDocument", () => {
  it("makes a public, native, authorization-code-only client and keeps nothing else of the document", () => {
    const document = doc({
      redirect_uris: ["http://127.0.0.1:33418/callback", "https://agent.example.com/cb", "com.example.agent:/cb"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      scope: "github:read github:write",
      logo_uri: "https://agent.example.com/logo.png",
      jwks_uri: "https://agent.example.com/jwks",
      sector_identifier_uri: "https://internal.example/sector",
    });
    expect(clientFromDocument(URL, document)).toEqual({
      metadata: {
        client_id: URL,
        client_name: "Agent",
        redirect_uris: ["http://127.0.0.1:33418/callback", "https://agent.example.com/cb", "com.example.agent:/cb"],
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    });
  });

  it.each([
    [null, "it is not a JSON object"],
    [[doc()], "it is not a JSON object"],
    ["text", "it is not a JSON object"],
    [doc({ client_id: "https://other.example.com/client.json" }), "it names client_id https://other.example.com/client.json; a document must name exactly the URL it is served at"],
    [doc({ client_id: `${URL}/` }), `it names client_id ${URL}/; a document must name exactly the URL it is served at`],
    [doc({ client_id: undefined }), "it has no client_id; a document must name exactly the URL it is served at"],
    [doc({ client_secret: "s3cret" }), "it contains a client_secret: a client identified by a metadata document is public and cannot hold a secret"],
    [doc({ client_secret_expires_at: 0 }), "it contains a client_secret: a client identified by a metadata document is public and cannot hold a secret"],
    [doc({ token_endpoint_auth_method: "client_secret_basic" }), "its token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret"],
    [doc({ token_endpoint_auth_method: "private_key_jwt" }), "its token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret"],
    [doc({ redirect_uris: undefined }), "its redirect_uris must list at least one redirect URI"],
    [doc({ redirect_uris: [] }), "its redirect_uris must list at least one redirect URI"],
    [doc({ redirect_uris: "http://127.0.0.1/callback" }), "its redirect_uris must list at least one redirect URI"],
    [doc({ redirect_uris: ["http://agent.example.com/cb"] }), "its redirect URI http://agent.example.com/cb uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https"],
    [doc({ redirect_uris: ["https://agent.example.com/*"] }), "its redirect URI https://agent.example.com/* must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)"],
    [doc({ redirect_uris: ["https://agent.example.com/cb#x"] }), "its redirect URI https://agent.example.com/cb#x must not contain a fragment (#) (OAuth 2.1 §2.3.1)"],
    [doc({ redirect_uris: ["javascript:alert(1)"] }), "its redirect URI javascript:alert(1) must not use the javascript: scheme; allowed: https://host/path, http://127.0.0.1/path or http://[::1]/path (no port), or a private-use scheme like com.example.app:/callback"],
    [doc({ grant_types: ["implicit"] }), "its grant_types must be authorization_code, optionally with refresh_token"],
    [doc({ grant_types: ["authorization_code", "client_credentials"] }), "its grant_types must be authorization_code, optionally with refresh_token"],
    [doc({ grant_types: ["refresh_token"] }), "its grant_types must be authorization_code, optionally with refresh_token"],
    [doc({ grant_types: ["authorization_code", "password"] }), "its grant_types must be authorization_code, optionally with refresh_token"],
    [doc({ response_types: ["code id_token"] }), "its response_types must be code"],
    [doc({ response_types: ["token"] }), "its response_types must be code"],
    [doc({ client_name: "" }), "its client_name must be a string of 1 to 200 characters"],
    [doc({ client_name: 7 }), "its client_name must be a string of 1 to 200 characters"],
  ])("refuses %j: %s", (document, refusal) => {
    expect(clientFromDocument(URL, document)).toEqual({ refusal });
  });
});
