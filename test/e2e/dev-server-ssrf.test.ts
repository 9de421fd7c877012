import { createServer, type Server, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import type { JWK } from "oidc-provider";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadOidcProvider } from "../../src/dev/load-provider.js";
import { memoryAdapterFactory } from "../../src/dev/memory-adapter.js";
import { devPolicy } from "../../src/dev/policy.js";
import { providerConfiguration } from "../../src/dev/provider-config.js";
import { buildPlan } from "../../src/plan/index.js";
import { parseConfig } from "../../src/schema/index.js";
import { AGENT_REDIRECT, ALICE, agentRequest, authorizationUrl, devConfig, firstResponse, pkcePair, redirectParameters } from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// Issue 14.2: with registration.dynamic on, nothing a client names may make the server send a request.
// The target counts TCP connections, not HTTP requests: oidc-provider's own fetch guard drops a connection
// to a loopback address only after it is made, and TLS would fail after it too. Every count must stay 0.
// oidc-provider finishes any fetch a registration starts before it answers, so counting after the answer is enough.
const REDIRECT = "http://127.0.0.1:4567/callback";
const config = { ...devConfig(), registration: { dynamic: true, access: { github: ["github:read"] } } };
const dev = useDevServer(config);

interface ConnectionCounter {
  readonly url: string;
  connections: number;
}

function useConnectionCounter(): ConnectionCounter {
  const counter = { url: "", connections: 0 };
  let server: TcpServer | undefined;
  beforeAll(async () => {
    server = createTcpServer((socket) => {
      counter.connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    counter.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    counter.connections = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));
  return counter;
}

const target = useConnectionCounter();

async function register(issuer: string, metadata: Record<string, unknown>, path = "/reg") {
  const response = await fetch(`${issuer}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("registration never makes the server fetch a URL the client names", () => {
  it.each([
    ["sector_identifier_uri", (url: string) => `${url}/sector.json`, "subject identifiers are public, so no sector identifier is used", {}],
    ["sector_identifier_uri", (url: string) => `${url}/sector.json`, "subject identifiers are public, so no sector identifier is used", { subject_type: "pairwise" }],
    ["jwks_uri", (url: string) => `${url}/jwks.json`, "clients are public (token_endpoint_auth_method none) and sign nothing the server verifies", {}],
    ["request_uris", (url: string) => [`${url}/request.jwt`], "request objects by reference are not supported", {}],
    ["backchannel_logout_uri", (url: string) => `${url}/logout`, "back-channel logout is not offered", {}],
    ["backchannel_client_notification_endpoint", (url: string) => `${url}/ciba`, "client-initiated backchannel authentication (CIBA) is not offered", {}],
  ])("refuses %s (%#) with an exact error, on every path to the endpoint, and connects nowhere", async (field, value, reason, extra) => {
    for (const path of ["/reg", "/REG", "/reg/"]) {
      expect(await register(dev.issuer, { redirect_uris: [REDIRECT], ...extra, [field]: value(target.url) }, path)).toEqual({
        status: 400,
        body: { error: "invalid_client_metadata", error_description: `${field} is not accepted: this server makes no request to a URL a client names, and ${reason}` },
      });
    }
    expect(target.connections).toBe(0);
  });

  it("ignores a pairwise subject type (it is not kept): the client gets public subject identifiers and nothing is fetched", async () => {
    const { status, body } = await register(dev.issuer, { redirect_uris: [REDIRECT], subject_type: "pairwise" });
    expect([status, body["subject_type"]]).toEqual([201, "public"]);
    expect(target.connections).toBe(0);
  });

  it.each([
    ["request_uri", (url: string) => `${url}/request.jwt`, "request_uri_not_supported"],
    ["request", () => "eyJhbGciOiJub25lIn0.eyJpc3MiOiJhZ2VudCJ9.", "request_not_supported"],
  ])("answers an authorization request carrying %s with an error and connects nowhere", async (parameter, value, error) => {
    const request = { ...agentRequest(pkcePair().challenge), [parameter]: value(target.url) };
    const visit = await firstResponse(authorizationUrl(dev.issuer, request));
    expect(redirectParameters(visit.location as string)).toMatchObject({ error, state: "state-1" });
    expect(visit.location?.startsWith(AGENT_REDIRECT)).toBe(true);
    expect(target.connections).toBe(0);
  });
});

/**
 * The same registrations with the dev server's registration checks taken away: oidc-provider with the
 * dev server's configuration, and with its defaults for comparison (which proves the counter sees a fetch).
 */
describe("oidc-provider as configured cannot fetch a client-named URL even without the registration checks", () => {
  let signingKey: JWK;
  beforeAll(async () => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    signingKey = { ...(await exportJWK(privateKey)), kid: "k", alg: "ES256", use: "sig" } as JWK;
  });

  async function plainProvider(adjust: (configuration: Record<string, unknown>) => Record<string, unknown>): Promise<{ issuer: string; close: () => Promise<void> }> {
    const { default: Provider, errors } = await loadOidcProvider();
    const plan = buildPlan(parseConfig(config));
    const configuration = providerConfiguration({ plan, policy: devPolicy(plan), users: [ALICE], signingKey, errors });
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, { ...(adjust(configuration as Record<string, unknown>) as object), adapter: memoryAdapterFactory() });
    const callback = provider.callback() as (req: IncomingMessage, res: ServerResponse) => void;
    server.on("request", callback);
    return {
      issuer,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  it("registers a sector_identifier_uri without fetching it", async () => {
    const provider = await plainProvider((configuration) => configuration);
    try {
      const { status } = await register(provider.issuer, { redirect_uris: [REDIRECT], token_endpoint_auth_method: "none", sector_identifier_uri: `${target.url}/sector.json` });
      expect(status).toBe(201);
        expect(target.connections).toBe(0);
    } finally {
      await provider.close();
    }
  });

  it("connects to the sector_identifier_uri with oidc-provider's defaults for fetch and sector validation (the counter works)", async () => {
    const provider = await plainProvider(({ fetch: _fetch, sectorIdentifierUriValidate: _validate, ...defaults }) => defaults);
    try {
      const { status, body } = await register(provider.issuer, { redirect_uris: [REDIRECT], token_endpoint_auth_method: "none", sector_identifier_uri: `${target.url}/sector.json` });
      expect([status, body["error"]]).toEqual([400, "invalid_client_metadata"]);
      expect(target.connections).toBe(1);
    } finally {
      await provider.close();
    }
  });

  it("has an outbound fetch that always fails without connecting", async () => {
    const plan = buildPlan(parseConfig(config));
    const { errors } = await loadOidcProvider();
    const configuration = providerConfiguration({ plan, policy: devPolicy(plan), users: [ALICE], signingKey, errors });
    await expect(configuration.fetch?.(new URL(`${target.url}/jwks.json`), {} as never)).rejects.toThrow(
      `the dev authorization server makes no request to a URL a client names (${target.url}/jwks.json)`,
    );
    expect([configuration.subjectTypes, configuration.features?.requestObjects?.enabled]).toEqual([["public"], false]);
    expect(target.connections).toBe(0);
  });
});
