import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { formatDuration, parseDurationSeconds } from "../../../src/schema/duration.js";
import { configWith, issuesOf } from "../../support/configs.js";

const DURATION_FORM = "must be a duration like 30s, 10m, 1h or 1d, or a whole number of seconds";

describe("durations", () => {
  it.each([
    ["30s", 30],
    ["10m", 600],
    ["1h", 3600],
    ["1d", 86_400],
    [45, 45],
    ["90m", 5400],
  ])("parses %j as %d seconds", (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it.each(["0s", "10", "10 m", "1w", "1.5h", "-1m", "", "01m", 0, -5, 1.5, Number.NaN, Infinity, null, true])("does not parse %j", (input) => {
    expect(parseDurationSeconds(input)).toBeUndefined();
  });

  it.each([
    [30, "30s"],
    [600, "10m"],
    [5400, "90m"],
    [86_400, "1d"],
    [90_061, "90061s"],
  ])("formats %d seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("lifetimes (SECURITY.md §A.7)", () => {
  it("defaults access tokens to 10 minutes", () => {
    expect(parseConfig(configWith(() => undefined)).resources["github"]?.accessTokenLifetime).toBe(600);
  });

  it.each([
    ["forever", `${DURATION_FORM}; got "forever"`],
    [0, `${DURATION_FORM}; got 0`],
    ["31d", 'must be at most 30d (Auth0 holds access tokens of at most 30 days, the most any supported IdP allows); got "31d"'],
    [2_592_001, "must be at most 30d (Auth0 holds access tokens of at most 30 days, the most any supported IdP allows); got 2592001"],
    ["400d", 'must be at most 365d; got "400d"'],
  ])("rejects the access token lifetime %j", (lifetime, message) => {
    expect(issuesOf(configWith((c) => (c.resources.github.accessTokenLifetime = lifetime)))).toEqual([
      { path: "resources.github.accessTokenLifetime", message },
    ]);
  });

  it("accepts 30 days, the Auth0 maximum", () => {
    expect(parseConfig(configWith((c) => (c.resources.github.accessTokenLifetime = "30d"))).resources["github"]?.accessTokenLifetime).toBe(2_592_000);
  });

  it("applies Okta's bounds, naming Okta, once the file has an okta section", () => {
    const config = configWith((c) => {
      c.okta = {};
      c.resources.github.accessTokenLifetime = "2m";
      c.resources.jira.accessTokenLifetime = "2d";
      c.clients.reviewer.refreshTokens = { idleLifetime: "2m", absoluteLifetime: "30d" };
    });
    expect(issuesOf(config)).toEqual([
      { path: "resources.github.accessTokenLifetime", message: "Okta holds access token lifetimes of 5m to 1d; got 2m (120 s)" },
      { path: "resources.jira.accessTokenLifetime", message: "Okta holds access token lifetimes of 5m to 1d; got 2d (172800 s)" },
      { path: "clients.reviewer.refreshTokens.idleLifetime", message: "Okta holds refresh token idle lifetimes of 5m to 1825d; got 2m (120 s)" },
    ]);
    expect(issuesOf(configWith((c) => (c.resources.jira.accessTokenLifetime = "2d")))).toEqual([]);
  });

  it("accepts Okta's bounds exactly", () => {
    const config = configWith((c) => {
      c.okta = { groups: ["EVERYONE"] };
      c.resources.github.accessTokenLifetime = "5m";
      c.resources.jira.accessTokenLifetime = "1d";
    });
    expect(issuesOf(config)).toEqual([]);
  });
});
