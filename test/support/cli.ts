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

/** What a `dev` run printed, and its exit code. */
export interface DevRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `pulumi-mcp-auth dev` in this process; `whileRunning` sees the output so far and decides when to
 * "press Ctrl+C" (the server stops when it resolves).
 */
export async function runDev(args: readonly string[], whileRunning: (stdout: string) => Promise<void> = async () => {}): Promise<DevRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exitCode = await runCli(["dev", ...args], {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    untilInterrupted: () => whileRunning(stdout.join("\n")),
  });
  return { exitCode, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Writes `text` to `name` in a new temporary folder, removed when the current test finishes; returns the path. */
export function temporaryFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mcp-auth-cli-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
