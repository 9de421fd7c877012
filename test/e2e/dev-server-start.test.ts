import { describe, expect, it } from "vitest";
import { startDevAuthorizationServer } from "../../src/dev/index.js";
import { ConfigError } from "../../src/schema/index.js";
import { ALICE, DOCS, GITHUB, JIRA, devConfig } from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

/** The ConfigError `start` rejects with: its message heading and issues. */
async function refusal(start: Promise<unknown>): Promise<{ heading: string; issues: ConfigError["issues"] }> {
  const error = await start.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return { heading: error.message.split(" (")[0] as string, issues: error.issues };
}

const LOOPBACK_ONLY = (host: string) =>
  `must be a loopback IP address: 127.0.0.1 (or another 127.x.y.z) or ::1; got ${JSON.stringify(host)}. The dev authorization server is for one machine: it keeps users and tokens in memory and serves plain http`;

describe("where it listens (SECURITY.md §D: loopback only)", () => {
  it.each(["0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.1", "localhost", "example.com", "127.0.0.1.nip.io", ""])("refuses to start on %j", async (host) => {
    expect(await refusal(startDevAuthorizationServer({ config: devConfig(), host }))).toEqual({
      heading: "Cannot start the dev authorization server",
      issues: [{ path: "host", message: LOOPBACK_ONLY(host) }],
    });
  });

  it.each([
    ["127.0.0.1", "http://127.0.0.1:"],
    ["127.0.0.2", "http://127.0.0.2:"],
    ["::1", "http://[::1]:"],
    ["[::1]", "http://[::1]:"],
  ])("starts on %s with the issuer on that address", async (host, prefix) => {
    const server = await startDevAuthorizationServer({ config: devConfig(), host, users: [ALICE] });
    try {
      expect(server.issuer).toMatch(new RegExp(`^${prefix.replace(/[[\].]/g, "\\$&")}[0-9]+$`));
      const metadata = (await (await fetch(`${server.issuer}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
      expect(metadata.issuer).toBe(server.issuer);
    } finally {
      await server.close();
    }
  });

  it("reports every bad option at once", async () => {
    const options = { config: devConfig(), host: "0.0.0.0", port: 70_000, users: [{ username: "a b", password: "" }, ALICE, ALICE] };
    expect((await refusal(startDevAuthorizationServer(options))).issues).toEqual([
      { path: "host", message: LOOPBACK_ONLY("0.0.0.0") },
      { path: "port", message: "must be a whole number from 0 to 65535 (0 picks a free port); got 70000" },
      { path: "users.0.username", message: "must be 1 to 100 characters without spaces or colons" },
      { path: "users.0.password", message: "must be 1 to 200 characters" },
      { path: "users.2.username", message: 'repeats "alice"; list each user once' },
    ]);
  });

  it("says which port is taken", async () => {
    const first = await startDevAuthorizationServer({ config: devConfig() });
    try {
      const port = Number(new URL(first.issuer).port);
      await expect(startDevAuthorizationServer({ config: devConfig(), port })).rejects.toThrow(
        `cannot listen on 127.0.0.1 port ${port}: it is in use; pass another port, or 0 for any free one`,
      );
    } finally {
      await first.close();
    }
  });
});

describe("what it accepts as config", () => {
  it("refuses an invalid config with the schema's issues", async () => {
    const config = { ...devConfig(), resources: { github: { uri: "http://mcp.example.com/github", scopes: { "github:read": "Read" } } }, clients: {} };
    expect((await refusal(startDevAuthorizationServer({ config }))).issues).toEqual([
      { path: "resources.github.uri", message: "must use https (http is allowed only on a loopback host: 127.0.0.1, [::1] or localhost)" },
    ]);
  });

  it("refuses metadata document settings without client ID metadata documents, and settings of the wrong form", async () => {
    const cimd = { ...devConfig(), registration: { clientIdMetadataDocuments: true, access: { github: ["github:read"] } } };
    expect(await refusal(startDevAuthorizationServer({ config: devConfig(), metadataDocuments: { allowLoopback: true } }))).toEqual({
      heading: "Cannot start the dev authorization server",
      issues: [{ path: "metadataDocuments", message: "applies only with registration.clientIdMetadataDocuments on; turn that on in the config or leave this option out" }],
    });
    const wrong = { allowLoopback: "yes", trustedCertificates: ["-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----", 42], trustAll: true };
    expect(await refusal(startDevAuthorizationServer({ config: cimd, metadataDocuments: wrong as never }))).toEqual({
      heading: "Cannot start the dev authorization server",
      issues: [
        { path: "metadataDocuments.trustAll", message: "is not a setting; allowed: allowLoopback, trustedCertificates" },
        { path: "metadataDocuments.allowLoopback", message: "must be true or false" },
        { path: "metadataDocuments.trustedCertificates.0", message: "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)" },
        { path: "metadataDocuments.trustedCertificates.1", message: "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)" },
      ],
    });
  });
});

describe("a running server", () => {
  const dev = useDevServer();

  it("serves RFC 8414 and OpenID discovery with the same document", async () => {
    const issuer = dev.server.issuer;
    const rfc8414 = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
    const openid = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(openid).toEqual(rfc8414);
    expect(rfc8414).toEqual({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      response_modes_supported: ["form_post", "fragment", "query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["none"],
      authorization_response_iss_parameter_supported: true,
      scopes_supported: ["openid", "offline_access", "docs:search", "github:read", "github:write", "jira:read"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["ES256"],
      claims_supported: ["sub", "sid", "auth_time", "iss"],
      claim_types_supported: ["normal"],
      claims_parameter_supported: false,
      request_uri_parameter_supported: false,
    });
  });

  it("returns the verifier options of every resource", () => {
    const common = { issuer: dev.server.issuer, jwksUri: `${dev.server.issuer}/jwks`, algorithms: ["ES256"], tokenType: "at+jwt" };
    expect(dev.server.verifierOptions).toEqual({
      docs: { ...common, resource: DOCS },
      github: { ...common, resource: GITHUB },
      jira: { ...common, resource: JIRA },
    });
    expect(dev.server.jwksUri).toBe(`${dev.server.issuer}/jwks`);
  });

  it("answers only at the issuer's host, so a rebound DNS name cannot reach it", async () => {
    const port = new URL(dev.server.issuer).port;
    const response = await fetch(`http://localhost:${port}/.well-known/openid-configuration`);
    expect(response.status).toBe(421);
    expect(await response.json()).toEqual({ error: "invalid_request", error_description: `this server answers only at ${dev.server.issuer}` });
  });

  it("has no endpoints it does not need: userinfo, logout, pushed requests, registration", async () => {
    for (const path of ["/me", "/session/end", "/request", "/reg"]) {
      const response = await fetch(`${dev.server.issuer}${path}`, { method: "POST" });
      expect([path, response.status]).toEqual([path, 404]);
    }
  });
});

describe("users", () => {
  it("creates one user with a random password when none is given", async () => {
    const [first, second] = await Promise.all([startDevAuthorizationServer({ config: devConfig() }), startDevAuthorizationServer({ config: devConfig(), users: [] })]);
    try {
      expect(first?.users.map((user) => user.username)).toEqual(["dev"]);
      expect(first?.users[0]?.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(second?.users[0]?.password).not.toBe(first?.users[0]?.password);
    } finally {
      await Promise.all([first?.close(), second?.close()]);
    }
  });

  it("returns the given users as they are", async () => {
    const server = await startDevAuthorizationServer({ config: devConfig(), users: [ALICE] });
    await server.close();
    expect(server.users).toEqual([ALICE]);
  });
});
