import type { Plan } from "../../plan/types.js";
import { plannedResourceMetadata, type ResourceOutputValues } from "../resource-metadata.js";
import type { KeycloakRealmEndpoints } from "./endpoints.js";

/** The plain values behind one resource's outputs (docs/design.md §4), before Pulumi wraps them. */
export type KeycloakResourceOutputValues = ResourceOutputValues;

/**
 * Per resource key: what an MCP server needs to verify Keycloak's tokens and to serve its RFC 9728
 * metadata. Keycloak access tokens carry `typ: "JWT"` (not `at+jwt`), so the verifier gets no `tokenType`;
 * their `azp` names the client. `algorithms` is pinned only when the component created the realm and so
 * knows its signature algorithm.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function keycloakResourceOutputValues(
  plan: Plan,
  endpoints: KeycloakRealmEndpoints,
  signingAlgorithms: readonly string[] | undefined,
): Record<string, KeycloakResourceOutputValues> {
  return Object.fromEntries(
    plan.resources.map((resource) => [
      resource.key,
      {
        issuer: endpoints.issuer,
        audience: resource.uri,
        jwksUri: endpoints.jwksUri,
        authorizationServerMetadataUrl: endpoints.metadataUrl,
        protectedResourceMetadata: plannedResourceMetadata(resource, endpoints.issuer),
        verifierOptions: {
          issuer: endpoints.issuer,
          resource: resource.uri,
          jwksUri: endpoints.jwksUri,
          ...(signingAlgorithms ? { algorithms: [...signingAlgorithms] } : {}),
        },
      },
    ]),
  );
}
