import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { discover } from "../../../src/cli/audit/discovery.js";
import { AuditHttp } from "../../../src/cli/audit/http-client.js";
import { loopbackServerForTest } from "../../support/loopback-server.js";

// Discovery in the MCP 2025-11-25 order, against loopback servers that record what was asked of them.
const loopback = loopbackServerForTest;
const limits = { timeoutMs: 2000, maxBodyBytes: 65_536, maxRedirects: 2 };
const challenge401 = (challenge: string) => (_req: unknown, res: ServerResponse) => res.writeHead(401, { "www-authenticate": challenge }).end();

describe("discover", () => {
  it("without resource_metadata, tries the path-inserted well-known URL, then the root", async () => {
    const mcp = await loopback();
    const url = `${mcp.origin}/public/mcp`;
    mcp.route("/public/mcp", challenge401("Bearer"));
    mcp.route("/.well-known/oauth-protected-resource", { json: { resource: url, authorization_servers: [] } });
    const found = await discover(new AuditHttp(url, limits), url);
    expect(mcp.requests).toEqual(["/public/mcp", "/.well-known/oauth-protected-resource/public/mcp", "/.well-known/oauth-protected-resource"]);
    expect(found.resourceMetadata).toMatchObject({ source: "well-known", url: `${mcp.origin}/.well-known/oauth-protected-resource`, problems: [`${mcp.origin}/.well-known/oauth-protected-resource/public/mcp: HTTP 404`] });
    expect(found.resourceMetadataProblem).toBe("it names no authorization_servers (an array of issuer URLs)");
    expect(found.authorizationServers).toEqual([]);
  });

  it("uses only the challenge's resource_metadata, even on another origin, and no well-known guess", async () => {
    const mcp = await loopback();
    const metadataHost = await loopback();
    const url = `${mcp.origin}/mcp`;
    mcp.route("/mcp", challenge401(`Bearer resource_metadata="${metadataHost.origin}/prm"`));
    metadataHost.route("/prm", { status: 500, json: {} });
    const found = await discover(new AuditHttp(url, limits), url);
    expect(mcp.requests).toEqual(["/mcp"]);
    expect(metadataHost.requests).toEqual(["/prm"]);
    expect(found.resourceMetadata).toEqual({ source: "challenge", problems: [`${metadataHost.origin}/prm: HTTP 500`] });
    expect(found.resourceMetadataProblem).toBe("no protected resource metadata");
  });

  it("refuses a resource_metadata that is not an http(s) URL without fetching anything", async () => {
    const mcp = await loopback();
    const url = `${mcp.origin}/mcp`;
    mcp.route("/mcp", challenge401('Bearer resource_metadata="file:///etc/passwd"'));
    const found = await discover(new AuditHttp(url, limits), url);
    expect(found.resourceMetadata.problems).toEqual(['resource_metadata "file:///etc/passwd" is not an absolute http(s) URL']);
    expect(mcp.requests).toEqual(["/mcp"]);
  });

  it("tries an issuer with a path in MCP order and uses the first document whose issuer is exact", async () => {
    const mcp = await loopback();
    const as = await loopback();
    const url = `${mcp.origin}/mcp`;
    const issuer = `${as.origin}/tenant`;
    mcp.route("/mcp", challenge401(`Bearer resource_metadata="${mcp.origin}/.well-known/oauth-protected-resource/mcp"`));
    mcp.route("/.well-known/oauth-protected-resource/mcp", { json: { resource: url, authorization_servers: [issuer] } });
    as.route("/.well-known/openid-configuration/tenant", { json: { issuer: `${issuer}/` } });
    as.route("/tenant/.well-known/openid-configuration", { json: { issuer, code_challenge_methods_supported: ["S256"], jwks_uri: `${as.origin}/keys` } });
    as.route("/keys", { json: { keys: [{ kty: "EC", crv: "P-256", kid: "k1", use: "sig", x: "x", y: "y" }] } });
    const found = await discover(new AuditHttp(url, limits), url);
    expect(as.requests).toEqual(["/.well-known/oauth-authorization-server/tenant", "/.well-known/openid-configuration/tenant", "/tenant/.well-known/openid-configuration", "/keys"]);
    expect(found.authorizationServers).toEqual([
      {
        issuer,
        url: `${issuer}/.well-known/openid-configuration`,
        metadata: { issuer, code_challenge_methods_supported: ["S256"], jwks_uri: `${as.origin}/keys` },
        problems: [`${as.origin}/.well-known/oauth-authorization-server/tenant: HTTP 404`, `${as.origin}/.well-known/openid-configuration/tenant: issuer "${issuer}/" is not exactly "${issuer}"`],
      },
    ]);
    expect(found.keyHint).toEqual({ kid: "k1", alg: "ES256" });
  });
});
