import type { ConfigIssue } from "./config-error.js";
import { checkRedirectUri } from "./redirect-uri.js";
import { isOmnibusScope } from "./scope.js";

/** The parts of a parsed config that warnings look at. */
interface WarningSubject {
  readonly resources: Readonly<Record<string, { readonly scopes: Readonly<Record<string, unknown>> }>>;
  readonly clients: Readonly<Record<string, { readonly redirectUris: readonly string[]; readonly access: Readonly<Record<string, unknown>> }>>;
  readonly registration: {
    readonly dynamic: boolean;
    readonly clientIdMetadataDocuments: boolean;
    readonly metadataDocumentHosts: readonly string[] | undefined;
    readonly access: Readonly<Record<string, unknown>>;
  };
}

/** Things that are allowed but probably not meant: reported by `validate`, never fatal. */
export function collectWarnings(config: WarningSubject): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  for (const [resourceKey, resource] of Object.entries(config.resources)) {
    for (const scope of Object.keys(resource.scopes)) {
      if (isOmnibusScope(scope)) {
        warnings.push({
          path: `resources.${resourceKey}.scopes.${scope}`,
          message: "looks like an omnibus scope; prefer narrow scopes per capability so a leaked token can do little",
        });
      }
    }
  }
  for (const [clientKey, client] of Object.entries(config.clients)) {
    client.redirectUris.forEach((uri, index) => {
      const verdict = checkRedirectUri(uri);
      if (verdict && "warning" in verdict) warnings.push({ path: `clients.${clientKey}.redirectUris.${index}`, message: verdict.warning });
    });
  }
  const { registration } = config;
  const registrationOn = registration.dynamic || registration.clientIdMetadataDocuments;
  if (!registrationOn && Object.keys(registration.access).length > 0) {
    warnings.push({
      path: "registration.access",
      message: "has no effect while registration.dynamic and registration.clientIdMetadataDocuments are both false",
    });
  }
  if (registration.clientIdMetadataDocuments && registration.metadataDocumentHosts?.length === 0) {
    warnings.push({
      path: "registration.clientIdMetadataDocuments.allowedHosts",
      message: "is empty, so no client ID metadata document is accepted; list the hosts that serve your agents' documents, or set clientIdMetadataDocuments: false",
    });
  }
  const reachable = new Set<string>(registrationOn ? Object.keys(registration.access) : []);
  for (const client of Object.values(config.clients)) for (const key of Object.keys(client.access)) reachable.add(key);
  for (const resourceKey of Object.keys(config.resources)) {
    if (!reachable.has(resourceKey)) {
      warnings.push({ path: `resources.${resourceKey}`, message: "is granted to no client, so no token can be obtained for it yet" });
    }
  }
  return warnings;
}
