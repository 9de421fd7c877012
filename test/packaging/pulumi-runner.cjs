// Runs the Pulumi program in the current directory the way `pulumi up` does, under Pulumi mocks: the
// project's own @pulumi/pulumi runner (cmd/run/run.js) registers ts-node exactly as it does for the
// language host (its TypeScript and ts-node choice, the project's tsconfig.json, type checking on), then
// loads the program and returns the stack outputs. Prints one JSON line: the outputs and the toolchain used.
"use strict";
const Module = require("node:module");

const fromProject = { paths: [process.cwd()] };
const resolve = (id) => require.resolve(id, fromProject);

// The language host sets this for a TypeScript project (runtime nodejs, `typescript` option left at true).
process.env.PULUMI_NODEJS_TYPESCRIPT = "true";

const pulumi = require(resolve("@pulumi/pulumi"));
pulumi.runtime.setMocks(
  {
    newResource(args) {
      // What the providers would return for the outputs the components read.
      const extra = {};
      if (args.type === "okta:auth/server:Server") extra.issuer = `https://example.okta.com/oauth2/${args.name}-id`;
      if (args.type === "okta:app/oAuth:OAuth" || args.type === "keycloak:openid/client:Client") extra.clientId = `${args.name}-client-id`;
      return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
    },
    call(args) {
      return args.token === "okta:group/getEveryoneGroup:getEveryoneGroup" ? { id: "00gEveryone000000000" } : {};
    },
  },
  "packaging-fixture",
  "test",
  false,
);

// cmd/run/index.js is the language host's entry script: requiring it parses process.argv and starts a run
// against a real engine. run.js requires it only for one constant, so stand in for it with that constant.
const indexPath = resolve("@pulumi/pulumi/cmd/run/index.js");
const entryStandIn = new Module(indexPath);
entryStandIn.filename = indexPath;
entryStandIn.loaded = true;
entryStandIn.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
require.cache[indexPath] = entryStandIn;

const { typeScriptRequireStrings } = require(resolve("@pulumi/pulumi/tsutils.js"));
const { run } = require(resolve("@pulumi/pulumi/cmd/run/run.js"));

const toolchain = typeScriptRequireStrings();
const reported = new Set();
run(
  { _: ["."] },
  () => {},
  (error) => reported.add(error),
  (error) => reported.has(error),
).then(
  (outputs) => {
    const report = {
      typescript: require(resolve(toolchain.typescriptRequire)).version,
      tsNode: require(resolve(toolchain.tsnodeRequire)).VERSION,
      outputs,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  },
  (error) => {
    process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
