import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../plan/types.js";
import type { McpResourceOutputs } from "../outputs.js";
import { oktaAuthorizationServerMetadataUrl, oktaJwksUri, oktaProtectedResourceMetadata, oktaVerifierOptions } from "./endpoints.js";

/**
 * The per-resource outputs of docs/design.md §4, all from the resource's own authorization server `issuer`
 * (each MCP resource has its own issuer on Okta).
 */
export function oktaResourceOutputs(resource: PlannedResource, issuer: pulumi.Output<string>): McpResourceOutputs {
  return {
    issuer,
    audience: pulumi.output(resource.uri),
    jwksUri: issuer.apply(oktaJwksUri),
    authorizationServerMetadataUrl: issuer.apply(oktaAuthorizationServerMetadataUrl),
    protectedResourceMetadata: issuer.apply((value) => oktaProtectedResourceMetadata(value, resource)),
    verifierOptions: issuer.apply((value) => oktaVerifierOptions(value, resource)),
  };
}
