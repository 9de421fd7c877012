/**
 * Proof on a real Keycloak (26.7.3, `--features=cimd`, a truststore holding a CA made for this run) that
 * clients nobody declared get what the component and its manual steps set up, and nothing more: anonymous
 * dynamic registration (RFC 7591) and client ID metadata documents, each ending in a token bound to one
 * resource with scopes from `registration.access` only. Declared clients keep working as before. One server
 * for the whole file. Run with `npm run test:keycloak`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keycloakClientPolicies, KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES } from "../../../src/idp/keycloak/registration.js";
import { buildPlan } from "../../../src/plan/build-plan.js";
import { parseConfig, type McpAuthConfig } from "../../../src/schema/parse.js";
import { createTokenVerifier } from "../../../src/verify/index.js";
import { createLocalCertificateAuthority } from "../../../examples/demo/local-ca.js";
import { AdminApiError } from "./admin-api.js";
import { authorize, exchangeCode, jwtPayload, type AuthorizationRequest } from "./browser-flow.js";
import { deployTo, USER, type Deployment } from "./deployment.js";
import { ALPHA, BETA, e2eConfig } from "./e2e-config.js";
import { startKeycloak, type KeycloakServer } from "./keycloak-server.js";

const REALM = "mcp-registered";
const REGISTRATION_POLICY_TYPE = "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy";

/** The e2e file plus dynamic registration: at most 2 registered clients, which may obtain alpha:read only. */
function registrationConfig(): McpAuthConfig {
  const config = e2eConfig(REALM) as Record<string, any>;
  config["registration"] = { dynamic: { maxClients: 2 }, access: { alpha: ["alpha:read"] } };
  return config as McpAuthConfig;
}

/** Holds the run's CA certificate for Keycloak's truststore. */
let truststoreDir: string | undefined;
let server: KeycloakServer | undefined;
let deployment: Deployment;
let documents: Server;
let documentBase: string;
const suiteStarted = Date.now();
/** Document path → the metadata document served there (its client_id is filled in per request). */
const served = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  // Keycloak trusts the run's CA through --truststore-paths, never by switching TLS checks off.
  const ca = await createLocalCertificateAuthority();
  truststoreDir = mkdtempSync(join(tmpdir(), "kc-e2e-ca-"));
  const caFile = join(truststoreDir, "ca.pem");
  writeFileSync(caFile, ca.certificatePem);
  server = await startKeycloak({ features: ["cimd"], extraArgs: [`--truststore-paths=${caFile}`] });
  deployment = await deployTo(server, registrationConfig());
  const { cert, key } = await ca.issue({ dns: ["localhost"] });
  documents = createServer({ cert, key }, (request, response) => {
    const document = served.get(request.url ?? "");
    if (!document) return void response.writeHead(404).end();
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ client_id: `${documentBase}${request.url ?? ""}`, ...document }));
  });
  await new Promise<void>((resolve) => documents.listen(0, "127.0.0.1", resolve));
  documentBase = `https://localhost:${(documents.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (documents ? documents.close(() => resolve()) : resolve()));
  await server?.stop();
  if (truststoreDir) rmSync(truststoreDir, { recursive: true, force: true });
  if (server) console.info(`[keycloak e2e] registration: Keycloak ready after ${(server.startupMs / 1000).toFixed(1)} s; file ran ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
});

/** What a spec-following client sends: RFC 7591 §3.1, public client, PKCE-only code flow. */
async function register(issuer: string, metadata: Record<string, unknown>): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(`${issuer}/clients-registrations/openid-connect`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token_endpoint_auth_method: "none", grant_types: ["authorization_code"], response_types: ["code"], ...metadata }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

/** Deletes the default anonymous registration policies the manual step names. Returns the names deleted. */
async function deleteDefaultAnonymousPolicies(target: Deployment): Promise<string[]> {
  const policies = await target.api.get<Array<{ id: string; name: string; subType: string }>>(`/${target.realm}/components?type=${REGISTRATION_POLICY_TYPE}`);
  const defaults = policies.filter((policy) => policy.subType === "anonymous" && KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES.includes(policy.name));
  for (const policy of defaults) await target.api.request("DELETE", `/${target.realm}/components/${policy.id}`);
  return defaults.map((policy) => policy.name).sort();
}

