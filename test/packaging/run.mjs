// Packaging proof: the package as `npm pack` makes it, installed into projects shaped like the ones users
// have, each run the way Pulumi's runner runs it (pulumi-runner.cjs), under Pulumi mocks, on every Node.js
// given with --node (default: this one). Loopback only; packages come from the npm cache when they can.
//
//   node test/packaging/run.mjs [--node /path/to/node]...
//
// Stages, in one install root (fixtures are sub-projects, so they share its node_modules):
//   1. template project (CommonJS, "moduleResolution" "node"), no TypeScript installed: Pulumi's vendored
//      TypeScript 3.8.3 and ts-node 7.0.1 type-check and run the program.
//   2. the same with TypeScript 5 installed, as `pulumi new typescript` makes it; the examples an infra repo
//      copies type-check there too.
//   3. an ES module project ("type" "module", nodenext) with ts-node 10 installed: Pulumi's ESM mode.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const { values } = parseArgs({ options: { node: { type: "string", multiple: true } } });
const nodes = values.node ?? [process.execPath];
const work = process.env.PACKAGING_WORK_DIR ?? join(tmpdir(), "pulumi-mcp-auth-packaging");
const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
const devVersion = (name) => manifest.devDependencies[name];

let failures = 0;
let passes = 0;
const check = (label, ok, detail = "") => {
  if (ok) passes += 1;
  else failures += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${ok || !detail ? "" : `\n     ${detail}`}`);
};

const npm = (cwd, ...args) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

// 1. Pack, exactly as a publish would (runs `prepare`, the build).
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const tarball = JSON.parse(npm(repo, "pack", "--json", "--pack-destination", work))[0].filename;
console.log(`packed ${tarball}`);

// 2. One install root: the Pulumi SDK and the three providers a template project adds, plus what the examples use.
const providers = ["@pulumi/pulumi", "@pulumi/auth0", "@pulumi/okta", "@pulumi/keycloak"];
writeFileSync(
  join(work, "package.json"),
  JSON.stringify({
    name: "packaging-fixtures",
    private: true,
    dependencies: { ...Object.fromEntries(providers.map((name) => [name, devVersion(name)])), "pulumi-mcp-auth": `file:./${tarball}` },
  }),
);
npm(work, "install");
for (const fixture of ["template", "esm"]) {
  cpSync(join(here, fixture), join(work, fixture), { recursive: true });
  cpSync(join(here, "program.ts"), join(work, fixture, "index.ts"));
}
cpSync(join(here, "template"), join(work, "template-type-error"), { recursive: true });
cpSync(join(here, "type-error.ts"), join(work, "template-type-error", "index.ts"));

const expectedOutputs = {
  planResourceKeys: ["notes"],
  configErrors: ["resources.notes.uri", "resources.notes.scopes"],
  auth0Issuer: "https://tenant.example.com/",
  auth0Audience: "http://127.0.0.1:3000/mcp",
  oktaIssuer: "https://example.okta.com/oauth2/fx-okta-api-notes-id",
  oktaClientId: "fx-okta-client-agent-client-id",
  keycloakIssuer: "http://127.0.0.1:8080/realms/mcp",
  metadataUrl: "http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp",
  dev: { issuerIsLoopback: true, resource: "http://127.0.0.1:3000/mcp", refusal: "401 invalid_token" },
};

const TS_NODE_10_ON_NODE_22 = /\(node:\d+\) \[DEP0180\] DeprecationWarning: fs\.Stats constructor is deprecated\.\n\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)\n?/;

/** Runs one fixture project with Pulumi's runner on each Node.js and asserts the toolchain and the outputs. */
function runFixture(fixture, toolchain) {
  for (const node of nodes) {
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const label = `${fixture} on Node ${version} (TypeScript ${toolchain.typescript}, ts-node ${toolchain.tsNode})`;
    const result = spawnSync(node, [join(here, "pulumi-runner.cjs")], { cwd: join(work, fixture), encoding: "utf8" });
    if (result.status !== 0) {
      check(label, false, `exit ${result.status}: ${result.stderr.trim()}`);
      continue;
    }
    const report = JSON.parse(result.stdout.trim().split("\n").at(-1));
    const expected = { ...toolchain, outputs: expectedOutputs };
    check(label, isDeepStrictEqual(report, expected), `got ${JSON.stringify(report)}`);
    // Node prints nothing else: no warning about loading ES modules with require(). ts-node 10's ESM loader
    // itself trips one deprecation warning on Node 22 (fs.Stats); that one is not about this package.
    const stderr = result.stderr.replace(TS_NODE_10_ON_NODE_22, "").trim();
    check(`${label}: nothing on stderr`, stderr === "", stderr);
  }
}

/** The same runner on a program with a type error: it must fail with TypeScript's diagnostic for it. */
function runTypeError(typescript) {
  const result = spawnSync(process.execPath, [join(here, "pulumi-runner.cjs")], { cwd: join(work, "template-type-error"), encoding: "utf8" });
  const expected = "index.ts(5,98): error TS2322: Type 'number' is not assignable to type 'string'.";
  check(`template with a type error (TypeScript ${typescript}) fails with ${expected}`, result.status === 1 && result.stderr.includes(expected), `exit ${result.status}: ${result.stderr.trim()}`);
}

runFixture("template", { typescript: "3.8.3", tsNode: "7.0.1" });
runTypeError("3.8.3");

npm(work, "install", "--no-save", `typescript@${devVersion("typescript")}`);
runFixture("template", { typescript: devVersion("typescript"), tsNode: "7.0.1" });
runTypeError(devVersion("typescript"));

// The examples users copy into an infra repo type-check in the template project (its tsconfig, unchanged).
npm(
  work,
  "install",
  "--no-save",
  `typescript@${devVersion("typescript")}`,
  ...["@modelcontextprotocol/sdk", "express", "@types/express", "@types/node"].map((name) => `${name}@${devVersion(name)}`),
);
const copied = join(work, "template", "examples");
const exampleFiles = [
  "auth0/index.ts",
  "okta/index.ts",
  "keycloak/index.ts",
  "multi-idp/index.ts",
  "config-in-typescript/index.ts",
  "mcp-server/server.ts",
  "mcp-server/sdk-require-bearer-auth.ts",
  "mcp-server/plain-node-http.ts",
];
for (const file of exampleFiles) cpSync(join(repo, "examples", file), join(copied, file));
// What Pulumi's runner reports: ts-node checks each program file, not the declaration files of packages
// (with the template's tsconfig, which has neither skipLibCheck nor esModuleInterop, zod's own .d.cts
// files have errors of their own that a whole-project `tsc` would list).
const templateTsconfig = JSON.parse(readFileSync(join(here, "template", "tsconfig.json"), "utf8"));
writeFileSync(join(copied, "tsconfig.json"), JSON.stringify({ ...templateTsconfig, files: exampleFiles }));
const checkExamples = `
const ts = require("typescript");
const parsed = ts.getParsedCommandLineOfConfigFile(process.argv[1], {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\\n")); } });
const program = ts.createProgram(parsed.fileNames, parsed.options);
const diagnostics = parsed.fileNames.flatMap((file) => { const source = program.getSourceFile(file); return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]; });
process.stdout.write(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\\n" }));
process.exitCode = diagnostics.length === 0 ? 0 : 1;
`;
const tsc = spawnSync(process.execPath, ["-e", checkExamples, join(copied, "tsconfig.json")], { cwd: join(work, "template"), encoding: "utf8" });
check(`examples type-check in the template project (${exampleFiles.length} files, TypeScript ${devVersion("typescript")})`, tsc.status === 0, `${tsc.stdout}${tsc.stderr}`.trim());

npm(work, "install", "--no-save", `typescript@${devVersion("typescript")}`, "ts-node@10.9.2");
runFixture("esm", { typescript: devVersion("typescript"), tsNode: "10.9.2" });

console.log(`${passes} passed, ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
