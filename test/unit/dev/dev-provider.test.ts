import { describe, expect, it } from "vitest";
import { devProviderClass } from "../../../src/dev/dev-provider.js";
import { loadOidcProvider } from "../../../src/dev/load-provider.js";
import { devPolicy } from "../../../src/dev/policy.js";
import { buildPlan } from "../../../src/plan/index.js";
import { parseConfig } from "../../../src/schema/index.js";
import { baseConfig } from "../../support/configs.js";

describe("devProviderClass", () => {
  it("refuses registration management, which would let a registered client change its metadata past the checks", async () => {
    const { default: Provider, errors } = await loadOidcProvider();
    const DevProvider = devProviderClass({ Provider, errors, policy: devPolicy(buildPlan(parseConfig(baseConfig()))) });
    expect(() => new DevProvider("http://127.0.0.1:1", { features: { registration: { enabled: true }, registrationManagement: { enabled: true } } })).toThrow(
      new Error("the dev server checks client registrations when they are created; registrationManagement would let a client change its metadata unchecked"),
    );
  });
});