/** Applies the client policies of the manual step, exactly as keycloakClientPolicies gives them. */
async function applyClientPolicies(target: Deployment, config: McpAuthConfig): Promise<void> {
  const policies = keycloakClientPolicies(buildPlan(parseConfig(config)));
  if (!policies) throw new Error("no client policies for this config");
  await target.api.request("PUT", `/${target.realm}/client-policies/profiles`, { profiles: policies.profiles });
  await target.api.request("PUT", `/${target.realm}/client-policies/policies`, { policies: policies.policies });
}

async function tokenFor(issuer: string, request: AuthorizationRequest) {
  const outcome = await authorize(issuer, request, USER);
  if (outcome.kind !== "redirect" || !outcome.params.get("code")) throw new Error(`no code: ${JSON.stringify(outcome)}`);
  const response = await exchangeCode(issuer, outcome, request);
  expect(response.status).toBe(200);
  return { outcome, token: response.json["access_token"] as string };
}

const verifierFor = (target: Deployment, resource: "alpha" | "beta") => createTokenVerifier(target.outputs[resource]!.verifierOptions);

describe("anonymous dynamic registration (RFC 7591) on Keycloak", () => {
  const redirectUri = "http://127.0.0.1:43117/callback";

  it("is refused by Keycloak's own default Trusted Hosts policy until the manual step deletes the defaults", async () => {
    // Keycloak runs the policies in storage order, so the first default to refuse varies.
    const before = await register(deployment.issuer, { redirect_uris: [redirectUri], scope: "alpha:read" });
    expect(before.status).toBe(403);
    expect([
      "Policy 'Trusted Hosts' rejected request to client-registration service. Details: Host not trusted.",
      "Policy 'Allowed Client Scopes' rejected request to client-registration service. Details: Not permitted to use specified clientScope",
    ]).toContain(before.json["error_description"]);
    expect(await deleteDefaultAnonymousPolicies(deployment)).toEqual([...KEYCLOAK_DEFAULT_ANONYMOUS_POLICIES].sort());
    await applyClientPolicies(deployment, registrationConfig());
    const left = await deployment.api.get<Array<{ name: string; subType: string }>>(`/${REALM}/components?type=${REGISTRATION_POLICY_TYPE}`);
    // Keycloak's "Allowed Registration Web Origins" stays: it only limits the CORS origins a client may register.
    expect(left.filter((policy) => policy.subType === "anonymous").map((policy) => policy.name).sort()).toEqual([
      "Allowed Registration Web Origins",
      "mcp-allowed-client-scopes",
      "mcp-allowed-protocol-mappers",
      "mcp-consent-required",
      "mcp-full-scope-disabled",
      "mcp-max-clients",
      "mcp-trusted-hosts",
    ]);
  });

  let clientId: string;

  it("registers a public client holding alpha:read only, with consent, no full scope and PKCE S256", async () => {
    const registered = await register(deployment.issuer, { client_name: "Unlisted agent", redirect_uris: [redirectUri], scope: "alpha:read" });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ token_endpoint_auth_method: "none", redirect_uris: [redirectUri], scope: "alpha:read" });
    expect(registered.json).not.toHaveProperty("client_secret");
    clientId = registered.json["client_id"];
    const [client] = await deployment.api.get<Array<Record<string, any>>>(`/${REALM}/clients?clientId=${clientId}`);
    expect(client).toMatchObject({ publicClient: true, consentRequired: true, fullScopeAllowed: false, defaultClientScopes: ["basic"], optionalClientScopes: ["alpha:read"] });
    expect(client?.["attributes"]["pkce.code.challenge.method"]).toBe("S256");
    expect(client?.["protocolMappers"] ?? []).toEqual([]);
  });

  it("signs in headlessly with PKCE and resource, shows consent, and gets a token for exactly alpha with alpha:read", async () => {
    const { outcome, token } = await tokenFor(deployment.issuer, { clientId, redirectUri, scope: "alpha:read", resource: ALPHA });
    expect(outcome.consentShown).toBe(true);
    expect(outcome.consentItems).toEqual(["Read alpha"]);
    const claims = jwtPayload(token);
    expect(claims["aud"]).toBe(ALPHA);
    expect(claims["scope"]).toBe("alpha:read");
    expect(claims["azp"]).toBe(clientId);
    expect((await verifierFor(deployment, "alpha").verify(token, { requiredScopes: ["alpha:read"] })).scopes).toEqual(["alpha:read"]);
    await expect(verifierFor(deployment, "beta").verify(token)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });

  it("cannot obtain a scope outside registration.access nor a token for beta: the scope is unknown to the client", async () => {
    const outcome = await authorize(deployment.issuer, { clientId, redirectUri, scope: "beta:read", resource: BETA }, USER);
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_scope", error_description: "Invalid scopes: beta:read" });
    const write = await authorize(deployment.issuer, { clientId, redirectUri, scope: "alpha:write" }, USER);
    expect(write.kind === "redirect" && Object.fromEntries(write.params)).toMatchObject({ error: "invalid_scope", error_description: "Invalid scopes: alpha:write" });
  });

  it("refuses a code request without PKCE or with plain", async () => {
    for (const [pkce, description] of [
      [null, "Missing parameter: code_challenge_method"],
      ["plain", "Invalid parameter: code challenge method is not matching the configured one"],
    ] as const) {
      const outcome = await authorize(deployment.issuer, { clientId, redirectUri, scope: "alpha:read", pkce }, USER);
      expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_request", error_description: description });
    }
  });

  it.each([
    [{ redirect_uris: [redirectUri], scope: "beta:read" }, "mcp-allowed-client-scopes", "Not permitted to use specified clientScope"],
    [{ redirect_uris: [redirectUri], scope: "alpha:read alpha:write" }, "mcp-allowed-client-scopes", "Not permitted to use specified clientScope"],
    [{ redirect_uris: ["https://evil.example/cb"], scope: "alpha:read" }, "mcp-trusted-hosts", "URI doesn't match any trusted host or trusted domain"],
  ])("refuses the registration %j (policy %s)", async (metadata, policy, details) => {
    expect(await register(deployment.issuer, metadata)).toEqual({
      status: 403,
      json: { error: "insufficient_scope", error_description: `Policy '${policy}' rejected request to client-registration service. Details: ${details}` },
    });
  });

  it("stops at maxClients (2) registered clients: Keycloak counts the realm's 6 own and 3 declared clients too", async () => {
    expect((await register(deployment.issuer, { redirect_uris: ["http://localhost:43118/callback"], scope: "alpha:read" })).status).toBe(201);
    const limit = 2 + 6 + 3;
    expect(await register(deployment.issuer, { redirect_uris: [redirectUri], scope: "alpha:read" })).toEqual({
      status: 403,
      json: { error: "insufficient_scope", error_description: `Policy 'mcp-max-clients' rejected request to client-registration service. Details: It's allowed to have max ${limit} clients per realm` },
    });
  });

  it("leaves declared clients exactly as before: agent-a still gets an alpha token and nothing else", async () => {
    const { token } = await tokenFor(deployment.issuer, { clientId: "agent-a", redirectUri: "http://127.0.0.1:43119/callback", scope: "alpha:read", resource: ALPHA });
    expect(jwtPayload(token)).toMatchObject({ aud: ALPHA, scope: "alpha:read", azp: "agent-a" });
    const [client] = await deployment.api.get<Array<Record<string, any>>>(`/${REALM}/clients?clientId=agent-a`);
    expect(client?.["attributes"]["pkce.code.challenge.method"]).toBe("S256");
  });
});

