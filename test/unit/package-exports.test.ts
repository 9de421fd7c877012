import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

describe("package entry points", () => {
  it("exports the root, verify, dev, one subpath per IdP, and the JSON Schema, all from dist/", () => {
    expect(Object.keys(pkg.exports)).toEqual(["."," ./verify".trim(), "./dev", "./auth0", "./okta", "./keycloak", "./schema.json", "./package.json"]);
    for (const [subpath, target] of Object.entries<Record<string, string> | string>(pkg.exports)) {
      if (subpath === "./package.json") continue;
      const files = typeof target === "string" ? [target] : Object.values(target);
      for (const file of files) expect(file).toMatch(/^\.\/dist\//);
    }
  });

  it("keeps Pulumi packages optional peers, so verify and dev users install none of them", () => {
    for (const name of ["@pulumi/pulumi", "@pulumi/auth0", "@pulumi/okta", "@pulumi/keycloak"]) {
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.dependencies[name]).toBeUndefined();
    }
    expect(pkg.engines).toEqual({ node: ">=20.19" });
    expect(pkg.bin).toEqual({ "pulumi-mcp-auth": "dist/cli/main.js" });
  });

  it("lets an Okta-only program import just the Okta component", async () => {
    const okta = await import("pulumi-mcp-auth/okta");
    expect(okta.OktaMcpAuthorization.name).toBe("OktaMcpAuthorization");
    expect(Object.keys(await import("pulumi-mcp-auth/keycloak"))).toContain("KeycloakMcpAuthorization");
    expect(Object.keys(await import("pulumi-mcp-auth/auth0"))).toContain("Auth0McpAuthorization");
  });
});
