import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { instantiateSpecs } from "../../src/idp/instantiate.js";
import { ref, type ResourceSpec } from "../../src/idp/spec.js";
import { installMocks, settled } from "../support/pulumi-mocks.js";

const EVERYONE_TOKEN = "okta:group/getEveryoneGroup:getEveryoneGroup";
const ASSIGNMENT_TOKEN = "okta:index/appGroupAssignments:AppGroupAssignments";

const mocks = installMocks({
  calls: (call) => (call.token === EVERYONE_TOKEN ? { id: "00gEveryone000000000", description: "All users" } : {}),
});

class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Parent", name, {});
  }
}

const classes = { [EVERYONE_TOKEN]: { invoke: okta.group.getEveryoneGroupOutput }, [ASSIGNMENT_TOKEN]: okta.AppGroupAssignments };

const everyone: ResourceSpec = { key: "group/EVERYONE", type: EVERYONE_TOKEN, name: "t-group-EVERYONE", args: {}, dependsOn: [] };

describe("instantiateSpecs with lookups (provider functions named as specs)", () => {
  beforeEach(() => mocks.reset());

  it("reads the lookup with its args and resolves refs to fields of its result", async () => {
    const assignment: ResourceSpec = {
      key: "groups/agent",
      type: ASSIGNMENT_TOKEN,
      name: "t-groups-agent",
      args: { appId: "0oaAgent", groups: [{ id: ref("group/EVERYONE", "id"), profile: "{}" }] },
      dependsOn: [],
    };
    const declared = instantiateSpecs(new Parent("t"), [everyone, assignment], classes);
    await settled();

    expect([...declared.keys()]).toEqual(["groups/agent"]);
    expect(mocks.calls).toEqual([{ token: EVERYONE_TOKEN, inputs: {} }]);
    expect(mocks.children()).toEqual([
      { type: ASSIGNMENT_TOKEN, name: "t-groups-agent", custom: true, inputs: { appId: "0oaAgent", groups: [{ id: "00gEveryone000000000", profile: "{}" }] } },
    ]);
  });

  it("refuses a dependsOn on a lookup: a read is not a resource", () => {
    const assignment: ResourceSpec = { key: "groups/agent", type: ASSIGNMENT_TOKEN, name: "t-groups-agent", args: { appId: "0oaAgent" }, dependsOn: ["group/EVERYONE"] };
    expect(() => instantiateSpecs(new Parent("t2"), [everyone, assignment], classes)).toThrow(
      "spec groups/agent depends on lookup group/EVERYONE; a read is not a resource, refer to its outputs instead",
    );
  });

  it("refuses an unknown type before reading or declaring anything", async () => {
    const unknown: ResourceSpec = { key: "x", type: "okta:index/nothing:Nothing", name: "t-x", args: {}, dependsOn: [] };
    expect(() => instantiateSpecs(new Parent("t3"), [everyone, unknown], classes)).toThrow("no resource class for okta:index/nothing:Nothing");
    await settled();
    expect(mocks.calls).toEqual([]);
    expect(mocks.children()).toEqual([]);
  });
});
