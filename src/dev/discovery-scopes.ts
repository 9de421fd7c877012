import type Provider from "oidc-provider";
import type { Plan } from "../plan/types.js";

/**
 * Lists the resource scopes in the authorization server metadata's `scopes_supported`, after the OpenID
 * scopes oidc-provider lists. MCP clients choose the scopes they ask for (and register with) from it.
 *
 * oidc-provider builds `scopes_supported` from its `scopes` setting, which must hold OpenID scopes only:
 * a resource scope there would count as an OpenID scope of the grant. So the resource scopes are added to
 * the discovery response instead, on the route oidc-provider resolved (`discovery`, at both well-known
 * paths). Advertising a scope grants nothing: a token still carries only scopes of its one resource that
 * the client is granted (getResourceServerInfo in provider-config.ts).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (scopes_supported)
 */
export function advertiseResourceScopes(provider: Provider, plan: Plan): void {
  const resourceScopes = plan.resources.flatMap((resource) => resource.scopes.map((scope) => scope.name));
  provider.use(async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (ctx.oidc?.route !== "discovery" || ctx.status !== 200 || typeof body !== "object" || body === null) return;
    const listed = (body as { scopes_supported?: unknown }).scopes_supported;
    const openidScopes = Array.isArray(listed) ? listed.filter((scope): scope is string => typeof scope === "string") : [];
    Object.assign(body, { scopes_supported: [...openidScopes, ...resourceScopes] });
  });
}
