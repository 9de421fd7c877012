import { Auth0McpAuthorization } from "../../src/idp/auth0/component.js";
import { AUTH0_TYPES, translateAuth0 } from "../../src/idp/auth0/translate.js";
import { KeycloakMcpAuthorization } from "../../src/idp/keycloak/component.js";
import { translateKeycloak } from "../../src/idp/keycloak/translate.js";
import { OktaMcpAuthorization } from "../../src/idp/okta/component.js";
import { OKTA_TYPES } from "../../src/idp/okta/translate-names.js";
import { translateOkta } from "../../src/idp/okta/translate.js";
import type { Plan } from "../../src/plan/types.js";
import type { ResourceSpec } from "../../src/idp/spec.js";
import type { SyntheticConfig } from "../configs.js";
import type { MockAnswers } from "./mocked-engine.js";
import { declareRawAuth0 } from "./raw-auth0.js";
import { declareRawKeycloak } from "./raw-keycloak.js";
import { declareRawOkta } from "./raw-okta.js";

/** One IdP as the component benchmarks see it: the component, its hand-written baseline, and the mocks. */
export interface ComponentTarget {
  readonly idp: string;
  /** What the mocked engine answers: the outputs the component reads (issuers, client ids) and lookups. */
  readonly answers: MockAnswers;
  readonly declareComponent: (name: string, config: SyntheticConfig) => void;
  /** Declares the raw baseline; returns how many resources it declared. */
  readonly declareRaw: (name: string, config: SyntheticConfig) => number;
  /** The component's translation (for object counts and the parse/plan/translate breakdown). */
  readonly translate: (plan: Plan, name: string) => ResourceSpec[];
}

const okta: ComponentTarget = {
  idp: "okta",
  answers: {
    outputs: (type, name) =>
      type === OKTA_TYPES.server ? { issuer: `https://example.okta.com/oauth2/${name}-id` } : type === OKTA_TYPES.app ? { clientId: `0oa-${name}` } : {},
    call: () => ({ id: "00gEveryone000000000" }),
  },
  declareComponent: (name, config) => new OktaMcpAuthorization(name, { config }),
  declareRaw: declareRawOkta,
  translate: (plan, name) => translateOkta(plan, { name }),
};

/** The tenant domain the Auth0 component is given (else it would read it from the provider). */
const AUTH0_DOMAIN = "bench-tenant.eu.auth0.com";

const auth0: ComponentTarget = {
  idp: "auth0",
  answers: {
    outputs: (type, name) => (type === AUTH0_TYPES.client ? { clientId: `client-id-${name}` } : {}),
    call: () => ({}),
  },
  declareComponent: (name, config) => new Auth0McpAuthorization(name, { config, domain: AUTH0_DOMAIN }),
  declareRaw: declareRawAuth0,
  translate: (plan, name) => translateAuth0(plan, { name }),
};

const keycloak: ComponentTarget = {
  idp: "keycloak",
  // Everything the component reads is an input (realm name, clientId) or the mock's id.
  answers: { outputs: () => ({}), call: () => ({}) },
  declareComponent: (name, config) => new KeycloakMcpAuthorization(name, { config, baseUrl: "https://keycloak.example.com" }),
  declareRaw: declareRawKeycloak,
  translate: (plan, name) => translateKeycloak(plan, { name }),
};

/** Every IdP component. */
export const COMPONENT_TARGETS: readonly ComponentTarget[] = [auth0, okta, keycloak];

export function targetFor(idp: string): ComponentTarget {
  const target = COMPONENT_TARGETS.find((candidate) => candidate.idp === idp);
  if (!target) throw new Error(`no component benchmark target for ${idp}`);
  return target;
}
