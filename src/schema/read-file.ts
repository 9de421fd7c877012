import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { ConfigError } from "./config-error.js";
import { MAX_CONFIG_FILE_BYTES } from "./limits.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "is a directory, not a config file",
  EACCES: "cannot be read: permission denied",
  EPERM: "cannot be read: operation not permitted",
  ELOOP: "cannot be read: too many symbolic links",
  ENAMETOOLONG: "cannot be read: the path is too long",
  ENOTDIR: "no such file (a part of the path is not a directory)",
};

/**
 * The text of a config file: a regular file of at most {@link MAX_CONFIG_FILE_BYTES}, valid UTF-8 (a
 * byte-order mark is dropped). Never reads more than the limit plus one byte, whatever the file is.
 * @throws ConfigError naming the file and the reason, for every way the read can fail.
 */
export function readConfigText(path: string): string {
  const fail = (reason: string): never => {
    throw new ConfigError([{ path: "", message: `${path}: ${reason}` }], "Cannot read config file");
  };
  let bytes: Buffer;
  try {
    // stat first: opening a FIFO would block, and a directory or device is never a config.
    const stat = statSync(path);
    if (stat.isDirectory()) return fail(REASONS["EISDIR"]!);
    if (!stat.isFile()) return fail("is not a regular file");
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_CONFIG_FILE_BYTES) return fail(tooLarge(`${size} bytes`));
      // Read to the end (the file may have grown since), but never more than the limit plus one byte.
      const buffer = Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1);
      let length = 0;
      for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, length, buffer.length - length, null)) {
        length += read;
        if (length > MAX_CONFIG_FILE_BYTES) return fail(tooLarge("more"));
      }
      bytes = buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    return fail(REASONS[code] ?? `cannot be read: ${(error as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(`is not valid UTF-8 (at byte ${firstInvalidUtf8Offset(bytes)}); save the file as UTF-8`);
  }
}

function tooLarge(size: string): string {
  return `is ${size === "more" ? "larger" : `${size}, larger`} than the ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB) a config file may have`;
}

/**
 * 0-based offset of the character where decoding fails: the longest prefix that decodes in streaming
 * mode (where a character cut at the end is not yet an error) ends at or just after its first byte.
 */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  const decodes = (length: number): boolean => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  const completes = (length: number): boolean => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length));
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (decodes(middle)) low = middle;
    else high = middle - 1;
  }
  // The prefix may end in the lead byte (and continuation bytes) of the character that went wrong: point at its start.
  if (completes(low)) return low;
  for (let back = 1; back <= 3 && low - back >= 0; back += 1) {
    const byte = bytes[low - back]!;
    if (byte >= 0xc0) return low - back;
    if (byte < 0x80) break;
  }
  return low;
}
