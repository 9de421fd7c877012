/**
 * RFC 9728 protected resource metadata: the document an MCP server serves so that clients find its
 * authorization server. Pure and dependency-free, so IaC components emit exactly what servers serve.
 */

/** Inputs of {@link protectedResourceMetadata}, in camelCase. */
export interface ProtectedResourceMetadataOptions {
  /** The canonical resource URI, emitted byte for byte (RFC 9728 §2 `resource`). */
  readonly resource: string;
  /** Issuer identifiers of the authorization servers that mint tokens for this resource. */
  readonly authorizationServers: readonly string[];
  readonly scopesSupported?: readonly string[] | undefined;
  readonly resourceName?: string | undefined;
  readonly resourceDocumentation?: string | undefined;
  /** Defaults to `["header"]`: tokens are accepted from the Authorization header only. */
  readonly bearerMethodsSupported?: readonly ("header" | "body" | "query")[] | undefined;
  readonly resourceSigningAlgValuesSupported?: readonly string[] | undefined;
  readonly resourcePolicyUri?: string | undefined;
  readonly resourceTosUri?: string | undefined;
}

/** The JSON document of RFC 9728 §2, in wire names. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers?: string[];
  readonly scopes_supported?: string[];
  readonly bearer_methods_supported: string[];
  readonly resource_name?: string;
  readonly resource_documentation?: string;
  readonly resource_signing_alg_values_supported?: string[];
  readonly resource_policy_uri?: string;
  readonly resource_tos_uri?: string;
}

/**
 * Builds the RFC 9728 metadata document; empty lists and absent values are omitted.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function protectedResourceMetadata(options: ProtectedResourceMetadataOptions): ProtectedResourceMetadata {
  const document: Record<string, unknown> = {
    resource: options.resource,
    authorization_servers: nonEmpty(options.authorizationServers),
    scopes_supported: nonEmpty(options.scopesSupported),
    bearer_methods_supported: [...(options.bearerMethodsSupported ?? ["header"])],
    resource_name: options.resourceName || undefined,
    resource_documentation: options.resourceDocumentation || undefined,
    resource_signing_alg_values_supported: nonEmpty(options.resourceSigningAlgValuesSupported),
    resource_policy_uri: options.resourcePolicyUri || undefined,
    resource_tos_uri: options.resourceTosUri || undefined,
  };
  for (const key of Object.keys(document)) if (document[key] === undefined) delete document[key];
  return document as unknown as ProtectedResourceMetadata;
}

/**
 * Where a resource serves its metadata: `/.well-known/oauth-protected-resource` inserted between the
 * host and the path, with any terminating slash of the path removed.
 * @example protectedResourceMetadataUrl("https://mcp.example.com/github")
 *   // → "https://mcp.example.com/.well-known/oauth-protected-resource/github"
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function protectedResourceMetadataUrl(resourceUri: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)$/.exec(resourceUri);
  if (!match) throw new TypeError(`protectedResourceMetadataUrl: ${JSON.stringify(resourceUri)} is not an absolute URI without query or fragment`);
  const [, origin, path = ""] = match;
  const trimmedPath = path.replace(/\/+$/, "");
  return `${origin}/.well-known/oauth-protected-resource${trimmedPath}`;
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}
