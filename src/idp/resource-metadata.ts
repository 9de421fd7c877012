import type { PlannedResource } from "../plan/types.js";
import { protectedResourceMetadata, type ProtectedResourceMetadata } from "../verify/metadata.js";
import type { TokenVerifierOptions } from "../verify/options.js";

/** The plain values behind one resource's outputs (docs/design.md §4), before Pulumi wraps them. */
export interface ResourceOutputValues {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  readonly authorizationServerMetadataUrl: string;
  readonly protectedResourceMetadata: ProtectedResourceMetadata;
  readonly verifierOptions: TokenVerifierOptions;
}

/**
 * The RFC 9728 document of a planned resource, naming `issuer` as its authorization server: the same
 * document for every IdP but for the issuer.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function plannedResourceMetadata(resource: PlannedResource, issuer: string): ProtectedResourceMetadata {
  return protectedResourceMetadata({
    resource: resource.uri,
    authorizationServers: [issuer],
    scopesSupported: resource.scopes.map((scope) => scope.name),
    resourceName: resource.name,
    resourceDocumentation: resource.documentation,
  });
}
