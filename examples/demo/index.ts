/**
 * `npm run demo`: the whole flow on this machine, narrated. Exits 0 when everything happened as expected,
 * 1 on any surprise.
 */
import { DemoSurprise, lineNarrator } from "./narrator.js";
import { runDemo } from "./run-demo.js";

const out = (line: string) => process.stdout.write(`${line}\n`);
out("pulumi-mcp-auth demo: one config file, a local authorization server, two MCP servers, a declared agent and two in nobody's file.");
try {
  await runDemo(lineNarrator(out));
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`\nThe demo stopped: ${error instanceof DemoSurprise ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
