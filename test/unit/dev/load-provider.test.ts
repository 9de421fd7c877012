import { afterEach, describe, expect, it, vi } from "vitest";
import { UNSUPPORTED_RUNTIME_WARNING, withoutRuntimeWarning } from "../../../src/dev/load-provider.js";

const RUNTIME_LINE = "oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.";

describe("withoutRuntimeWarning", () => {
  const original = console.warn;
  afterEach(() => {
    console.warn = original;
  });

  it("drops the runtime line, plain or in terminal colours, and passes every other warning through unchanged", async () => {
    const seen = vi.fn();
    console.warn = seen;
    await withoutRuntimeWarning(async () => {
      console.warn(RUNTIME_LINE);
      console.warn(`\x1b[31;1m${RUNTIME_LINE}\x1b[0m`);
      console.warn("oidc-provider WARNING: something else", 42);
      console.warn(new Error("not a string"));
    });
    expect(seen.mock.calls).toEqual([["oidc-provider WARNING: something else", 42], [new Error("not a string")]]);
    expect(RUNTIME_LINE.includes(UNSUPPORTED_RUNTIME_WARNING)).toBe(true);
  });

  it("restores console.warn afterwards, also when loading fails", async () => {
    const seen = vi.fn();
    console.warn = seen;
    await expect(withoutRuntimeWarning(() => Promise.reject(new Error("load failed")))).rejects.toThrow("load failed");
    expect(console.warn).toBe(seen);
    console.warn(RUNTIME_LINE);
    expect(seen.mock.calls).toEqual([[RUNTIME_LINE]]);
  });
});
