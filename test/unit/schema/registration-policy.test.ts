import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/schema/index.js";
import { isAllowedMetadataDocumentHost } from "../../../src/schema/metadata-document-host.js";
import { configWith, issuesOf } from "../../support/configs.js";

const ACCESS = { github: ["github:read"] };
const HOSTS_PATH = "registration.clientIdMetadataDocuments.allowedHosts";
const IP_LITERAL = "must not be an IP address: name the host (metadata documents are fetched by name, never from an IP literal)";
const DNS_NAME =
  "must be a DNS host name: dot-separated labels of 1 to 63 letters, digits or hyphens (no hyphen at either end), at most 253 characters";

const withRegistration = (registration: Record<string, unknown>) => configWith((c) => (c.registration = registration));
const resolvedRegistration = (registration: Record<string, unknown>) => parseConfig(withRegistration(registration)).registration;

describe("registration.dynamic", () => {
  it.each([
    [true, { dynamic: true, maxClients: undefined }],
    [false, { dynamic: false, maxClients: undefined }],
    [{}, { dynamic: true, maxClients: undefined }],
    [{ maxClients: 50 }, { dynamic: true, maxClients: 50 }],
    [{ maxClients: 1 }, { dynamic: true, maxClients: 1 }],
    [{ maxClients: 10_000 }, { dynamic: true, maxClients: 10_000 }],
  ])("resolves %j", (dynamic, expected) => {
    expect(resolvedRegistration({ dynamic, access: ACCESS })).toStrictEqual({
      ...expected,
      clientIdMetadataDocuments: false,
      metadataDocumentHosts: undefined,
      access: ACCESS,
    });
  });

  it.each([
    [{ maxClients: 0 }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: -5 }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: 10_001 }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: 2.5 }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: "50" }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: null }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: Number.NaN }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ maxClients: Number.POSITIVE_INFINITY }, "registration.dynamic.maxClients", "must be a whole number from 1 to 10000"],
    [{ max: 5 }, "registration.dynamic.max", 'unknown key "max" (did you mean "maxClients"?); allowed keys: maxClients'],
    ["yes", "registration.dynamic", "must be true, false, or { maxClients }"],
    [1, "registration.dynamic", "must be true, false, or { maxClients }"],
    [[50], "registration.dynamic", "must be true, false, or { maxClients }"],
    [null, "registration.dynamic", "must be true, false, or { maxClients }"],
  ])("refuses %j", (dynamic, path, message) => {
    expect(issuesOf(withRegistration({ dynamic, access: ACCESS }))).toEqual([{ path, message }]);
  });

  it("needs access in the object form as in the boolean one", () => {
    expect(issuesOf(withRegistration({ dynamic: { maxClients: 5 } }))).toEqual([
      { path: "registration.access", message: "must grant at least one resource to registered clients, e.g. { github: [github:read] }" },
    ]);
  });
});

