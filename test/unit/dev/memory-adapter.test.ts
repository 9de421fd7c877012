import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryAdapterFactory } from "../../../src/dev/memory-adapter.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("memoryAdapterFactory", () => {
  it("returns copies: changing a found payload does not change what is stored", async () => {
    const codes = memoryAdapterFactory()("AuthorizationCode");
    await codes.upsert("c1", { grantId: "g1", scope: "a" }, 60);
    const found = await codes.find("c1");
    if (found) found.scope = "changed";
    expect(await codes.find("c1")).toEqual({ grantId: "g1", scope: "a" });
  });

  it("forgets an entry once its lifetime has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const codes = memoryAdapterFactory()("AuthorizationCode");
    await codes.upsert("c1", { grantId: "g1" }, 60);
    vi.setSystemTime(Date.now() + 59_999);
    expect(await codes.find("c1")).toEqual({ grantId: "g1" });
    vi.setSystemTime(Date.now() + 1);
    expect(await codes.find("c1")).toBeUndefined();
  });

  it("marks a consumed entry with the time", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_500 });
    const codes = memoryAdapterFactory()("AuthorizationCode");
    await codes.upsert("c1", { grantId: "g1" }, 60);
    await codes.consume("c1");
    expect(await codes.find("c1")).toEqual({ grantId: "g1", consumed: 1_700_000_000 });
  });

  it("revokes a grant model by model: each model's call removes only its own entries", async () => {
    const factory = memoryAdapterFactory();
    const [codes, refreshTokens] = [factory("AuthorizationCode"), factory("RefreshToken")];
    await codes.upsert("c1", { grantId: "g1" }, 60);
    await refreshTokens.upsert("r1", { grantId: "g1" }, 3600);
    await refreshTokens.upsert("r2", { grantId: "g2" }, 3600);
    await codes.revokeByGrantId("g1");
    expect([await codes.find("c1"), await refreshTokens.find("r1")]).toEqual([undefined, { grantId: "g1" }]);
    await refreshTokens.revokeByGrantId("g1");
    expect([await refreshTokens.find("r1"), await refreshTokens.find("r2")]).toEqual([undefined, { grantId: "g2" }]);
  });

  it("finds sessions by uid until they are destroyed", async () => {
    const sessions = memoryAdapterFactory()("Session");
    await sessions.upsert("s1", { uid: "u1", accountId: "alice" }, 3600);
    expect(await sessions.findByUid("u1")).toEqual({ uid: "u1", accountId: "alice" });
    await sessions.destroy("s1");
    expect([await sessions.find("s1"), await sessions.findByUid("u1")]).toEqual([undefined, undefined]);
  });

  it("keeps entries without a lifetime (registered clients) and separates models", async () => {
    const factory = memoryAdapterFactory();
    await factory("Client").upsert("x", { client_id: "x" }, 0);
    expect([await factory("Client").find("x"), await factory("Grant").find("x")]).toEqual([{ client_id: "x" }, undefined]);
  });
});
