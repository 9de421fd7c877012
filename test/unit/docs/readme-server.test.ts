import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

describe("the README's complete server", () => {
  it("is examples/mcp-server/server.ts, byte for byte (the file the recipe test runs)", () => {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("### A complete server"));
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
    expect(block).toBe(read("examples/mcp-server/server.ts"));
  });
});

describe("links between the documents", () => {
  it.each(["README.md", "CONTRIBUTING.md", "docs/auth0.md", "docs/okta.md", "docs/keycloak.md", "docs/verifier.md", "docs/dev-server.md", "docs/deploy.md", "docs/performance.md"])(
    "%s links only to files of this repository, and those exist or are the two another change adds",
    (doc) => {
      const base = new URL(`../../../${doc}`, import.meta.url);
      const targets = [...read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!).filter((target) => !/^https?:/.test(target));
      const missing = targets.filter((target) => {
        try {
          readFileSync(new URL(target, base));
          return false;
        } catch {
          return true;
        }
      });
      // SECURITY.md and docs/design.md come with the schema and verifier hardening branch.
      expect(missing.map((target) => new URL(target, base).pathname.replace(new URL("../../../", import.meta.url).pathname, "")).filter((path) => !["SECURITY.md", "docs/design.md"].includes(path))).toEqual([]);
    },
  );
});
