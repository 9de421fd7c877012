import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run test:keycloak`: the suite against a real Keycloak, one server per file, files one after another. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../../..", import.meta.url)),
    include: ["test/e2e/keycloak/**/*.test.ts"],
    testTimeout: 60_000,
    // Starting Keycloak takes about 40 s on two cores; allow for a slow machine.
    hookTimeout: 360_000,
    pool: "forks",
    fileParallelism: false,
  },
});
