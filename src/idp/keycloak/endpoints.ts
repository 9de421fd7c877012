import type { ConfigIssue } from "../../schema/config-error.js";
import { LOOPBACK_RESOURCE_HOSTS, splitAuthority, splitUri, uriCharacterProblem } from "../../schema/uri.js";

/** The public URLs of one Keycloak realm, all derived from the base URL and the realm name. */
export interface KeycloakRealmEndpoints {
  /** `BASE/realms/REALM`: the `iss` of every token the realm signs. */
  readonly issuer: string;
  readonly jwksUri: string;
  /**
   * OpenID Connect discovery under the issuer. Keycloak also answers the RFC 8414 path-insertion form, but
   * only when it is served from the root of its host; this form works behind any context path.
   */
  readonly metadataUrl: string;
}

/**
 * The endpoints of `realm` on the Keycloak at `baseUrl` (trailing slashes dropped).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig (the discovery URL under the issuer)
 */
export function keycloakRealmEndpoints(baseUrl: string, realm: string): KeycloakRealmEndpoints {
  const issuer = `${baseUrl.replace(/\/+$/, "")}/realms/${realm}`;
  return {
    issuer,
    jwksUri: `${issuer}/protocol/openid-connect/certs`,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
  };
}

/**
 * Why `baseUrl` cannot be the root URL of a Keycloak server, or `undefined` when it can: an absolute
 * https URL (http only on loopback, for development) without userinfo, query or fragment. A path such as
 * `/auth` is kept: older deployments serve Keycloak under it.
 */
export function baseUrlIssues(baseUrl: unknown): ConfigIssue[] {
  const form = "must be the root URL of the Keycloak server, e.g. https://keycloak.example.com (http only on 127.0.0.1, [::1] or localhost)";
  if (typeof baseUrl !== "string" || baseUrl === "") return [{ path: "baseUrl", message: form }];
  const characterProblem = uriCharacterProblem(baseUrl);
  if (characterProblem) return [{ path: "baseUrl", message: characterProblem }];
  const parts = splitUri(baseUrl);
  const scheme = parts.scheme?.toLowerCase();
  const { userinfo, host } = splitAuthority(parts.authority ?? "");
  const loopbackHttp = scheme === "http" && LOOPBACK_RESOURCE_HOSTS.has(host.toLowerCase());
  if ((scheme !== "https" && !loopbackHttp) || host === "" || userinfo !== undefined) return [{ path: "baseUrl", message: form }];
  if (parts.query !== undefined || parts.fragment !== undefined) {
    return [{ path: "baseUrl", message: `${form}; without query or fragment` }];
  }
  return [];
}
