import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "examples/**/node_modules/**", "examples/readme-snippets/**", "**/bin/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  {
    // The schema and the plan are pure: no Pulumi anywhere in them (docs/design.md §2).
    files: ["src/schema/**/*.ts", "src/plan/**/*.ts", "src/idp/*/translate*.ts", "src/idp/spec.ts", "src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@pulumi/*"], message: "schema, plan, translate and the CLI stay free of Pulumi" }] }],
    },
  },
  {
    // The verifier ships to MCP servers: jose only, no Pulumi and no zod at run time.
    files: ["src/verify/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@pulumi/*", "zod", "zod/*", "../schema/*", "../plan/*", "../idp/*"], message: "verify imports only jose" }] }],
    },
  },
  {
    // Tests build deliberately broken configs, which no type describes.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["scripts/**/*.mjs", "test/packaging/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly" } },
  },
  {
    // The packaging fixtures' runner is CommonJS, like the Pulumi runner it drives.
    files: ["test/packaging/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", process: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
