import type { PlannedResource } from "../../plan/types.js";
import { plannedResourceMetadata, type ResourceOutputValues } from "../resource-metadata.js";

/** Auth0 signs access tokens for RS256 APIs with the tenant's RSA key; nothing else is accepted. */
export const AUTH0_ALGORITHMS: readonly string[] = ["RS256"];

// A DNS host name: dot-separated labels of letters, digits and inner hyphens; at least two labels.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Why a string is not an Auth0 tenant domain (`my-tenant.us.auth0.com`, or a custom domain), or
 * `undefined` when it is. A scheme, port or path would produce a wrong issuer, which every token would fail.
 */
export function auth0DomainProblem(domain: string): string | undefined {
  if (HOST_NAME.test(domain.toLowerCase())) return undefined;
  return `domain must be the Auth0 tenant's host name, e.g. my-tenant.us.auth0.com or a custom domain such as login.example.com (no scheme, port or path); got ${JSON.stringify(domain)}`;
}

/** The tenant's URLs that MCP servers and clients need. */
export interface Auth0TenantEndpoints {
  /** The `iss` of every token, with Auth0's trailing slash. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The tenant's OpenID Connect discovery document (Auth0 documents this one for every tenant). */
  readonly authorizationServerMetadataUrl: string;
  /** The audience Auth0 adds next to the API when a client also asks for `openid`. */
  readonly userinfoAudience: string;
}

/**
 * The tenant's endpoints for a domain that passed {@link auth0DomainProblem}. Host names are
 * case-insensitive; Auth0 writes them in lower case in `iss`, so they are lower-cased here.
 * @see https://auth0.com/docs/secure/tokens/json-web-tokens/locate-json-web-key-sets
 */
export function auth0TenantEndpoints(domain: string): Auth0TenantEndpoints {
  const origin = `https://${domain.toLowerCase()}`;
  return {
    issuer: `${origin}/`,
    jwksUri: `${origin}/.well-known/jwks.json`,
    authorizationServerMetadataUrl: `${origin}/.well-known/openid-configuration`,
    userinfoAudience: `${origin}/userinfo`,
  };
}

/** The per-resource values a component exposes (docs/design.md §4), as plain data. */
export type Auth0ResourceOutputValues = ResourceOutputValues;

/**
 * Everything an MCP server needs to accept Auth0 tokens for one resource: the verifier options and the
 * RFC 9728 document to serve. `audience` is the API identifier, i.e. the resource URI byte for byte.
 * @see https://www.rfc-editor.org/rfc/rfc9068 (`typ: at+jwt`, the `rfc9068_profile` dialect)
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function auth0ResourceOutputValues(domain: string, resource: PlannedResource, audience: string): Auth0ResourceOutputValues {
  const endpoints = auth0TenantEndpoints(domain);
  return {
    issuer: endpoints.issuer,
    audience,
    jwksUri: endpoints.jwksUri,
    authorizationServerMetadataUrl: endpoints.authorizationServerMetadataUrl,
    protectedResourceMetadata: plannedResourceMetadata(resource, endpoints.issuer),
    verifierOptions: {
      issuer: endpoints.issuer,
      resource: audience,
      jwksUri: endpoints.jwksUri,
      algorithms: [...AUTH0_ALGORITHMS],
      tokenType: "at+jwt",
      // A client that also asks for `openid` gets aud = [API, /userinfo]; that one extra audience is expected.
      allowedExtraAudiences: [endpoints.userinfoAudience],
    },
  };
}
