import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/**/*.test.ts"],
    // The real-Keycloak suite needs a Keycloak server; it runs on its own with `npm run test:keycloak`.
    exclude: ["test/e2e/keycloak/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
