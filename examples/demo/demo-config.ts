/**
 * The demo's config: examples/mcp-auth.yaml with each resource the demo serves moved to the loopback URL its
 * server really listens on. A resource URI is the token audience and the address clients check the
 * server's metadata against, so a server on 127.0.0.1 cannot pose as https://mcp.example.com/github.
 */
import { fileURLToPath } from "node:url";
import { loadConfigFile, parseConfig, type McpAuthConfig, type ResolvedConfig } from "pulumi-mcp-auth";

export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL("../mcp-auth.yaml", import.meta.url));

export function loadExampleConfig(): ResolvedConfig {
  return loadConfigFile(EXAMPLE_CONFIG_PATH);
}

/**
 * `config` with the resources in `servedAt` (resource key → loopback URL) at their new URIs, and everything
 * else left out: resources not served, the access entries naming them, clients left with no access, and
 * the IdP sections (the local server needs none). `registration`, when given, replaces the file's.
 */
export function loopbackConfig(config: ResolvedConfig, servedAt: ReadonlyMap<string, string>, registration?: McpAuthConfig["registration"]): ResolvedConfig {
  const served = (key: string) => servedAt.has(key);
  const resources = Object.fromEntries(
    Object.entries(config.resources)
      .filter(([key]) => served(key))
      .map(([key, resource]) => [key, { ...resource, uri: servedAt.get(key) as string }]),
  );
  const clients = Object.fromEntries(
    Object.entries(config.clients).flatMap(([key, client]) => {
      const access = Object.fromEntries(Object.entries(client.access).filter(([resourceKey]) => served(resourceKey)));
      if (Object.keys(access).length === 0) return [];
      const { name, redirectUris, refreshTokens } = client;
      return [[key, { ...(name === undefined ? {} : { name }), redirectUris, access, refreshTokens }]];
    }),
  );
  const registrationAccess = Object.fromEntries(Object.entries(config.registration.access).filter(([key]) => served(key)));
  const derived: McpAuthConfig = {
    version: 1,
    resources,
    clients,
    registration: registration ?? {
      // The resolved form lifts the limits beside the booleans; the file form keeps them inside the modes.
      dynamic: config.registration.dynamic && config.registration.maxClients !== undefined ? { maxClients: config.registration.maxClients } : config.registration.dynamic,
      clientIdMetadataDocuments:
        config.registration.clientIdMetadataDocuments && config.registration.metadataDocumentHosts !== undefined
          ? { allowedHosts: [...config.registration.metadataDocumentHosts] }
          : config.registration.clientIdMetadataDocuments,
      access: registrationAccess,
    },
  };
  return parseConfig(derived);
}

/**
 * What the demo adds to the file so that agents in nobody's file can connect: client ID metadata documents
 * from `localhost` (where the demo publishes one) and dynamic registration, both limited to reading GitHub.
 */
export const DEMO_REGISTRATION = {
  dynamic: { maxClients: 10 },
  clientIdMetadataDocuments: { allowedHosts: ["localhost"] },
  access: { github: ["github:read"] },
} as const satisfies McpAuthConfig["registration"];
