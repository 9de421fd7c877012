import type { HttpAnswer } from "../http-client.js";
import { describeAnswer, sendInitialize, type Credentials } from "../mcp-request.js";
import { plausibleClaims } from "../forge.js";
import type { JWTPayload } from "jose";
import { fail, pass, type AuditContext, type Outcome } from "./context.js";

/** Sends `initialize` with a token and records the exchange for `no-token-echo`. */
export async function sendWithToken(context: AuditContext, check: string, credentials: Credentials & { token: string }): Promise<HttpAnswer> {
  const answer = await sendInitialize(context.http, context.serverUrl, credentials);
  context.exchanges.push({ check, token: credentials.token, answer });
  return answer;
}

/**
 * A token the server must not honour got 401 (RFC 6750 §3.1 `invalid_token`). A 403 fails too: it
 * means the server took the token as authentic and only found a scope missing.
 */
export function expectRefusal(answer: HttpAnswer, what: string): Outcome {
  const seen = describeAnswer(answer);
  if (answer.status === 401) return pass(`${what}: ${seen}`);
  if (answer.status === 403) return fail(`${what} was taken as authentic (403 only refuses the scope; expected 401): ${seen}`);
  if (answer.status >= 200 && answer.status < 300) return fail(`${what} was ACCEPTED: ${seen}`);
  return fail(`${what}: expected 401, got ${seen}`);
}

/**
 * A token the server must honour: anything but 401 and 403 (the request itself is a valid initialize),
 * and not a 5xx either — a server that cannot reach its issuer's keys answers 503, which accepts nothing.
 */
export function expectAcceptance(answer: HttpAnswer, what: string): Outcome {
  const seen = describeAnswer(answer);
  if (answer.status === 401 || answer.status === 403) return fail(`${what} was refused: ${seen}`);
  if (answer.status >= 500) return fail(`${what}: the server could not decide (${seen})`);
  return pass(`${what}: HTTP ${answer.status}${answer.headers.get("content-type") ? ` (${answer.headers.get("content-type")})` : ""}`);
}

/** Claims that look like a real token for this server: the discovered issuer, this server as `aud`, its scopes. */
export function claimsForThisServer(context: AuditContext): { claims: JWTPayload; issuer: string } {
  const { discovery, serverUrl } = context;
  const named = discovery.authorizationServers.find((server) => server.metadata !== undefined)?.issuer;
  const listed = discovery.resourceMetadata.document?.["authorization_servers"];
  const firstListed = Array.isArray(listed) && typeof listed[0] === "string" ? listed[0] : undefined;
  const issuer = named ?? firstListed ?? new URL(serverUrl).origin;
  const challengeScope = discovery.challenge?.params["scope"];
  const supported = discovery.resourceMetadata.document?.["scopes_supported"];
  const scope = challengeScope ?? (Array.isArray(supported) ? supported.filter((s): s is string => typeof s === "string").join(" ") : undefined);
  return { claims: plausibleClaims(issuer, serverUrl, scope), issuer };
}
