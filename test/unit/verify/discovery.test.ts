import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_METADATA_BYTES } from "../../../src/verify/bounded-fetch.js";
import { authorizationServerMetadataUrls } from "../../../src/verify/discovery.js";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { expectRefusal } from "../../support/refusals.js";
import { RESOURCE, startTokenIssuer, type TokenIssuer } from "../../support/token-issuer.js";

// jwks_uri from RFC 8414 metadata (path-inserted for issuers with a path), then OIDC discovery; cached.
describe("authorizationServerMetadataUrls (RFC 8414 §3.1, OIDC Discovery §4)", () => {
  it.each([
    ["https://as.example.com", ["https://as.example.com/.well-known/oauth-authorization-server", "https://as.example.com/.well-known/openid-configuration"]],
    ["https://tenant.auth0.example/", ["https://tenant.auth0.example/.well-known/oauth-authorization-server", "https://tenant.auth0.example/.well-known/openid-configuration"]],
    [
      "https://kc.example.com/realms/mcp",
      [
        "https://kc.example.com/.well-known/oauth-authorization-server/realms/mcp",
        "https://kc.example.com/.well-known/openid-configuration/realms/mcp",
        "https://kc.example.com/realms/mcp/.well-known/openid-configuration",
      ],
    ],
    [
      "https://org.okta.example:8443/oauth2/aus1/",
      [
        "https://org.okta.example:8443/.well-known/oauth-authorization-server/oauth2/aus1",
        "https://org.okta.example:8443/.well-known/openid-configuration/oauth2/aus1",
        "https://org.okta.example:8443/oauth2/aus1/.well-known/openid-configuration",
      ],
    ],
  ])("%s", (issuer, urls) => {
    expect(authorizationServerMetadataUrls(issuer)).toEqual(urls);
  });
});

describe("discovery of jwks_uri", () => {
  let as: TokenIssuer;
  beforeAll(async () => (as = await startTokenIssuer()));
  afterAll(() => as.close());
  beforeEach(() => {
    as.server.requests.length = 0;
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) as.server.route(path, undefined);
  });
  afterEach(() => vi.useRealTimers());

  it("reads RFC 8414 metadata at the root for an issuer without a path", async () => {
    as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: as.issuer, jwks_uri: as.jwksUri } });
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server", "/jwks"]);
  });

  it("inserts the issuer's path after the well-known prefix (RFC 8414 §3.1)", async () => {
    const issuer = `${as.issuer}/tenants/blue`;
    as.server.route("/.well-known/oauth-authorization-server/tenants/blue", { json: { issuer, jwks_uri: as.jwksUri } });
    const verifier = createTokenVerifier({ issuer, resource: RESOURCE });
    await expect(verifier.verify(await as.token({ claims: { iss: issuer } }))).resolves.toMatchObject({ subject: "alice" });
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server/tenants/blue", "/jwks"]);
  });

  it("falls back to OIDC discovery appended to the issuer (Keycloak, Okta)", async () => {
    const issuer = `${as.issuer}/realms/mcp`;
    as.server.route("/realms/mcp/.well-known/openid-configuration", { json: { issuer, jwks_uri: as.jwksUri } });
    const verifier = createTokenVerifier({ issuer, resource: RESOURCE });
    await expect(verifier.verify(await as.token({ claims: { iss: issuer } }))).resolves.toMatchObject({ subject: "alice" });
    expect(as.server.requests).toEqual([
      "/.well-known/oauth-authorization-server/realms/mcp",
      "/.well-known/openid-configuration/realms/mcp",
      "/realms/mcp/.well-known/openid-configuration",
      "/jwks",
    ]);
  });

  it("does not use metadata whose issuer differs, even by a trailing slash (RFC 8414 §3.3)", async () => {
    as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: `${as.issuer}/`, jwks_uri: `${as.issuer}/evil-jwks` } });
    as.server.route("/.well-known/openid-configuration", { json: { issuer: as.issuer, jwks_uri: as.jwksUri } });
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/jwks"]);
  });

  it("answers 503 when no candidate gives usable metadata, and says why per URL", async () => {
    as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: "https://other.example.com", jwks_uri: as.jwksUri } });
    as.server.route("/.well-known/openid-configuration", { json: { issuer: as.issuer, jwks_uri: "/relative" } });
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    const error = await expectRefusal(verifier.verify(await as.token()), "server_error", "the issuer's signing keys cannot be fetched");
    expect(error.cause).toMatchObject({
      name: "DiscoveryError",
      message:
        `no usable authorization server metadata for issuer ${as.issuer} (` +
        `${as.issuer}/.well-known/oauth-authorization-server: issuer "https://other.example.com" is not exactly "${as.issuer}"; ` +
        `${as.issuer}/.well-known/openid-configuration: no absolute jwks_uri)`,
    });
    expect(as.server.count("/jwks")).toBe(0);
  });

  it("refuses a metadata document larger than the cap and moves on to the next candidate", async () => {
    as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: as.issuer, jwks_uri: as.jwksUri, padding: "x".repeat(MAX_METADATA_BYTES) } });
    as.server.route("/.well-known/openid-configuration", undefined);
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    const error = await expectRefusal(verifier.verify(await as.token()), "server_error", "the issuer's signing keys cannot be fetched");
    expect(error.cause).toMatchObject({
      name: "DiscoveryError",
      message:
        `no usable authorization server metadata for issuer ${as.issuer} (` +
        `${as.issuer}/.well-known/oauth-authorization-server: the metadata document is larger than ${MAX_METADATA_BYTES} bytes; ` +
        `${as.issuer}/.well-known/openid-configuration: HTTP 404)`,
    });
  });

  it("discovers once for a burst of concurrent first requests, then serves from cache", async () => {
    as.server.route("/.well-known/oauth-authorization-server", { json: { issuer: as.issuer, jwks_uri: as.jwksUri } });
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => as.token()));
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    await Promise.all(tokens.slice(0, 5).map((token) => verifier.verify(token)));
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server", "/jwks"]);
  });

  it("remembers a failed discovery for the cooldown, then tries again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const verifier = createTokenVerifier({ issuer: as.issuer, resource: RESOURCE });
    await expectRefusal(verifier.verify(await as.token()), "server_error", "the issuer's signing keys cannot be fetched");
    await expectRefusal(verifier.verify(await as.token()), "server_error", "the issuer's signing keys cannot be fetched");
    expect(as.server.requests).toEqual(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]);
    as.server.route("/.well-known/openid-configuration", { json: { issuer: as.issuer, jwks_uri: as.jwksUri } });
    vi.setSystemTime(Date.now() + 31_000);
    await expect(verifier.verify(await as.token())).resolves.toMatchObject({ subject: "alice" });
    expect(as.server.requests.slice(2)).toEqual(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/jwks"]);
  });
});
