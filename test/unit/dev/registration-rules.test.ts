import { describe, expect, it } from "vitest";
import { checkRegistration } from "../../../src/dev/registration-rules.js";

describe("checkRegistration", () => {
  it.each([
    [["http://127.0.0.1:49152/callback"]],
    [["http://127.0.0.1/callback", "http://[::1]:8080/cb"]],
    [["http://localhost:3000/oauth/callback"]],
    [["https://agent.example.com/callback"]],
    [["com.example.agent:/oauth/callback"]],
  ])("accepts redirect URIs %j and makes the client public and native unless it says otherwise", (redirectUris) => {
    expect(checkRegistration({ redirect_uris: redirectUris })).toEqual({
      metadata: { application_type: "native", token_endpoint_auth_method: "none", redirect_uris: redirectUris },
    });
  });

  it("keeps what the client asked for where it is allowed", () => {
    const metadata = { redirect_uris: ["https://agent.example.com/cb"], application_type: "web", token_endpoint_auth_method: "none", client_name: "A" };
    expect(checkRegistration(metadata)).toEqual({ metadata });
  });

  it.each([
    [null, "invalid_client_metadata", "the registration must be a JSON object of client metadata"],
    [[], "invalid_client_metadata", "the registration must be a JSON object of client metadata"],
    [{ redirect_uris: ["https://a.example/cb"], token_endpoint_auth_method: "private_key_jwt" }, "invalid_client_metadata", "token_endpoint_auth_method must be none: clients are public and use PKCE, not a secret"],
    [{ redirect_uris: "https://a.example/cb" }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [{ redirect_uris: [42] }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [{ redirect_uris: ["https://a.example/cb#frag"] }, "invalid_redirect_uri", "https://a.example/cb#frag must not contain a fragment (#) (OAuth 2.1 §2.3.1)"],
    [{ redirect_uris: ["http://127.1:8080/cb"] }, "invalid_redirect_uri", 'http://127.1:8080/cb spells loopback as "127.1"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    [{ redirect_uris: ["myapp:/cb"] }, "invalid_redirect_uri", 'myapp:/cb uses the private-use scheme "myapp:", which must be a reversed domain name containing a dot, e.g. com.example.app:/callback (RFC 8252 §7.1)'],
  ])("refuses %j", (metadata, error, description) => {
    expect(checkRegistration(metadata)).toEqual({ refusal: { error, error_description: description } });
  });
});