describe("client ID metadata documents on Keycloak (--features=cimd)", () => {
  const CIMD_REALM = "mcp-cimd";
  let cimd: Deployment;
  const redirectUri = "http://localhost:43120/callback";
  const cimdConfig = (): McpAuthConfig => {
    const config = e2eConfig(CIMD_REALM) as Record<string, any>;
    config["registration"] = { clientIdMetadataDocuments: { allowedHosts: ["localhost"] }, access: { alpha: ["alpha:read", "alpha:write"], beta: ["beta:read"] } };
    return config as McpAuthConfig;
  };

  beforeAll(async () => {
    cimd = await deployTo(server as KeycloakServer, cimdConfig());
    served.set("/agent.json", { client_name: "Document agent", redirect_uris: [redirectUri], token_endpoint_auth_method: "none", grant_types: ["authorization_code"], scope: "alpha:read" });
  });

  it("pins the provider limit: client policy settings sent as strings, as @pulumi/keycloak sends them, are refused", async () => {
    const policies = keycloakClientPolicies(buildPlan(parseConfig(cimdConfig())))!;
    const asStrings = policies.profiles.map((profile) => ({
      ...profile,
      executors: profile.executors.map((executor) => ({
        ...executor,
        configuration: Object.fromEntries(Object.entries(executor.configuration).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : String(value)])),
      })),
    }));
    const refused = await cimd.api.request("PUT", `/${CIMD_REALM}/client-policies/profiles`, { profiles: asStrings }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AdminApiError);
    expect(refused).toMatchObject({ status: 500, body: '{"error":"unknown_error","error_description":"Cannot parse the JSON"}' });
    await applyClientPolicies(cimd, cimdConfig());
  });

  it("fetches the document over https it trusts through its truststore, and issues a token for exactly alpha", async () => {
    const clientId = `${documentBase}/agent.json`;
    const { outcome, token } = await tokenFor(cimd.issuer, { clientId, redirectUri, scope: "alpha:read", resource: ALPHA });
    expect(outcome.consentShown).toBe(true);
    expect(jwtPayload(token)).toMatchObject({ aud: ALPHA, scope: "alpha:read", azp: clientId });
    await expect(createTokenVerifier(cimd.outputs["beta"]!.verifierOptions).verify(token)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
    const [client] = await cimd.api.get<Array<Record<string, any>>>(`/${CIMD_REALM}/clients?clientId=${encodeURIComponent(clientId)}`);
    expect(client).toMatchObject({ publicClient: true, consentRequired: true, fullScopeAllowed: false, defaultClientScopes: ["basic"], optionalClientScopes: ["alpha:read"] });
    expect(client?.["attributes"]["pkce.code.challenge.method"]).toBe("S256");
  });

  it("refuses a document client without PKCE", async () => {
    const outcome = await authorize(cimd.issuer, { clientId: `${documentBase}/agent.json`, redirectUri, scope: "alpha:read", pkce: null }, USER);
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_request", error_description: "Missing parameter: code_challenge_method" });
  });

  it("gives the client no scope its document does not name: beta:read is invalid_scope", async () => {
    const outcome = await authorize(cimd.issuer, { clientId: `${documentBase}/agent.json`, redirectUri, scope: "beta:read", resource: BETA }, USER);
    expect(outcome.kind === "redirect" && Object.fromEntries(outcome.params)).toMatchObject({ error: "invalid_scope", error_description: "Invalid scopes: beta:read" });
  });

  it("refuses a document on a host that is not allowed (an IP literal here), with an error page and no redirect", async () => {
    const clientId = `https://127.0.0.1:${new URL(documentBase).port}/agent.json`;
    expect(await authorize(cimd.issuer, { clientId, redirectUri, scope: "alpha:read" }, USER)).toMatchObject({ kind: "error-page", status: 400, text: expect.stringContaining("Client not found.") });
  });

  it("refuses a document whose redirect URI is on a host that is not allowed", async () => {
    served.set("/elsewhere.json", { redirect_uris: ["http://127.0.0.1:43121/callback"], token_endpoint_auth_method: "none", scope: "alpha:read" });
    const outcome = await authorize(cimd.issuer, { clientId: `${documentBase}/elsewhere.json`, redirectUri: "http://127.0.0.1:43121/callback", scope: "alpha:read" }, USER);
    expect(outcome).toMatchObject({ kind: "error-page", status: 400, text: expect.stringContaining("Invalid Client ID: domain not allowed.") });
  });

  it("pins the Keycloak limit: a document gets every scope it names, so registration.access must grant them all", async () => {
    served.set("/greedy.json", { redirect_uris: [redirectUri], token_endpoint_auth_method: "none", scope: "alpha:read beta:read" });
    const { token } = await tokenFor(cimd.issuer, { clientId: `${documentBase}/greedy.json`, redirectUri, scope: "beta:read", resource: BETA });
    // beta:read is in this realm's registration.access; with it left out, keycloakIssues refuses the config.
    expect(jwtPayload(token)).toMatchObject({ aud: BETA, scope: "beta:read" });
  });
});
