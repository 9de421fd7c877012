import { describe, expect, it } from "vitest";
import { checkRegistration } from "../../../src/dev/registration-rules.js";

const GITHUB = "https://mcp.example.com/github";
const JIRA = "https://mcp.example.com/jira";
const ALLOWED = new Map([[GITHUB, ["github:read", "github:write"]], [JIRA, ["jira:read"]]]);
const REDIRECT = ["https://agent.example.com/cb"];

describe("checkRegistration", () => {
  it.each([
    [["http://127.0.0.1:49152/callback"]],
    [["http://127.0.0.1/callback", "http://[::1]:8080/cb"]],
    [["http://localhost:3000/oauth/callback"]],
    [["https://agent.example.com/callback"]],
    [["com.example.agent:/oauth/callback"]],
  ])("accepts redirect URIs %j and makes the client public and native", (redirectUris) => {
    expect(checkRegistration({ redirect_uris: redirectUris }, ALLOWED)).toEqual({
      metadata: { application_type: "native", token_endpoint_auth_method: "none", redirect_uris: redirectUris },
      scopesByResource: ALLOWED,
      scope: "github:read github:write jira:read",
    });
  });

  it("keeps the client's name, redirect URIs and response types as sent", () => {
    const metadata = { redirect_uris: REDIRECT, token_endpoint_auth_method: "none", client_name: "A", response_types: ["code"] };
    expect(checkRegistration(metadata, ALLOWED)).toMatchObject({ metadata: { ...metadata, application_type: "native" } });
  });

  it.each([
    // Each of these made oidc-provider mint a client_secret for the public client.
    ["request_object_signing_alg", "HS256"],
    ["userinfo_signed_response_alg", "HS384"],
    ["introspection_signed_response_alg", "HS512"],
    ["authorization_signed_response_alg", "HS256"],
    ["id_token_signed_response_alg", "HS256"],
    ["id_token_encrypted_response_alg", "dir"],
    ["userinfo_encrypted_response_alg", "A128KW"],
    ["request_object_encryption_alg", "A256KW"],
    // A secret-based or key-based method is replaced by none (RFC 7591 §3.2.1): registered clients are public.
    ["token_endpoint_auth_method", "client_secret_post"],
    ["token_endpoint_auth_method", "client_secret_basic"],
    ["token_endpoint_auth_method", "private_key_jwt"],
    // Web clients compare loopback redirects with their port; every registered client is native.
    ["application_type", "web"],
    // Links of the client's choosing would reach the consent page.
    ["logo_uri", "https://evil.example/logo.png"],
    ["client_uri", "https://evil.example/"],
    ["policy_uri", "https://evil.example/policy"],
    ["tos_uri", "https://evil.example/tos"],
    ["jwks", { keys: [] }],
    ["post_logout_redirect_uris", ["https://evil.example/bye"]],
    ["software_statement", "e30.e30.sig"],
  ])("drops %s (%j): the client is registered public, native and with nothing else", (field, value) => {
    expect(checkRegistration({ redirect_uris: REDIRECT, [field]: value }, ALLOWED)).toEqual({
      metadata: { application_type: "native", token_endpoint_auth_method: "none", redirect_uris: REDIRECT },
      scopesByResource: ALLOWED,
      scope: "github:read github:write jira:read",
    });
  });

  it.each([
    // Trimmed to registration.access (RFC 7591 §3.2.1: the server may replace requested values).
    ["github:read", new Map([[GITHUB, ["github:read"]]]), "github:read"],
    ["github:read github:admin jira:write", new Map([[GITHUB, ["github:read"]]]), "github:read"],
    ["jira:read  github:write", new Map([[GITHUB, ["github:write"]], [JIRA, ["jira:read"]]]), "github:write jira:read"],
    // openid is kept (an ID token can be had); offline_access is dropped (registered clients get no refresh token).
    ["openid offline_access github:read", new Map([[GITHUB, ["github:read"]]]), "openid github:read"],
  ])("grants scope %j as %j, stated as %j, and keeps it out of oidc-provider's metadata", (scope, scopesByResource, stated) => {
    expect(checkRegistration({ redirect_uris: REDIRECT, scope }, ALLOWED)).toEqual({
      metadata: { application_type: "native", token_endpoint_auth_method: "none", redirect_uris: REDIRECT },
      scopesByResource,
      scope: stated,
    });
  });

  it.each([
    [["authorization_code", "refresh_token"], ["authorization_code"]],
    [["refresh_token"], ["authorization_code"]],
    [["authorization_code"], ["authorization_code"]],
    // Left for oidc-provider to refuse with its own message.
    [["client_credentials"], ["client_credentials"]],
  ])("states grant_types %j as %j: no refresh token is ever issued to a registered client", (grantTypes, stated) => {
    expect(checkRegistration({ redirect_uris: REDIRECT, grant_types: grantTypes }, ALLOWED)).toMatchObject({ metadata: { grant_types: stated } });
  });

  it.each([
    [null, "invalid_client_metadata", "the registration must be a JSON object of client metadata"],
    [[], "invalid_client_metadata", "the registration must be a JSON object of client metadata"],
    [{ redirect_uris: "https://a.example/cb" }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [{ redirect_uris: [42] }, "invalid_redirect_uri", "redirect_uris must list at least one redirect URI"],
    [{ redirect_uris: ["https://a.example/cb#frag"] }, "invalid_redirect_uri", "https://a.example/cb#frag must not contain a fragment (#) (OAuth 2.1 §2.3.1)"],
    [{ redirect_uris: ["http://127.1:8080/cb"] }, "invalid_redirect_uri", 'http://127.1:8080/cb spells loopback as "127.1"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    [{ redirect_uris: ["myapp:/cb"] }, "invalid_redirect_uri", 'myapp:/cb uses the private-use scheme "myapp:", which must be a reversed domain name containing a dot, e.g. com.example.app:/callback (RFC 8252 §7.1)'],
    [{ redirect_uris: REDIRECT, scope: ["github:read"] }, "invalid_client_metadata", "scope must be a string of space-separated scope values (RFC 7591 §2)"],
    [{ redirect_uris: REDIRECT, scope: "github:admin openid offline_access" }, "invalid_client_metadata", "scope names no scope a registered client may obtain; registered clients may ask for github:read github:write jira:read (registration.access)"],
    [{ redirect_uris: REDIRECT, scope: "" }, "invalid_client_metadata", "scope names no scope a registered client may obtain; registered clients may ask for github:read github:write jira:read (registration.access)"],
  ])("refuses %j", (metadata, error, description) => {
    expect(checkRegistration(metadata, ALLOWED)).toEqual({ refusal: { error, error_description: description } });
  });

  it.each([
    ["sector_identifier_uri", "https://evil.example/sector.json", "subject identifiers are public, so no sector identifier is used"],
    ["jwks_uri", "https://evil.example/jwks.json", "clients are public (token_endpoint_auth_method none) and sign nothing the server verifies"],
    ["request_uris", ["https://evil.example/request.jwt"], "request objects by reference are not supported"],
    ["backchannel_logout_uri", "https://evil.example/logout", "back-channel logout is not offered"],
    ["backchannel_client_notification_endpoint", "https://evil.example/ciba", "client-initiated backchannel authentication (CIBA) is not offered"],
  ])("refuses %s: the server fetches no URL a client names", (field, value, reason) => {
    expect(checkRegistration({ redirect_uris: REDIRECT, [field]: value }, ALLOWED)).toEqual({
      refusal: { error: "invalid_client_metadata", error_description: `${field} is not accepted: this server makes no request to a URL a client names, and ${reason}` },
    });
  });
});
