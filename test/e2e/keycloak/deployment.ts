/**
 * One deployment under test: a Keycloak server with a KeycloakMcpAuthorization applied to it, a test
 * user, the component's outputs, and helpers bound to that realm.
 */
import type { McpAuthConfig } from "../../../src/schema/parse.js";
import { KeycloakMcpAuthorization } from "../../../src/idp/keycloak/component.js";
import type { KeycloakResourceOutputValues } from "../../../src/idp/keycloak/output-values.js";
import { KeycloakAdminApi } from "./admin-api.js";
import { applyChildren } from "./apply-children.js";
import { captureChildren, type CapturedChild } from "./capture-children.js";
import { startKeycloak, type KeycloakServer } from "./keycloak-server.js";
import type * as pulumi from "@pulumi/pulumi";

export const USER = { username: "alice", password: "alice-Pw-8tq2" } as const;

export interface Deployment {
  readonly server: KeycloakServer;
  readonly api: KeycloakAdminApi;
  readonly children: readonly CapturedChild[];
  /** Child name → Keycloak id, as the applier created them. */
  readonly ids: ReadonlyMap<string, string>;
  readonly issuer: string;
  readonly outputs: Readonly<Record<string, KeycloakResourceOutputValues>>;
  readonly clientIds: Readonly<Record<string, string>>;
  readonly applyMs: number;
}

/** Starts Keycloak, applies the component built from `config`, and creates the test user. Stops the server on failure. */
export async function deploy(config: McpAuthConfig, options: { readonly features?: readonly string[] } = {}): Promise<Deployment> {
  const server = await startKeycloak(options);
  try {
    const started = Date.now();
    const api = new KeycloakAdminApi(server.baseUrl, server.admin.username, server.admin.password);
    const { component, children } = await captureChildren(
      (opts) => new KeycloakMcpAuthorization("e2e", { config, baseUrl: server.baseUrl }, opts),
    );
    const ids = await applyChildren(children, api);
    const realm = await value(component.realm);
    await api.create(`/${realm}/users`, {
      username: USER.username,
      enabled: true,
      email: "alice@example.com",
      emailVerified: true,
      firstName: "Alice",
      lastName: "Liddell",
      credentials: [{ type: "password", value: USER.password, temporary: false }],
    });
    const outputs: Record<string, KeycloakResourceOutputValues> = {};
    for (const [key, resource] of Object.entries(component.resources)) {
      outputs[key] = {
        issuer: await value(resource.issuer),
        audience: await value(resource.audience),
        jwksUri: await value(resource.jwksUri),
        authorizationServerMetadataUrl: await value(resource.authorizationServerMetadataUrl),
        protectedResourceMetadata: await value(resource.protectedResourceMetadata),
        verifierOptions: await value(resource.verifierOptions),
      };
    }
    const clientIds: Record<string, string> = {};
    for (const [key, client] of Object.entries(component.clients)) clientIds[key] = await value(client.clientId);
    return { server, api, children, ids, issuer: await value(component.issuer), outputs, clientIds, applyMs: Date.now() - started };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((resolved) => resolve(resolved)));
}