describe("registration.clientIdMetadataDocuments", () => {
  it.each([
    [true, { clientIdMetadataDocuments: true, metadataDocumentHosts: undefined }],
    [false, { clientIdMetadataDocuments: false, metadataDocumentHosts: undefined }],
    [{ allowedHosts: ["agents.example.com", "*.example.org"] }, { clientIdMetadataDocuments: true, metadataDocumentHosts: ["agents.example.com", "*.example.org"] }],
    // Upper case is normalised rather than refused: DNS names compare case-insensitively (RFC 4343).
    [{ allowedHosts: ["Agents.EXAMPLE.com", "*.Example.ORG"] }, { clientIdMetadataDocuments: true, metadataDocumentHosts: ["agents.example.com", "*.example.org"] }],
    [{ allowedHosts: ["localhost", "xn--bcher-kva.example"] }, { clientIdMetadataDocuments: true, metadataDocumentHosts: ["localhost", "xn--bcher-kva.example"] }],
    [{ allowedHosts: [] }, { clientIdMetadataDocuments: true, metadataDocumentHosts: [] }],
  ])("resolves %j", (clientIdMetadataDocuments, expected) => {
    expect(resolvedRegistration({ clientIdMetadataDocuments, access: ACCESS })).toStrictEqual({
      dynamic: false,
      maxClients: undefined,
      ...expected,
      access: ACCESS,
    });
  });

  it.each([
    ["https://agents.example.com", "must be a host name without a scheme (documents are always fetched over https); write agents.example.com"],
    ["HTTPS://Agents.Example.com:8443/cimd", "must be a host name without a scheme (documents are always fetched over https); write agents.example.com"],
    ["https://10.0.0.1/", "must be a host name without a scheme (documents are always fetched over https); write a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
    ["agents.example.com:443", "must be a host name without a port: metadata documents are fetched over https on its default port"],
    ["*.example.com:8443", "must be a host name without a port: metadata documents are fetched over https on its default port"],
    ["agents.example.com/client", "must be a host name without a path, query or fragment; write a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
    ["agents.example.com?x=1", "must be a host name without a path, query or fragment; write a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
    ["agents.example.com#x", "must be a host name without a path, query or fragment; write a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
    ["user@agents.example.com", "must be a host name without userinfo (user@)"],
    ["10.0.0.1", IP_LITERAL],
    ["127.0.0.1", IP_LITERAL],
    ["127.1", IP_LITERAL],
    ["0x7f000001", IP_LITERAL],
    ["agents.example.0x10", IP_LITERAL],
    ["[::1]", IP_LITERAL],
    ["::1", IP_LITERAL],
    ["fe80::1", IP_LITERAL],
    ["*", "must not be * alone; use clientIdMetadataDocuments: true to allow any host, or list the hosts"],
    ["*.com", "*.com would match every name under a top-level domain; name at least two labels after *., e.g. *.example.com"],
    ["*.COM", "*.com would match every name under a top-level domain; name at least two labels after *., e.g. *.example.com"],
    ["*.localhost", "*.localhost would match every name under a top-level domain; name at least two labels after *., e.g. *.example.com"],
    ["agents.*.example.com", "may use * only as the whole first label, as in *.example.com"],
    ["a*.example.com", "may use * only as the whole first label, as in *.example.com"],
    ["*.*.example.com", "may use * only as the whole first label, as in *.example.com"],
    ["*example.com", "may use * only as the whole first label, as in *.example.com"],
    ["agents.example.com.", "must not end with a dot; write agents.example.com"],
    ["*.example.com.", "must not end with a dot; write *.example.com"],
    ["", "must not be empty; write a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
    ["agents example.com", "must be printable ASCII without spaces; write an internationalized name in its punycode form (xn--...)"],
    ["bücher.example", "must be printable ASCII without spaces; write an internationalized name in its punycode form (xn--...)"],
    ["-agents.example.com", DNS_NAME],
    ["agents-.example.com", DNS_NAME],
    ["agents_1.example.com", DNS_NAME],
    ["agents..example.com", DNS_NAME],
    [".example.com", DNS_NAME],
    [`${"a".repeat(64)}.example.com`, DNS_NAME],
    [`${"a.".repeat(126)}example.com`, DNS_NAME],
    [42, "must be a DNS host name such as agents.example.com, or *.example.com for its subdomains"],
  ])("refuses the allowed host %j", (host, message) => {
    expect(issuesOf(withRegistration({ clientIdMetadataDocuments: { allowedHosts: [host] }, access: ACCESS }))).toEqual([
      { path: `${HOSTS_PATH}.0`, message },
    ]);
  });

  it("reports every bad host at its own index in one pass", () => {
    expect(issuesOf(withRegistration({ clientIdMetadataDocuments: { allowedHosts: ["ok.example.com", "*", "https://x.example.com"] }, access: ACCESS }))).toEqual([
      { path: `${HOSTS_PATH}.1`, message: "must not be * alone; use clientIdMetadataDocuments: true to allow any host, or list the hosts" },
      { path: `${HOSTS_PATH}.2`, message: "must be a host name without a scheme (documents are always fetched over https); write x.example.com" },
    ]);
  });

  it("refuses a host listed twice, also when only the case differs", () => {
    expect(issuesOf(withRegistration({ clientIdMetadataDocuments: { allowedHosts: ["a.example.com", "*.example.com", "A.Example.com"] }, access: ACCESS }))).toEqual([
      { path: `${HOSTS_PATH}.2`, message: 'repeats "a.example.com"; list each host once' },
    ]);
  });

  it.each([
    [{}, HOSTS_PATH, "is required and must be a list of hosts, each a DNS host name such as agents.example.com, or *.example.com for its subdomains; use clientIdMetadataDocuments: true to allow any host"],
    [{ allowedHosts: "agents.example.com" }, HOSTS_PATH, "must be a list of hosts, each a DNS host name such as agents.example.com, or *.example.com for its subdomains; use clientIdMetadataDocuments: true to allow any host"],
    [{ allowedHosts: [], hosts: [] }, "registration.clientIdMetadataDocuments.hosts", 'unknown key "hosts"; allowed keys: allowedHosts'],
    ["agents.example.com", "registration.clientIdMetadataDocuments", "must be true, false, or { allowedHosts: [host, ...] }"],
    [["agents.example.com"], "registration.clientIdMetadataDocuments", "must be true, false, or { allowedHosts: [host, ...] }"],
  ])("refuses %j", (clientIdMetadataDocuments, path, message) => {
    expect(issuesOf(withRegistration({ clientIdMetadataDocuments, access: ACCESS }))).toEqual([{ path, message }]);
  });

  it("warns that an empty host list accepts no document", () => {
    expect(parseConfig(withRegistration({ clientIdMetadataDocuments: { allowedHosts: [] }, access: ACCESS })).warnings).toContainEqual({
      path: HOSTS_PATH,
      message: "is empty, so no client ID metadata document is accepted; list the hosts that serve your agents' documents, or set clientIdMetadataDocuments: false",
    });
  });

  it("needs access in the object form as in the boolean one", () => {
    expect(issuesOf(withRegistration({ clientIdMetadataDocuments: { allowedHosts: ["agents.example.com"] } }))).toEqual([
      { path: "registration.access", message: "must grant at least one resource to registered clients, e.g. { github: [github:read] }" },
    ]);
  });
});

describe("isAllowedMetadataDocumentHost", () => {
  const allowed = ["agents.example.com", "*.example.org"];
  it.each([
    ["agents.example.com", true],
    ["AGENTS.example.com", true],
    ["a.example.org", true],
    ["deep.a.example.org", true],
    // The *. form matches subdomains only, never the bare suffix.
    ["example.org", false],
    ["x.agents.example.com", false],
    ["example.com", false],
    ["evilexample.org", false],
    ["agents.example.com.evil.net", false],
    ["a.example.org.evil.net", false],
  ])("%s → %s", (host, expected) => {
    expect(isAllowedMetadataDocumentHost(host, allowed)).toBe(expected);
  });

  it("allows nothing with an empty list", () => {
    expect(isAllowedMetadataDocumentHost("agents.example.com", [])).toBe(false);
  });
});
