import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { protectedResourceMetadata, protectedResourceMetadataUrl, serveProtectedResourceMetadata } from "../../../src/verify/index.js";
import { serve, type ServerUnderTest } from "../../support/http-server.js";

describe("protectedResourceMetadataUrl (RFC 9728 §3.1)", () => {
  it.each([
    ["https://mcp.example.com/github", "https://mcp.example.com/.well-known/oauth-protected-resource/github"],
    ["https://mcp.example.com/github/", "https://mcp.example.com/.well-known/oauth-protected-resource/github"],
    ["https://mcp.example.com/tools/github/v1", "https://mcp.example.com/.well-known/oauth-protected-resource/tools/github/v1"],
    ["https://mcp.example.com", "https://mcp.example.com/.well-known/oauth-protected-resource"],
    ["https://mcp.example.com/", "https://mcp.example.com/.well-known/oauth-protected-resource"],
    ["https://mcp.example.com:8443/mcp", "https://mcp.example.com:8443/.well-known/oauth-protected-resource/mcp"],
    ["http://127.0.0.1:3000/mcp", "http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"],
    ["http://[::1]:3000", "http://[::1]:3000/.well-known/oauth-protected-resource"],
  ])("%s → %s", (resource, url) => {
    expect(protectedResourceMetadataUrl(resource)).toBe(url);
  });

  it.each(["https://mcp.example.com/github?tenant=a", "https://mcp.example.com/github#frag", "mcp.example.com/github", "/github"])("refuses %j", (resource) => {
    expect(() => protectedResourceMetadataUrl(resource)).toThrow(
      new TypeError(`protectedResourceMetadataUrl: ${JSON.stringify(resource)} is not an absolute URI without query or fragment`),
    );
  });
});

describe("protectedResourceMetadata (RFC 9728 §2)", () => {
  it("emits every field in wire names, resource byte for byte", () => {
    expect(
      protectedResourceMetadata({
        resource: "https://mcp.example.com",
        authorizationServers: ["https://tenant.example.com/"],
        scopesSupported: ["github:read", "github:write"],
        resourceName: "GitHub tools",
        resourceDocumentation: "https://docs.example.com/mcp/github",
      }),
    ).toEqual({
      resource: "https://mcp.example.com",
      authorization_servers: ["https://tenant.example.com/"],
      scopes_supported: ["github:read", "github:write"],
      bearer_methods_supported: ["header"],
      resource_name: "GitHub tools",
      resource_documentation: "https://docs.example.com/mcp/github",
    });
  });

  it("omits empty lists and absent or empty values", () => {
    const document = protectedResourceMetadata({ resource: "https://mcp.example.com/github", authorizationServers: [], scopesSupported: [], resourceName: "" });
    expect(JSON.stringify(document)).toBe('{"resource":"https://mcp.example.com/github","bearer_methods_supported":["header"]}');
  });
});

describe("serveProtectedResourceMetadata", () => {
  const document = protectedResourceMetadata({ resource: "http://127.0.0.1:1/mcp/", authorizationServers: ["http://127.0.0.1:2"], scopesSupported: ["tools:read"] });
  const body = '{"resource":"http://127.0.0.1:1/mcp/","authorization_servers":["http://127.0.0.1:2"],"scopes_supported":["tools:read"],"bearer_methods_supported":["header"]}';
  let server: ServerUnderTest | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves the exact document at the well-known path with node:http, and leaves other paths alone", async () => {
    const handler = serveProtectedResourceMetadata(document);
    server = await serve((req, res) => {
      if (handler(req, res)) return;
      res.writeHead(404).end("elsewhere");
    });
    const response = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await response.text()).toBe(body);
    expect((await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp/`)).status).toBe(404);
    expect((await fetch(`${server.origin}/.well-known/oauth-protected-resource`)).status).toBe(404);
    const head = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`, { method: "HEAD" });
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([200, String(body.length), ""]);
    const preflight = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`, { method: "OPTIONS" });
    expect([preflight.status, preflight.headers.get("access-control-allow-methods")]).toEqual([204, "GET, HEAD, OPTIONS"]);
    const post = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
  });

  it("works as Express middleware, passing other requests on", async () => {
    const app = express();
    app.use(serveProtectedResourceMetadata(document, { maxAgeSeconds: 60 }));
    app.get("/mcp", (_req, res) => void res.send("tool endpoint"));
    server = await serve(app);
    const response = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`);
    expect([response.status, response.headers.get("cache-control"), await response.text()]).toEqual([200, "public, max-age=60", body]);
    expect(await (await fetch(`${server.origin}/mcp`)).text()).toBe("tool endpoint");
  });
});
