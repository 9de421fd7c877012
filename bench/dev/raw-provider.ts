import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import type { JWK } from "oidc-provider";
import { loadOidcProvider } from "../../src/dev/load-provider.js";

/** What the raw baseline serves: one resource with two scopes and one public PKCE client. */
export interface RawProviderSetup {
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly clientId: string;
  readonly redirectUri: string;
}

/**
 * The baseline of the PKCE flow benchmark: oidc-provider alone, configured for the same flow as the dev
 * server — PKCE required, one resource indicator with JWT access tokens (ES256, aud = the resource), a
 * public native client — with oidc-provider's own development sign-in and consent pages (any login
 * works) and its default in-memory storage. What it lacks is what the dev server adds: users and
 * passwords, the config's policy (resource and scope rules, token request checks, Host check), its pages.
 */
export async function startRawProvider(setup: RawProviderSetup): Promise<{ issuer: string; close(): Promise<void> }> {
  const { default: Provider } = await loadOidcProvider();
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // oidc-provider announces its development pages and storage once, on stderr; the baseline uses them on purpose.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("quick start development-only")) return;
    warn.apply(console, args);
  };
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "ES256", use: "sig" } as JWK] },
    clients: [
      {
        client_id: setup.clientId,
        application_type: "native",
        token_endpoint_auth_method: "none",
        redirect_uris: [setup.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "ES256",
      },
    ],
    clientAuthMethods: ["none"],
    responseTypes: ["code"],
    scopes: ["openid", "offline_access"],
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    // The dev server's lifetimes; given so oidc-provider does not print a notice for each default.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    renderError: async (ctx, out) => {
      ctx.type = "text/plain";
      ctx.body = `${out.error}: ${out.error_description ?? ""}`;
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => setup.resource,
        useGrantedResource: async () => false,
        getResourceServerInfo: async () => ({
          scope: setup.scopes.join(" "),
          audience: setup.resource,
          accessTokenTTL: 600,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "ES256" } },
        }),
      },
    },
  });
  console.warn = warn;
  server.on("request", provider.callback());
  return {
    issuer,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
