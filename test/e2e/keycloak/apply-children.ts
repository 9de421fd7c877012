/**
 * Applies captured children to a real Keycloak through the Admin REST API, in dependency order, doing per
 * type what the provider's Create does (see provider-requests.ts). Any type without a mapping, or any
 * input a mapping does not know, stops the run before anything is sent.
 */
import type { KeycloakAdminApi } from "./admin-api.js";
import { ID_PLACEHOLDER, type CapturedChild } from "./capture-children.js";
import {
  audienceMapperBody,
  clientBody,
  clientScopeBody,
  realmBody,
  refuseUnknown,
  registrationPolicyBody,
  SCOPE_LIST_INPUTS,
  UnmappedInputError,
  type Inputs,
} from "./provider-requests.js";

type Apply = (inputs: Inputs, api: KeycloakAdminApi) => Promise<string>;

const APPLIERS: Readonly<Record<string, { readonly check: (inputs: Inputs) => void; readonly apply: Apply }>> = {
  "keycloak:index/realm:Realm": {
    check: realmBody,
    // The provider sets the resource id to the realm name.
    apply: async (inputs, api) => (await api.request("POST", "", realmBody(inputs)), String(inputs["realm"])),
  },
  "keycloak:openid/clientScope:ClientScope": {
    check: clientScopeBody,
    apply: (inputs, api) => api.create(`/${realm(inputs)}/client-scopes`, clientScopeBody(inputs)),
  },
  "keycloak:openid/audienceProtocolMapper:AudienceProtocolMapper": {
    check: audienceMapperBody,
    apply: async (inputs, api) => {
      const body = audienceMapperBody(inputs);
      const parent = inputs["clientScopeId"] !== undefined ? `client-scopes/${String(inputs["clientScopeId"])}` : `clients/${String(inputs["clientId"])}`;
      const path = `/${realm(inputs)}/${parent}/protocol-mappers/models`;
      // The provider's validation: unique mapper name on the parent, and an included client that exists.
      const existing = await api.get<Array<{ name: string }>>(path);
      if (existing.some((mapper) => mapper.name === body["name"])) throw new Error(`validation error: a protocol mapper with name ${String(body["name"])} already exists for this client`);
      const audienceClient = (body["config"] as Record<string, string>)["included.client.audience"];
      if (audienceClient) {
        const found = await api.get<unknown[]>(`/${realm(inputs)}/clients?clientId=${encodeURIComponent(audienceClient)}`);
        if (found.length === 0) throw new Error(`validation error: generic client with name ${audienceClient} does not exist`);
      }
      return api.create(path, body);
    },
  },
  "keycloak:openid/client:Client": {
    check: clientBody,
    apply: (inputs, api) => api.create(`/${realm(inputs)}/clients`, clientBody(inputs)),
  },
  "keycloak:openid/clientDefaultScopes:ClientDefaultScopes": {
    check: (inputs) => refuseUnknown("keycloak:openid/clientDefaultScopes:ClientDefaultScopes", inputs, SCOPE_LIST_INPUTS.default),
    apply: (inputs, api) => reconcileScopes("default", inputs["defaultScopes"], inputs, api),
  },
  "keycloak:openid/clientOptionalScopes:ClientOptionalScopes": {
    check: (inputs) => refuseUnknown("keycloak:openid/clientOptionalScopes:ClientOptionalScopes", inputs, SCOPE_LIST_INPUTS.optional),
    apply: (inputs, api) => reconcileScopes("optional", inputs["optionalScopes"], inputs, api),
  },
  "keycloak:index/realmClientRegistrationPolicy:RealmClientRegistrationPolicy": {
    check: registrationPolicyBody,
    apply: (inputs, api) => api.create(`/${realm(inputs)}/components`, registrationPolicyBody(inputs)),
  },
};

/** Every type the applier can apply. */
export const APPLIED_TYPES: readonly string[] = Object.keys(APPLIERS);

/** Checks every child first (nothing is sent if one is unknown), then applies them in order. Returns name → Keycloak id. */
export async function applyChildren(children: readonly CapturedChild[], api: KeycloakAdminApi): Promise<Map<string, string>> {
  for (const child of children) {
    const applier = APPLIERS[child.type];
    if (!applier) throw new UnmappedInputError(`applier: no mapping for resource type ${child.type} (${child.name}); refusing to skip it`);
    applier.check(child.inputs);
  }
  const ids = new Map<string, string>();
  for (const child of children) {
    const inputs = withRealIds(child.inputs, ids) as Inputs;
    ids.set(child.name, await (APPLIERS[child.type] as { apply: Apply }).apply(inputs, api));
  }
  return ids;
}

function realm(inputs: Inputs): string {
  return encodeURIComponent(String(inputs["realmId"]));
}

function withRealIds(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    const match = ID_PLACEHOLDER.exec(value);
    if (!match) return value;
    const id = ids.get(match[2] as string);
    if (id === undefined) throw new Error(`applier: ${match[2]} is used before it was applied`);
    return id;
  }
  if (Array.isArray(value)) return value.map((item) => withRealIds(item, ids));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withRealIds(inner, ids)]));
  return value;
}

/**
 * `keycloak_openid_client_{default,optional}_scopes` Create = Reconcile: detach attached scopes not in the
 * list, then attach the missing ones by name (OIDC scopes only), refusing a bearer-only client, an unknown
 * scope, or a scope attached in the other list. The provider's id is `realm/clientUuid`.
 */
async function reconcileScopes(kind: "default" | "optional", wanted: unknown, inputs: Inputs, api: KeycloakAdminApi): Promise<string> {
  const other = kind === "default" ? "optional" : "default";
  const names = new Set((wanted as string[] | undefined) ?? []);
  const client = `/${realm(inputs)}/clients/${String(inputs["clientId"])}`;
  const attached = await api.get<Array<{ id: string; name: string }>>(`${client}/${kind}-client-scopes`);
  const openidScopes = (await api.get<Array<{ id: string; name: string; protocol: string }>>(`/${realm(inputs)}/client-scopes`)).filter(
    (scope) => scope.protocol === "openid-connect",
  );
  for (const scope of attached) {
    if (names.has(scope.name)) names.delete(scope.name);
    else for (const match of openidScopes.filter((candidate) => candidate.name === scope.name)) await api.request("DELETE", `${client}/${kind}-client-scopes/${match.id}`);
  }
  if (names.size > 0) {
    if ((await api.get<{ bearerOnly: boolean }>(client)).bearerOnly) throw new Error(`validation error: client with id ${String(inputs["clientId"])} uses access type BEARER-ONLY which does not use scopes`);
    const toAttach = openidScopes.filter((scope) => names.has(scope.name));
    for (const name of names) if (!toAttach.some((scope) => scope.name === name)) throw new Error(`validation error: scope ${name} does not exist`);
    const attachedOther = await api.get<Array<{ id: string; name: string }>>(`${client}/${other}-client-scopes`);
    for (const scope of toAttach) {
      const clash = attachedOther.find((candidate) => candidate.id === scope.id);
      if (clash) throw new Error(`validation error: scope ${clash.name} is already attached to client as ${other === "default" ? "a default" : "an optional"} scope`);
      await api.request("PUT", `${client}/${kind}-client-scopes/${scope.id}`);
    }
  }
  return `${String(inputs["realmId"])}/${String(inputs["clientId"])}`;
}
