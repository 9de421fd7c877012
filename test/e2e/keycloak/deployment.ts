/**
 * One deployment under test: a KeycloakMcpAuthorization applied to a running Keycloak, a test user in
 * its realm, and the component's outputs as an MCP server would read them from the stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { KeycloakMcpAuthorization } from "../../../src/idp/keycloak/component.js";
import type { KeycloakResourceOutputValues } from "../../../src/idp/keycloak/output-values.js";
import type { McpAuthConfig } from "../../../src/schema/parse.js";
import { KeycloakAdminApi } from "./admin-api.js";
import { applyChildren } from "./apply-children.js";
import { captureChildren, type CapturedChild } from "./capture-children.js";
import type { KeycloakServer } from "./keycloak-server.js";

export const USER = { username: "alice", password: "alice-Pw-8tq2" } as const;

export interface Deployment {
  readonly server: KeycloakServer;
  readonly api: KeycloakAdminApi;
  readonly children: readonly CapturedChild[];
  /** Child name → Keycloak id, as the applier created them. */
  readonly ids: ReadonlyMap<string, string>;
  readonly realm: string;
  readonly issuer: string;
  readonly outputs: Readonly<Record<string, KeycloakResourceOutputValues>>;
  readonly clientIds: Readonly<Record<string, string>>;
  readonly applyMs: number;
}

/** Applies the component built from `config` to `server` (in the config's realm) and creates the test user there. */
export async function deployTo(server: KeycloakServer, config: McpAuthConfig): Promise<Deployment> {
  const started = Date.now();
  const api = new KeycloakAdminApi(server.baseUrl, server.admin.username, server.admin.password);
  const { component, children } = await captureChildren((opts) => new KeycloakMcpAuthorization("e2e", { config, baseUrl: server.baseUrl }, opts));
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
  return { server, api, children, ids, realm, issuer: await value(component.issuer), outputs, clientIds, applyMs: Date.now() - started };
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((resolved) => resolve(resolved)));
}
