import { decodeJwt } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GITHUB, HeadlessBrowser, JIRA, authorizationCode, codeExchange, tokenRequest } from "../support/dev-oauth.js";
import { useDevServer } from "../support/dev-server.js";

// SECURITY.md §D for refresh tokens: only clients with refreshTokens get them; they rotate; reusing a
// rotated one revokes the grant; resource is required on refresh too.
const dev = useDevServer();
afterEach(() => {
  vi.useRealTimers();
});

const INVALID_GRANT = { status: 400, body: { error: "invalid_grant", error_description: "grant request is invalid" } };

async function tokens() {
  const response = await tokenRequest(dev.issuer, codeExchange(await authorizationCode(dev.issuer)));
  expect(response.status).toBe(200);
  return response.body as { access_token: string; refresh_token: string };
}

/** A refresh request for `agent`; `resource: null` leaves the parameter out. */
function refresh(refreshToken: string, resource: string | null = GITHUB) {
  return tokenRequest(dev.issuer, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: "agent", resource: resource ?? undefined });
}

describe("refresh tokens", () => {
  it("rotate: a refresh returns a new refresh token and an access token with the same binding", async () => {
    const first = await tokens();
    const refreshed = await refresh(first.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    const claims = decodeJwt(refreshed.body.access_token);
    expect([claims.aud, claims["scope"], claims["client_id"], claims.sub]).toEqual([GITHUB, "github:read", "agent", "alice"]);
  });

  it("reuse of a rotated refresh token is refused and revokes the grant: the newest one stops working too", async () => {
    const first = await tokens();
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(await refresh(first.refresh_token)).toEqual(INVALID_GRANT);
    expect(await refresh(second.body.refresh_token)).toEqual(INVALID_GRANT);
  });

  it("require resource; the refusal does not rotate the refresh token", async () => {
    const first = await tokens();
    expect(await refresh(first.refresh_token, null)).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "the resource parameter is required: name the one MCP resource this token is for (RFC 8707)" },
    });
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });

  it("refuse a resource other than the token's own, even one the client is granted, without rotating", async () => {
    const first = await tokens();
    expect(await refresh(first.refresh_token, JIRA)).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: `this refresh token was issued for ${GITHUB}; ask for a token for that resource` },
    });
    expect(await refresh(first.refresh_token, "https://docs.example.com/mcp")).toEqual({
      status: 400,
      body: { error: "invalid_target", error_description: "client agent is not granted https://docs.example.com/mcp" },
    });
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });

  it("are not issued to a client without refreshTokens, even when it asks for offline_access", async () => {
    const grant = await authorizationCode(
      dev.issuer,
      { client_id: "cli", redirect_uri: "http://[::1]:4000/cb", scope: "github:read offline_access", prompt: "consent" },
      new HeadlessBrowser(),
    );
    const response = await tokenRequest(dev.issuer, codeExchange(grant, GITHUB, "cli"));
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
  });

  it("expire after the client's idle lifetime", async () => {
    const first = await tokens();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3601_000);
    expect(await refresh(first.refresh_token)).toEqual(INVALID_GRANT);
  });

  it("never outlive the client's absolute lifetime, however often they rotate", async () => {
    let current = (await tokens()).refresh_token;
    vi.useFakeTimers({ toFake: ["Date"] });
    // 23 refreshes 59 minutes apart stay within the 1 h idle lifetime and reach 22 h 37 min.
    for (let hop = 0; hop < 23; hop++) {
      vi.setSystemTime(Date.now() + 59 * 60_000);
      const response = await refresh(current);
      expect(response.status).toBe(200);
      current = response.body.refresh_token;
    }
    // The next hop would end at 23 h 36 min: still inside the day. One more passes 24 h.
    vi.setSystemTime(Date.now() + 59 * 60_000);
    const lastInside = await refresh(current);
    expect(lastInside.status).toBe(200);
    vi.setSystemTime(Date.now() + 59 * 60_000);
    expect(await refresh(lastInside.body.refresh_token)).toEqual(INVALID_GRANT);
  });
});
