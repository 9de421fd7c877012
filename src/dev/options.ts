import { randomBytes } from "node:crypto";
import { isIPv4 } from "node:net";
import { ConfigError, type ConfigIssue } from "../schema/config-error.js";

/** A person who may sign in at the dev server's login page. */
export interface DevUser {
  readonly username: string;
  readonly password: string;
}

/** The listening address and the users, checked. */
export interface ListenOptions {
  /** The host as it appears in URLs: `127.0.0.1` or `[::1]`. */
  readonly urlHost: string;
  /** The address to bind: `127.0.0.1` or `::1`. */
  readonly bindAddress: string;
  readonly port: number;
  readonly users: readonly DevUser[];
  /** True when no user was given and one was generated. */
  readonly generatedUser: boolean;
}

const LOOPBACK_FORMS = "a loopback IP address: 127.0.0.1 (or another 127.x.y.z) or ::1";

/** The user created when none is given; its password is random for every run. */
export const GENERATED_USERNAME = "dev";

/**
 * Checks where the dev server may listen and who may sign in.
 * @throws ConfigError naming `host`, `port` or `users.N.*` and the allowed form.
 * @see SECURITY.md §D: the dev authorization server listens on loopback only.
 */
export function checkListenOptions(input: { host?: unknown; port?: unknown; users?: unknown }): ListenOptions {
  const issues: ConfigIssue[] = [];
  const host = input.host ?? "127.0.0.1";
  const address = loopbackAddress(host);
  if (address === undefined) {
    issues.push({
      path: "host",
      message: `must be ${LOOPBACK_FORMS}; got ${JSON.stringify(host)}. The dev authorization server is for one machine: it keeps users and tokens in memory and serves plain http`,
    });
  }
  const port = input.port ?? 0;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65_535) {
    issues.push({ path: "port", message: `must be a whole number from 0 to 65535 (0 picks a free port); got ${JSON.stringify(port)}` });
  }
  const users = checkUsers(input.users, issues);
  if (issues.length > 0) throw new ConfigError(issues, "Cannot start the dev authorization server");
  const generatedUser = users.length === 0;
  return {
    urlHost: address?.includes(":") ? `[${address}]` : (address as string),
    bindAddress: address as string,
    port: port as number,
    users: generatedUser ? [{ username: GENERATED_USERNAME, password: randomBytes(12).toString("base64url") }] : users,
    generatedUser,
  };
}

/** The address to bind for a loopback host, or `undefined` for anything else (names included: they resolve elsewhere). */
function loopbackAddress(host: unknown): string | undefined {
  if (typeof host !== "string") return undefined;
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare === "::1") return "::1";
  if (isIPv4(bare) && bare.startsWith("127.")) return bare;
  return undefined;
}

function checkUsers(value: unknown, issues: ConfigIssue[]): DevUser[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push({ path: "users", message: "must be a list of { username, password }" });
    return [];
  }
  const users: DevUser[] = [];
  const seen = new Set<string>();
  value.forEach((user: unknown, index) => {
    const { username, password } = (typeof user === "object" && user !== null ? user : {}) as Record<string, unknown>;
    const before = issues.length;
    if (typeof username !== "string" || !/^[^\s:]{1,100}$/.test(username)) {
      issues.push({ path: `users.${index}.username`, message: "must be 1 to 100 characters without spaces or colons" });
    } else if (seen.has(username)) {
      issues.push({ path: `users.${index}.username`, message: `repeats ${JSON.stringify(username)}; list each user once` });
    }
    if (typeof password !== "string" || password.length === 0 || password.length > 200) {
      issues.push({ path: `users.${index}.password`, message: "must be 1 to 200 characters" });
    }
    if (issues.length === before) {
      seen.add(username as string);
      users.push({ username: username as string, password: password as string });
    }
  });
  return users;
}
