import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { configWith, issuesOf } from "../../support/configs.js";

const withRedirects = (...uris: unknown[]) => configWith((c) => (c.clients.agent.redirectUris = uris));

const LOOPBACK_PORT = "must be registered without a port: the authorization server accepts any port on loopback (RFC 8252 §7.3)";
const HTTP_NOT_LOOPBACK =
  "uses http, which is allowed only on a loopback IP literal (http://127.0.0.1/... or http://[::1]/...); use https";
const ALLOWED =
  "https://host/path, http://127.0.0.1/path or http://[::1]/path (no port), or a private-use scheme like com.example.app:/callback";

describe("redirect URIs (SECURITY.md §A.3)", () => {
  it.each([
    "https://agents.example.com/oauth/callback",
    "https://agents.example.com:8443/cb?tenant=a",
    "http://127.0.0.1/callback",
    "http://127.0.0.1",
    "http://[::1]/callback",
    "com.example.agent:/oauth/callback",
    "com.example.agent://oauth/callback",
    "https://127.0.0.1:8443/cb",
  ])("accepts %s exactly as written", (uri) => {
    expect(parseConfig(withRedirects(uri)).clients["agent"]?.redirectUris).toEqual([uri]);
  });

  it("accepts localhost with a warning that names the preferred spelling", () => {
    const config = parseConfig(withRedirects("http://127.0.0.1/cb", "http://localhost/cb"));
    expect(config.warnings).toContainEqual({
      path: "clients.agent.redirectUris.1",
      message: "uses localhost, which is discouraged (RFC 8252 §8.3); prefer http://127.0.0.1/... or http://[::1]/...",
    });
  });

  it.each([
    ["", `must be an absolute URI: ${ALLOWED}`],
    ["/callback", `must be an absolute URI: ${ALLOWED}`],
    ["https://agents.example.com/*", "must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)"],
    ["https://*.example.com/cb", "must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)"],
    ["com.example.*:/cb", "must not contain a wildcard (*): redirect URIs are compared as exact strings (OAuth 2.1 §2.3.1)"],
    ["https://agents.example.com/cb#", "must not contain a fragment (#) (OAuth 2.1 §2.3.1)"],
    ["https://agents.example.com/cb#x", "must not contain a fragment (#) (OAuth 2.1 §2.3.1)"],
    ["http://agents.example.com/cb", HTTP_NOT_LOOPBACK],
    ["http://10.0.0.1/cb", HTTP_NOT_LOOPBACK],
    ["http://127.0.0.1:8080/callback", LOOPBACK_PORT],
    ["http://127.0.0.1:/callback", LOOPBACK_PORT],
    ["http://[::1]:8080/callback", LOOPBACK_PORT],
    ["http://localhost:8080/callback", LOOPBACK_PORT],
    ["http://127.0.0.2/cb", 'spells loopback as "127.0.0.2"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://127.1/cb", 'spells loopback as "127.1"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://0x7f.0.0.1/cb", 'spells loopback as "0x7f.0.0.1"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://2130706433/cb", 'spells loopback as "2130706433"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://[0:0:0:0:0:0:0:1]/cb", 'spells loopback as "[0:0:0:0:0:0:0:1]"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://LOCALHOST/cb", 'spells loopback as "LOCALHOST"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://app.localhost/cb", 'spells loopback as "app.localhost"; use exactly http://127.0.0.1/... or http://[::1]/...'],
    ["http://user@127.0.0.1/cb", "must not contain userinfo (user@)"],
    ["https://user@agents.example.com/cb", "must not contain userinfo (user@)"],
    ["https:///cb", "must name a host after https://"],
    ["https:/cb", "must name a host after https://"],
    ["javascript:alert(1)", `must not use the javascript: scheme; allowed: ${ALLOWED}`],
    ["JavaScript:alert(1)", `must not use the javascript: scheme; allowed: ${ALLOWED}`],
    ["data:text/html,hi", `must not use the data: scheme; allowed: ${ALLOWED}`],
    ["file:///etc/passwd", `must not use the file: scheme; allowed: ${ALLOWED}`],
    ["vbscript:msgbox", `must not use the vbscript: scheme; allowed: ${ALLOWED}`],
    ["blob:https://agents.example.com/x", `must not use the blob: scheme; allowed: ${ALLOWED}`],
    ["about:blank", `must not use the about: scheme; allowed: ${ALLOWED}`],
    ["myapp:/callback", 'uses the private-use scheme "myapp:", which must be a reversed domain name containing a dot, e.g. com.example.app:/callback (RFC 8252 §7.1)'],
    ["ftp://agents.example.com/cb", 'uses the private-use scheme "ftp:", which must be a reversed domain name containing a dot, e.g. com.example.app:/callback (RFC 8252 §7.1)'],
    ["https://agents.example.com/c b", "must be printable ASCII without spaces (percent-encode other characters; use punycode for hosts)"],
  ])("rejects %j", (uri, message) => {
    expect(issuesOf(withRedirects("https://agents.example.com/ok", uri))).toEqual([{ path: "clients.agent.redirectUris.1", message }]);
  });

  it("rejects a redirect URI listed twice, at the second position", () => {
    expect(issuesOf(withRedirects("http://127.0.0.1/cb", "http://127.0.0.1/cb"))).toEqual([
      { path: "clients.agent.redirectUris.1", message: 'repeats "http://127.0.0.1/cb"; list each redirect URI once' },
    ]);
  });

  it("requires at least one redirect URI", () => {
    expect(issuesOf(withRedirects())).toEqual([
      { path: "clients.agent.redirectUris", message: "must list at least one redirect URI, e.g. http://127.0.0.1/callback" },
    ]);
    expect(issuesOf(configWith((c) => delete c.clients.agent.redirectUris))).toEqual([
      { path: "clients.agent.redirectUris", message: "is required and must be a list of redirect URIs" },
    ]);
  });

  it("reports every bad redirect URI, each at its own index", () => {
    expect(issuesOf(withRedirects("javascript:x", "https://ok.example.com/cb", "http://127.0.0.1:1/cb")).map((i) => i.path)).toEqual([
      "clients.agent.redirectUris.0",
      "clients.agent.redirectUris.2",
    ]);
  });
});
