import type { Plan, PlannedRefreshToken } from "../plan/types.js";
import { RegisteredClients } from "./registered-clients.js";

/** One MCP resource as the dev server serves tokens for it. */
export interface DevResource {
  readonly key: string;
  readonly uri: string;
  readonly name: string;
  readonly accessTokenLifetimeSeconds: number;
  /** Scope name → what it allows and whether the user must be asked. */
  readonly scopes: ReadonlyMap<string, { readonly description: string; readonly consent: "required" | "implicit" }>;
}

/** What one client may obtain. */
export interface DevClientAccess {
  /** Resource URI → the scopes of that resource this client may be granted. */
  readonly scopesByResource: ReadonlyMap<string, readonly string[]>;
  /** Present only for declared clients with `refreshTokens`. */
  readonly refreshToken: PlannedRefreshToken | undefined;
  /** Not declared: registered at run time or identified by a metadata document. Every scope needs the user's consent. */
  readonly registered: boolean;
  readonly name: string;
}

/**
 * Who may get which tokens from the dev server: the plan, indexed the way oidc-provider asks (by client id
 * and resource URI).
 */
export interface DevPolicy {
  /** Resource URI → resource. */
  readonly resources: ReadonlyMap<string, DevResource>;
  /**
   * A declared client's access (its id is its schema key). Any other id oidc-provider knows belongs to a
   * client registered at run time or identified by a client ID metadata document (its id is the document's
   * URL), which gets `registration.access`; pass only ids oidc-provider resolved.
   */
  clientAccess(clientId: string): DevClientAccess | undefined;
  /**
   * The clients registered dynamically in this run, each with the scopes granted at registration, and the
   * `maxClients` limit; `undefined` while `registration.dynamic` is off.
   */
  readonly registeredClients: RegisteredClients | undefined;
}

/** Builds the dev server's policy from a plan; the only state it holds is the registry of dynamically registered clients. */
export function devPolicy(plan: Plan): DevPolicy {
  const resources = new Map<string, DevResource>(
    plan.resources.map((resource) => [
      resource.uri,
      {
        key: resource.key,
        uri: resource.uri,
        name: resource.name,
        accessTokenLifetimeSeconds: resource.accessTokenLifetimeSeconds,
        scopes: new Map(resource.scopes.map((scope) => [scope.name, { description: scope.description, consent: scope.consent }])),
      },
    ]),
  );
  const declared = new Map<string, DevClientAccess>(
    plan.clients.map((client) => [
      client.key,
      {
        scopesByResource: new Map(plan.grants.filter((grant) => grant.clientKey === client.key).map((grant) => [grant.audience, grant.scopes])),
        refreshToken: client.refreshToken,
        registered: false,
        name: client.name,
      },
    ]),
  );
  const registeredAccess: DevClientAccess | undefined = plan.registration.dynamic || plan.registration.clientIdMetadataDocuments
    ? {
        scopesByResource: new Map(plan.registration.access.map((access) => [access.audience, access.scopes])),
        refreshToken: undefined,
        registered: true,
        name: "registered client",
      }
    : undefined;
  const registeredClients = plan.registration.dynamic
    ? new RegisteredClients(new Map(plan.registration.access.map((access) => [access.audience, access.scopes])), plan.registration.maxClients)
    : undefined;
  return {
    resources,
    // A dynamically registered client gets what it was granted at registration (a part of registration.access).
    clientAccess: (clientId) => declared.get(clientId) ?? registeredClients?.accessOf(clientId) ?? registeredAccess,
    registeredClients,
  };
}
