import type * as pulumi from "@pulumi/pulumi";
import type { ProtectedResourceMetadata } from "../verify/metadata.js";
import type { TokenVerifierOptions } from "../verify/options.js";

/**
 * What every IdP component exposes per MCP resource: enough for an MCP server to verify tokens and serve
 * its RFC 9728 metadata, straight from stack outputs.
 */
export interface McpResourceOutputs {
  readonly issuer: pulumi.Output<string>;
  /** The canonical resource URI: the `aud` of every token for this resource. */
  readonly audience: pulumi.Output<string>;
  readonly jwksUri: pulumi.Output<string>;
  /** The issuer's RFC 8414 (or OIDC discovery) metadata URL. */
  readonly authorizationServerMetadataUrl: pulumi.Output<string>;
  /** The RFC 9728 document the MCP server serves at its well-known URL. */
  readonly protectedResourceMetadata: pulumi.Output<ProtectedResourceMetadata>;
  /** Exactly the options `createTokenVerifier` takes. */
  readonly verifierOptions: pulumi.Output<TokenVerifierOptions>;
}

/** What every IdP component exposes per agent client. */
export interface McpClientOutputs {
  readonly clientId: pulumi.Output<string>;
}
