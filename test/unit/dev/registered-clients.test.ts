import { EventEmitter } from "node:events";
import type Provider from "oidc-provider";
import { describe, expect, it } from "vitest";
import { devPolicy } from "../../../src/dev/policy.js";
import { RegisteredClients } from "../../../src/dev/registered-clients.js";
import { buildPlan } from "../../../src/plan/index.js";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith } from "../../support/configs.js";

const GITHUB = "https://mcp.example.com/github";
const JIRA = "https://mcp.example.com/jira";
const ALLOWED = new Map([[GITHUB, ["github:read", "github:write"]]]);
const GRANTED = { scopesByResource: new Map([[GITHUB, ["github:read"]]]), scope: "github:read" };
const FULL = "no more clients may register: this server allows 2 (registration.dynamic.maxClients) and all are taken";

/** oidc-provider's event side, which is all the registry listens to. */
function watched(registry: RegisteredClients): EventEmitter {
  const events = new EventEmitter();
  registry.watch(events as unknown as Provider);
  return events;
}

describe("RegisteredClients", () => {
  it("gives a registered client the scopes granted at registration and states them in the response", () => {
    const registry = new RegisteredClients(ALLOWED, undefined);
    const events = watched(registry);
    const request = { body: { client_id: "pending" } as Record<string, unknown> };
    const admitted = registry.admit(request, GRANTED);
    if (!("clientId" in admitted)) throw new Error("refused");
    expect(registry.accessOf(admitted.clientId)).toBeUndefined();
    events.emit("registration_create.success", request);
    expect(request.body["scope"]).toBe("github:read");
    expect(registry.accessOf(admitted.clientId)).toEqual({ scopesByResource: new Map([[GITHUB, ["github:read"]]]), refreshToken: undefined, registered: true, name: "registered client" });
  });

  it("counts registrations in progress against maxClients and frees the slot of one that failed", () => {
    const registry = new RegisteredClients(ALLOWED, 2);
    const events = watched(registry);
    const [first, second, third] = [{ body: {} }, { body: {} }, { body: {} }];
    expect(registry.admit(first, GRANTED)).toHaveProperty("clientId");
    expect(registry.admit(second, GRANTED)).toHaveProperty("clientId");
    expect(registry.admit(third, GRANTED)).toEqual({ refusal: { error: "invalid_client_metadata", error_description: FULL } });
    events.emit("registration_create.error", second, new Error("invalid_client_metadata"));
    expect(registry.admit(third, GRANTED)).toHaveProperty("clientId");
    events.emit("registration_create.success", first);
    events.emit("server_error", third, new Error("boom"));
    expect(registry.count).toBe(1);
  });
});

describe("devPolicy with dynamic registration", () => {
  it("answers a registered client's access from the registry, and any other id with registration.access", () => {
    const policy = devPolicy(buildPlan(parseConfig(configWith((c) => (c.registration = { dynamic: { maxClients: 5 }, access: { github: ["github:read", "github:write"], jira: ["jira:read"] } })))));
    expect([policy.registeredClients?.maxClients, policy.registeredClients?.allowed]).toEqual([5, new Map([[GITHUB, ["github:read", "github:write"]], [JIRA, ["jira:read"]]])]);
    const request = { body: {} };
    const admitted = policy.registeredClients?.admit(request, GRANTED);
    watched(policy.registeredClients as RegisteredClients).emit("registration_create.success", request);
    const clientId = (admitted as { clientId: string }).clientId;
    expect(policy.clientAccess(clientId)?.scopesByResource).toEqual(new Map([[GITHUB, ["github:read"]]]));
    expect(policy.clientAccess("https://agents.example.com/client.json")?.scopesByResource).toEqual(new Map([[GITHUB, ["github:read", "github:write"]], [JIRA, ["jira:read"]]]));
  });

  it("has no registry while dynamic registration is off", () => {
    expect(devPolicy(buildPlan(parseConfig(configWith(() => undefined)))).registeredClients).toBeUndefined();
  });
});
