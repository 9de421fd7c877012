import type * as NodeFs from "node:fs";
import { describe, expect, it, vi } from "vitest";

// Errors the file system gives only in situations a test cannot set up as root (EACCES) or on demand:
// openSync is made to fail with each code for a path that names it.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const failing = (path: unknown): string | undefined => /errno-([A-Z]+)\.yaml$/.exec(String(path))?.[1];
  return {
    ...fs,
    statSync: ((path: string) => (failing(path) ? { isDirectory: () => false, isFile: () => true } : fs.statSync(path))) as typeof fs.statSync,
    openSync: ((path: string, flags: string) => {
      const code = failing(path);
      if (code) throw Object.assign(new Error(`${code}: simulated, open '${path}'`), { code });
      return fs.openSync(path, flags);
    }) as typeof fs.openSync,
  };
});

const { ConfigError, loadConfigFile } = await import("../../../src/schema/index.js");

describe("file system errors become ConfigErrors with the reason", () => {
  it.each([
    ["EACCES", "cannot be read: permission denied"],
    ["EPERM", "cannot be read: operation not permitted"],
    ["ELOOP", "cannot be read: too many symbolic links"],
    ["EMFILE", "cannot be read: EMFILE: simulated, open '/cfg/errno-EMFILE.yaml'"],
  ])("%s", (code, reason) => {
    const path = `/cfg/errno-${code}.yaml`;
    let caught: unknown;
    try {
      loadConfigFile(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as InstanceType<typeof ConfigError>).issues).toEqual([{ path: "", message: `${path}: ${reason}` }]);
  });
});
