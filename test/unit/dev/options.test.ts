import { describe, expect, it } from "vitest";
import { checkListenOptions, GENERATED_USERNAME } from "../../../src/dev/options.js";
import { configIssuesOf } from "../../support/configs.js";

const issuesOf = (input: Parameters<typeof checkListenOptions>[0]) => configIssuesOf(() => checkListenOptions(input));

describe("checkListenOptions", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1", "127.0.0.1"],
    ["127.255.0.9", "127.255.0.9", "127.255.0.9"],
    ["::1", "::1", "[::1]"],
    ["[::1]", "::1", "[::1]"],
  ])("binds %s as %s and names it %s in URLs", (host, bindAddress, urlHost) => {
    expect(checkListenOptions({ host, users: [{ username: "a", password: "b" }] })).toMatchObject({ bindAddress, urlHost, port: 0 });
  });

  it("defaults to 127.0.0.1 and any free port", () => {
    expect(checkListenOptions({})).toMatchObject({ bindAddress: "127.0.0.1", urlHost: "127.0.0.1", port: 0 });
  });

  it.each([["0.0.0.0"], ["::"], ["::ffff:127.0.0.1"], ["128.0.0.1"], ["localhost"], ["LOCALHOST"], ["127.1"], [" 127.0.0.1"], [42], [""]])("refuses host %j", (host) => {
    expect(issuesOf({ host })).toEqual([
      {
        path: "host",
        message: `must be a loopback IP address: 127.0.0.1 (or another 127.x.y.z) or ::1; got ${JSON.stringify(host)}. The dev authorization server is for one machine: it keeps users and tokens in memory and serves plain http`,
      },
    ]);
  });

  it.each([[-1], [65_536], [1.5], ["9400"]])("refuses port %j", (port) => {
    expect(issuesOf({ port })).toEqual([{ path: "port", message: `must be a whole number from 0 to 65535 (0 picks a free port); got ${JSON.stringify(port)}` }]);
  });

  it("refuses users that are not a list, and each bad field by path", () => {
    expect(issuesOf({ users: { alice: "x" } })).toEqual([{ path: "users", message: "must be a list of { username, password }" }]);
    expect(issuesOf({ users: ["alice:x", { username: "a:b", password: "x".repeat(201) }] })).toEqual([
      { path: "users.0.username", message: "must be 1 to 100 characters without spaces or colons" },
      { path: "users.0.password", message: "must be 1 to 200 characters" },
      { path: "users.1.username", message: "must be 1 to 100 characters without spaces or colons" },
      { path: "users.1.password", message: "must be 1 to 200 characters" },
    ]);
  });

  it("generates one user with a 16-character random password when none is given", () => {
    const first = checkListenOptions({});
    const second = checkListenOptions({ users: [] });
    expect([first.generatedUser, second.generatedUser]).toEqual([true, true]);
    expect(first.users.map((user) => user.username)).toEqual([GENERATED_USERNAME]);
    expect(first.users[0]?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(second.users[0]?.password).not.toBe(first.users[0]?.password);
  });

  it("keeps given users as they are", () => {
    const users = [{ username: "alice", password: "pa ss:word" }];
    expect(checkListenOptions({ users })).toMatchObject({ users, generatedUser: false });
  });
});
