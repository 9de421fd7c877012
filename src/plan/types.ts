import type { AgentGrantType } from "../schema/client-schema.js";
import type { Auth0Settings, KeycloakSettings, OktaSettings } from "../schema/idp-sections.js";

/**
 * What will exist, independent of any IdP: every list sorted by its stable key, so the order of the file
 * never changes a name or an input downstream.
 */
export interface Plan {
  readonly resources: readonly PlannedResource[];
  readonly clients: readonly PlannedClient[];
  /** One per (client, resource) pair the file grants. */
  readonly grants: readonly PlannedGrant[];
  readonly registration: PlannedRegistration;
  /** The IdP sections as written; `undefined` where the file has none (components then use defaults). */
  readonly settings: {
    readonly auth0: Auth0Settings | undefined;
    readonly okta: OktaSettings | undefined;
    readonly keycloak: KeycloakSettings | undefined;
  };
}

/** An MCP server and the audience its tokens carry. */
export interface PlannedResource {
  readonly key: string;
  /** The canonical resource URI: the token audience, byte for byte. */
  readonly uri: string;
  readonly name: string;
  readonly documentation: string | undefined;
  readonly scopes: readonly PlannedScope[];
  readonly accessTokenLifetimeSeconds: number;
  /** True when a client granted this resource holds refresh tokens, so the IdP must allow offline access. */
  readonly offlineAccess: boolean;
  /** Keys of the clients granted this resource. */
  readonly clientKeys: readonly string[];
}

export interface PlannedScope {
  /** The scope string, exactly as it appears in tokens. */
  readonly name: string;
  readonly resourceKey: string;
  readonly description: string;
  readonly consent: "required" | "implicit";
  /** Keys of the clients granted this scope; may be empty (the scope still exists). */
  readonly clientKeys: readonly string[];
}

/** A public, PKCE-only agent client. */
export interface PlannedClient {
  readonly key: string;
  readonly name: string;
  /** Exactly as declared, in the declared order. */
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly AgentGrantType[];
  readonly refreshToken: PlannedRefreshToken | undefined;
  /** Keys of the resources this client is granted. */
  readonly resourceKeys: readonly string[];
}

export interface PlannedRefreshToken {
  readonly idleLifetimeSeconds: number;
  readonly absoluteLifetimeSeconds: number;
}

/** A client may obtain tokens for one resource, with these scopes only. */
export interface PlannedGrant {
  /** `${clientKey}/${resourceKey}` */
  readonly key: string;
  readonly clientKey: string;
  readonly resourceKey: string;
  /** The resource URI the tokens of this grant carry in `aud`. */
  readonly audience: string;
  readonly scopes: readonly string[];
  /** The client holds refresh tokens, so this grant includes offline access. */
  readonly offlineAccess: boolean;
}

/** Clients that register at run time (dynamic registration or client ID metadata documents). */
export interface PlannedRegistration {
  /** Dynamic client registration (RFC 7591) is on. */
  readonly dynamic: boolean;
  /** Client ID metadata documents (an https URL as `client_id`) are accepted. */
  readonly clientIdMetadataDocuments: boolean;
  /**
   * The most clients that may register dynamically; `undefined` when the file sets no limit (the IdP's
   * default applies) or dynamic registration is off.
   */
  readonly maxClients: number | undefined;
  /**
   * Hosts allowed to serve client ID metadata documents, lower case and sorted: exact names and `*.suffix`
   * patterns (subdomains only). `undefined` means any host (still https, never a private or loopback
   * address), `[]` means none; always `undefined` while client ID metadata documents are off.
   */
  readonly metadataDocumentHosts: readonly string[] | undefined;
  /** What registered clients may request, per resource; empty when registration is off. */
  readonly access: ReadonlyArray<{ readonly resourceKey: string; readonly audience: string; readonly scopes: readonly string[] }>;
}
