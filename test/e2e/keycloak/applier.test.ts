/**
 * The applier's own guarantees, without a server: it maps inputs the way the provider does, refuses what
 * it cannot map, and captures the component's children with their dependencies.
 */
import { describe, expect, it } from "vitest";
import { KeycloakMcpAuthorization } from "../../../src/idp/keycloak/component.js";
import { APPLIED_TYPES, applyChildren } from "./apply-children.js";
import type { KeycloakAdminApi } from "./admin-api.js";
import { captureChildren, idPlaceholder } from "./capture-children.js";
import { e2eConfig } from "./e2e-config.js";
import { goDurationSeconds } from "./go-duration.js";
import { audienceMapperBody, clientBody, clientScopeBody, realmBody, registrationPolicyBody, UnmappedInputError } from "./provider-requests.js";

/** An API that fails the test if the applier sends anything. */
const silentApi = new Proxy({}, { get: () => () => Promise.reject(new Error("the applier sent a request")) }) as unknown as KeycloakAdminApi;

describe("Go durations, as the provider parses realm lifetimes", () => {
  it.each([
    ["300s", 300],
    ["5m", 300],
    ["1h30m", 5400],
    ["1.5h", 5400],
    ["2592000s", 2_592_000],
    ["0", 0],
    ["1500ms", 1],
  ])("%s is %i s", (value, seconds) => expect(goDurationSeconds(value)).toBe(seconds));

  it.each(["300", "1d", "", "5 m", "m"])("%j is an error, as in Go", (value) => {
    expect(() => goDurationSeconds(value)).toThrow(`time: invalid duration ${JSON.stringify(value)}`);
  });
});

describe("request bodies, as the provider builds them", () => {
  it("realm", () => {
    expect(realmBody({ realm: "mcp", enabled: true, defaultSignatureAlgorithm: "RS256", revokeRefreshToken: true, refreshTokenMaxReuse: 0, accessTokenLifespan: "240s", offlineSessionIdleTimeout: "2h", offlineSessionMaxLifespanEnabled: true, offlineSessionMaxLifespan: "86400s" })).toEqual({
      id: "mcp",
      realm: "mcp",
      enabled: true,
      displayName: "",
      displayNameHtml: "",
      userManagedAccessAllowed: false,
      registrationAllowed: false,
      registrationEmailAsUsername: false,
      editUsernameAllowed: false,
      resetPasswordAllowed: false,
      rememberMe: false,
      verifyEmail: false,
      loginWithEmailAllowed: false,
      duplicateEmailsAllowed: false,
      sslRequired: "external",
      defaultSignatureAlgorithm: "RS256",
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      accessTokenLifespan: 240,
      offlineSessionIdleTimeout: 7200,
      offlineSessionMaxLifespan: 86400,
      offlineSessionMaxLifespanEnabled: true,
    });
  });

  it("client scope: the display flag follows the consent text; booleans are quoted strings", () => {
    expect(clientScopeBody({ realmId: "mcp", name: "a:read", description: "Read a", consentScreenText: "Read a", includeInTokenScope: true })).toEqual({
      name: "a:read",
      description: "Read a",
      protocol: "openid-connect",
      attributes: {
        "display.on.consent.screen": "true",
        "consent.screen.text": "Read a",
        "gui.order": "",
        "include.in.token.scope": "true",
        "include.in.openid.provider.metadata": "true",
      },
    });
    expect((clientScopeBody({ realmId: "mcp", name: "b" }) as any).attributes["display.on.consent.screen"]).toBe("false");
  });

  it("audience mapper: ID token, access token and introspection default to true; both audience keys are sent", () => {
    expect(audienceMapperBody({ realmId: "mcp", clientScopeId: "x", name: "m", includedCustomAudience: "https://a.example/mcp" })).toEqual({
      name: "m",
      protocol: "openid-connect",
      protocolMapper: "oidc-audience-mapper",
      config: {
        "id.token.claim": "true",
        "access.token.claim": "true",
        "introspection.token.claim": "true",
        "included.client.audience": "",
        "included.custom.audience": "https://a.example/mcp",
      },
    });
    expect(() => audienceMapperBody({ realmId: "mcp", clientScopeId: "x", name: "m" })).toThrow("exactly one of IncludedClientAudience or IncludedCustomAudience");
  });

  it("client: unset flow flags go out as false, full scope defaults to true, refresh tokens default on", () => {
    const body = clientBody({ realmId: "mcp", clientId: "c", accessType: "PUBLIC", validRedirectUris: ["http://127.0.0.1/cb"], standardFlowEnabled: true }) as any;
    expect(body).toMatchObject({
      clientId: "c",
      name: "",
      publicClient: true,
      bearerOnly: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      fullScopeAllowed: true,
      consentRequired: false,
      redirectUris: ["http://127.0.0.1/cb"],
    });
    expect(body.attributes).toMatchObject({ "pkce.code.challenge.method": "", "use.refresh.tokens": "true", "access.token.lifespan": "", "post.logout.redirect.uris": null });
    expect(Object.keys(body.attributes)).toHaveLength(26);
  });

  it.each([
    [{ accessType: "PUBLIC", serviceAccountsEnabled: true, standardFlowEnabled: true, validRedirectUris: ["https://a/cb"] }, "service accounts (client credentials flow) cannot be enabled on public clients"],
    [{ accessType: "PUBLIC", standardFlowEnabled: true }, "standard (authorization code) and implicit flows require at least one valid redirect uri"],
    [{ accessType: "PUBLIC", validRedirectUris: ["https://a/cb"] }, "valid_redirect_uris cannot be set when standard or implicit flow is not enabled"],
    [{ accessType: "BEARER-ONLY", directAccessGrantsEnabled: true }, "Keycloak cannot issue tokens for bearer-only clients"],
    [{ accessType: "public" }, "expected access_type to be one of [CONFIDENTIAL PUBLIC BEARER-ONLY], got public"],
    [{ accessType: "PUBLIC", pkceCodeChallengeMethod: "s256" }, 'expected pkce_code_challenge_method to be one of ["" plain S256], got s256'],
  ])("client: the provider's validation refuses %j", (inputs, message) => {
    expect(() => clientBody({ realmId: "mcp", clientId: "c", ...inputs })).toThrow(message);
  });
});

