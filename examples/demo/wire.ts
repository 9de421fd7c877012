/** Plain-words descriptions of what the agent sent and received, and of the tokens it got. */
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { Exchange } from "./agent.js";
import type { PageSeen } from "./browser.js";

/** A challenge's parameters (RFC 6750 §3, RFC 9728 §5.1). */
export function challengeParameter(header: string | undefined, name: string): string | undefined {
  const match = new RegExp(`(?:^|[ ,])${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(header ?? "");
  return match?.[1]?.replace(/\\(.)/g, "$1");
}

/** The narration of one exchange, or `undefined` for the routine ones (MCP messages that succeeded). */
export function describeExchange(exchange: Exchange, serverNames: ReadonlyMap<string, string>): string | undefined {
  const { url, status } = exchange;
  const json = (exchange.responseJson ?? {}) as Record<string, unknown>;
  const server = serverNames.get(url.origin + url.pathname);
  if (server !== undefined && (status === 401 || status === 403)) {
    return `← ${status} from the ${server} server\n  WWW-Authenticate: ${exchange.wwwAuthenticate ?? "(none)"}`;
  }
  if (url.pathname.startsWith("/.well-known/oauth-protected-resource") && status === 200) {
    return `The SDK reads the server's protected resource metadata (RFC 9728) at ${url.href}:\n  resource ${String(json["resource"])}, authorization server ${list(json["authorization_servers"])}, scopes ${list(json["scopes_supported"])}`;
  }
  if ((url.pathname === "/.well-known/oauth-authorization-server" || url.pathname === "/.well-known/openid-configuration") && status === 200) {
    return `…and the authorization server's metadata (RFC 8414) at ${url.href}:\n  PKCE methods ${list(json["code_challenge_methods_supported"])}, response types ${list(json["response_types_supported"])}, client authentication ${list(json["token_endpoint_auth_methods_supported"])}\n  client ID metadata documents ${json["client_id_metadata_document_supported"] === true ? "accepted" : "not accepted"}, registration endpoint ${String(json["registration_endpoint"] ?? "none")}`;
  }
  if (url.pathname === "/reg" && exchange.method === "POST") {
    if (status !== 201) return `The SDK registers itself at /reg (RFC 7591) ← ${status} ${String(json["error"])}`;
    return `The SDK registers itself at /reg (RFC 7591) ← 201 client_id ${String(json["client_id"])}\n  scope "${String(json["scope"] ?? "")}", grant types ${list(json["grant_types"])}, client authentication ${String(json["token_endpoint_auth_method"])}`;
  }
  if (url.pathname === "/token" && exchange.requestForm) {
    const form = exchange.requestForm;
    const sent = `grant_type=${form.get("grant_type")}, resource=${form.get("resource")}${form.has("code_verifier") ? ", code_verifier" : ""}`;
    if (status !== 200) return `The SDK calls /token (${sent}) ← ${status} ${String(json["error"])}`;
    const refresh = json["refresh_token"] ? "; and a refresh token" : "";
    return `The SDK calls /token (${sent})\n  ← an access token for scope "${String(json["scope"] ?? "")}", valid ${String(json["expires_in"])} s${refresh}`;
  }
  return undefined;
}

/** The parts of an authorization request that matter for the binding. */
export function describeAuthorizationRequest(url: URL): string {
  const parameter = (name: string) => url.searchParams.get(name) ?? "(none)";
  return [
    `The SDK sends the browser to ${url.origin}${url.pathname} with`,
    `  client_id=${parameter("client_id")}, response_type=${parameter("response_type")}, scope="${parameter("scope")}",`,
    `  resource=${parameter("resource")}, code_challenge_method=${parameter("code_challenge_method")}, redirect_uri=${parameter("redirect_uri")}`,
  ].join("\n");
}

/** `undeclared`: the agent is in nobody's file, so every scope needs the user's word. */
export function describePages(pages: readonly PageSeen[], undeclared = false): string {
  if (pages.length === 0) return "The user is still signed in and nothing needs consent: no page at all, straight back to the agent.";
  return pages
    .map((page) =>
      page.kind === "login"
        ? `The sign-in page of the local server: ${page.username} enters the password.`
        : undeclared
          ? `A consent page asks for ${page.scopes.join(", ")}: the agent is not declared in the config, so the user is asked for every scope; the user allows.`
          : `A consent page asks for ${page.scopes.join(", ")} (consent: required in the config); the user allows.`,
    )
    .join("\n");
}

/** The claims that make a token useful at one resource only. */
export function describeToken(token: string): string {
  const header = decodeProtectedHeader(token);
  const claims = decodeJwt(token);
  const lifetime = typeof claims.exp === "number" && typeof claims.iat === "number" ? `${claims.exp - claims.iat} s` : "?";
  return [
    `Access token: typ ${String(header.typ)}, alg ${String(header.alg)}`,
    `  aud ${JSON.stringify(claims.aud)}  ← the one resource it is for`,
    `  scope "${String(claims["scope"])}", client_id ${String(claims["client_id"])}, sub ${String(claims.sub)}, lifetime ${lifetime}`,
  ].join("\n");
}

function list(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}
