import { randomBytes } from "node:crypto";
import type Provider from "oidc-provider";
import type { DevClientAccess } from "./policy.js";
import type { RegistrationRefusal, ScopesByResource } from "./registration-rules.js";

/** The registration request a slot is held for: oidc-provider's request context. */
type RegistrationRequest = object;

interface Admission {
  readonly clientId: string;
  readonly access: DevClientAccess;
  readonly scope: string;
}

/**
 * The clients that registered dynamically during this run (RFC 7591), with the scopes each was granted at
 * registration, and the `registration.dynamic.maxClients` limit.
 *
 * A registration is admitted in two steps, because oidc-provider can still refuse the metadata after the
 * dev server's own checks: {@link admit} holds a slot (counted against the limit, so concurrent
 * registrations cannot overshoot it) and `watch` turns it into a registered client when oidc-provider
 * reports success, or frees it when it reports an error.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2
 */
export class RegisteredClients {
  private readonly clients = new Map<string, DevClientAccess>();
  private readonly pending = new Map<RegistrationRequest, Admission>();

  /**
   * @param allowed `registration.access` by resource URI: the most any registered client may obtain
   * @param maxClients `registration.dynamic.maxClients`; `undefined` for no limit
   */
  constructor(
    readonly allowed: ScopesByResource,
    readonly maxClients: number | undefined,
  ) {}

  /** How many clients have registered, plus the registrations in progress. */
  get count(): number {
    return this.clients.size + this.pending.size;
  }

  /**
   * Holds a slot for a registration that passed the checks and returns the new client's id, or the
   * refusal once `maxClients` clients have registered.
   */
  admit(request: RegistrationRequest, granted: { readonly scopesByResource: ScopesByResource; readonly scope: string }): { readonly clientId: string } | { readonly refusal: RegistrationRefusal } {
    if (this.maxClients !== undefined && this.count >= this.maxClients) {
      return {
        refusal: {
          error: "invalid_client_metadata",
          error_description: `no more clients may register: this server allows ${this.maxClients} (registration.dynamic.maxClients) and all are taken`,
        },
      };
    }
    const clientId = randomBytes(16).toString("base64url");
    const access: DevClientAccess = { scopesByResource: granted.scopesByResource, refreshToken: undefined, registered: true, name: "registered client" };
    this.pending.set(request, { clientId, access, scope: granted.scope });
    return { clientId };
  }

  /** The access granted to a client that registered during this run; `undefined` for any other id. */
  accessOf(clientId: string): DevClientAccess | undefined {
    return this.clients.get(clientId);
  }

  /**
   * Follows oidc-provider's registration events: a stored client keeps its slot, and the response states
   * the `scope` it was granted (oidc-provider's client metadata holds OpenID scopes only); a refused or
   * failed registration frees its slot.
   */
  watch(provider: Provider): void {
    provider.on("registration_create.success", (ctx: { body: unknown }) => {
      const admission = this.pending.get(ctx);
      if (admission === undefined) return;
      this.pending.delete(ctx);
      this.clients.set(admission.clientId, admission.access);
      if (typeof ctx.body === "object" && ctx.body !== null) Object.assign(ctx.body, { scope: admission.scope });
    });
    const release = (ctx: RegistrationRequest) => this.pending.delete(ctx);
    provider.on("registration_create.error", release);
    provider.on("server_error", release);
  }
}