describe("nothing is skipped", () => {
  it.each([
    ["realm", realmBody, { realm: "mcp", ssoSessionIdleTimeoutRememberMe: "1h" }, "keycloak:index/realm:Realm input ssoSessionIdleTimeoutRememberMe has no mapping"],
    ["client scope", clientScopeBody, { realmId: "mcp", name: "x", extraConfig: {} }, "keycloak:openid/clientScope:ClientScope input extraConfig has no mapping"],
    ["client", clientBody, { realmId: "mcp", clientId: "c", accessType: "PUBLIC", webOrigins: ["+"] }, "keycloak:openid/client:Client input webOrigins has no mapping"],
    ["audience mapper", audienceMapperBody, { realmId: "mcp", clientScopeId: "x", name: "m", includedCustomAudience: "u", lightweight: true }, "AudienceProtocolMapper input lightweight has no mapping"],
  ] as const)("an unknown %s input is refused", (_kind, build, inputs, message) => {
    expect(() => build(inputs as never)).toThrow(UnmappedInputError);
    expect(() => build(inputs as never)).toThrow(message);
  });

  it("an unknown type or input stops the run before any request", async () => {
    await expect(applyChildren([{ type: "keycloak:index/user:User", name: "u", inputs: {}, dependsOn: [] }], silentApi)).rejects.toThrow(
      "applier: no mapping for resource type keycloak:index/user:User (u); refusing to skip it",
    );
    await expect(
      applyChildren(
        [
          { type: "keycloak:openid/clientScope:ClientScope", name: "s", inputs: { realmId: "mcp", name: "s" }, dependsOn: [] },
          { type: "keycloak:openid/clientDefaultScopes:ClientDefaultScopes", name: "d", inputs: { realmId: "mcp", clientId: "x", defaultScopes: [], extra: 1 }, dependsOn: [] },
        ],
        silentApi,
      ),
    ).rejects.toThrow("keycloak:openid/clientDefaultScopes:ClientDefaultScopes input extra has no mapping");
  });

  it("maps every type the component declares, registration policies included", async () => {
    const config = { ...e2eConfig("mcp"), registration: { dynamic: true, access: { alpha: ["alpha:read"] } } };
    const { children } = await captureChildren((opts) => new KeycloakMcpAuthorization("e2e", { config, baseUrl: "http://127.0.0.1:8080" }, opts));
    expect([...new Set(children.map((child) => child.type))].sort()).toEqual([...APPLIED_TYPES].sort());
  });
});

describe("registration policy bodies, as the provider builds them", () => {
  it("splits the multi-valued keys on commas and sends every other value as a one-element list", () => {
    expect(
      registrationPolicyBody({
        realmId: "mcp",
        name: "mcp-trusted-hosts",
        providerId: "trusted-hosts",
        subType: "anonymous",
        config: { "trusted-hosts": "127.0.0.1,[::1],localhost", "client-uris-must-match": "true" },
      }),
    ).toEqual({
      name: "mcp-trusted-hosts",
      providerId: "trusted-hosts",
      providerType: "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy",
      parentId: "mcp",
      subType: "anonymous",
      config: { "trusted-hosts": ["127.0.0.1", "[::1]", "localhost"], "client-uris-must-match": ["true"] },
    });
    expect(() => registrationPolicyBody({ realmId: "mcp", providerId: "scope", subType: "anonymous", priority: 1 })).toThrow(
      "keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy input priority has no mapping",
    );
  });
});

describe("captured children", () => {
  it("carry resolved inputs, ids as placeholders, and every dependency in front of them", async () => {
    const { children } = await captureChildren((opts) => new KeycloakMcpAuthorization("e2e", { config: e2eConfig("mcp"), baseUrl: "http://127.0.0.1:8080" }, opts));
    expect(children).toHaveLength(16);
    const mapper = children.find((child) => child.name === "e2e-audience-beta:read")!;
    expect(mapper.inputs["clientScopeId"]).toBe(idPlaceholder("keycloak:openid/clientScope:ClientScope", "e2e-scope-beta:read"));
    expect(mapper.dependsOn).toEqual(expect.arrayContaining(["e2e-realm", "e2e-scope-beta:read"]));
    expect([...(children.find((child) => child.name === "e2e-client-agent-b-optional-scopes")?.dependsOn ?? [])].sort()).toEqual(
      ["e2e-audience-beta:read", "e2e-client-agent-b", "e2e-client-agent-b-default-scopes", "e2e-realm", "e2e-scope-beta:read"],
    );
    const position = new Map(children.map((child, index) => [child.name, index]));
    for (const child of children) for (const dependency of child.dependsOn) expect(position.get(dependency)).toBeLessThan(position.get(child.name)!);
    expect(children[0]?.name).toBe("e2e-realm");
  });
});
