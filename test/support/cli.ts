import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { runCli } from "../../src/cli/cli.js";

/** What one CLI run printed: each stream's writes joined by newlines, and the exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pulumi-mcp-auth` in this process on `argv` (without node and script) and captures its output. */
export async function runCliCaptured(argv: readonly string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Writes `text` to `name` in a new temporary folder, removed when the current test finishes; returns the path. */
export function temporaryFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mcp-auth-cli-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
