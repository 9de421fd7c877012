import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MemoryRequest, MemoryResult } from "./memory-child.js";

const CHILD = fileURLToPath(new URL("./memory-child.ts", import.meta.url));

/** Runs one memory measurement in a fresh child process (see memory-child.ts for the method). */
export function measureMemory(request: MemoryRequest): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(request)], { execArgv: ["--expose-gc", "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: MemoryResult | undefined;
    child.on("message", (message) => (result = message as MemoryResult));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`memory measurement ${JSON.stringify(request)} exited with ${code}`))));
  });
}

/**
 * Runs the measurements `parallel` at a time: memory figures do not depend on CPU contention (unlike
 * times), so both cores can be used; the results keep the order of the requests.
 */
export async function measureMemoryAll(requests: readonly MemoryRequest[], parallel: number): Promise<MemoryResult[]> {
  const results: MemoryResult[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      results[index] = await measureMemory(requests[index] as MemoryRequest);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, requests.length) }, worker));
  return results;
}
