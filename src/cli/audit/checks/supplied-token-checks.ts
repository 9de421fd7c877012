/**
 * Checks that need real tokens from the server's authorization server: only the person running the
 * audit can obtain those, so each check is skipped, and says how to enable it, when its token is missing.
 */
import { forgeSigned, unverifiedClaims } from "../forge.js";
import { describeAnswer } from "../mcp-request.js";
import { bearerChallenge } from "../www-authenticate.js";
import { fail, pass, skip, type Check } from "./context.js";
import { claimsForThisServer, expectAcceptance, expectRefusal, sendWithToken } from "./exchange.js";

/** The MCP 2025-11-25 "Token Handling" path that should work: a valid token reaches the MCP endpoint. */
export const validTokenAccepted: Check = {
  id: "valid-token-accepted",
  title: "A valid token for this server is accepted (--token)",
  async run(context) {
    const { token } = context.tokens;
    if (token === undefined) return skip("pass --token with a valid access token for this server");
    const answer = await sendWithToken(context, validTokenAccepted.id, { kind: "header", token });
    return expectAcceptance(answer, "initialize with the --token in Authorization: Bearer");
  },
};

/** RFC 9110 §11.1: the auth scheme is case-insensitive, so `bearer` must work like `Bearer`. */
export const authorizationHeaderSchemeCase: Check = {
  id: "authorization-header-scheme-case",
  title: "The Bearer scheme is matched case-insensitively (--token)",
  async run(context) {
    const { token } = context.tokens;
    if (token === undefined) return skip("pass --token with a valid access token for this server");
    const answer = await sendWithToken(context, authorizationHeaderSchemeCase.id, { kind: "header", token, scheme: "bearer" });
    return expectAcceptance(answer, "the --token sent as Authorization: bearer <token>");
  },
};

/**
 * MCP 2025-11-25 "Access Token Usage": tokens must not be accepted from the query string (RFC 6750 §2.3 is
 * not for MCP). With `--token` the real token is put there; without it only a forged one can be, which
 * shows no more than that an unverified token in the query is refused — the detail says which was used.
 */
export const tokenInQuery: Check = {
  id: "token-in-query",
  title: "A token in the query string (access_token=) is not accepted",
  async run(context) {
    const supplied = context.tokens.token;
    const token = supplied ?? (await forgeSigned(claimsForThisServer(context).claims, context.discovery.keyHint)).token;
    const what = supplied === undefined ? "a forged token (pass --token to test a valid one)" : "the valid --token";
    const answer = await sendWithToken(context, tokenInQuery.id, { kind: "query", token });
    const seen = describeAnswer(answer);
    // 400 invalid_request is a fair refusal of a credential in the wrong place; 401 is what a server that ignores the query gives.
    if (answer.status === 401 || answer.status === 400) return pass(`${what} in ?access_token= without an Authorization header: ${seen}`);
    if (answer.status === 403) return fail(`${what} in ?access_token= was read as a credential (403 refuses only the scope): ${seen}`);
    return fail(`${what} in ?access_token= without an Authorization header: expected 401, got ${seen}`);
  },
};

/** RFC 8707 §2, MCP 2025-11-25 "Token Audience Binding": a token for another resource is refused with 401. */
export const foreignTokenRefused: Check = {
  id: "foreign-token-refused",
  title: "A token of the same authorization server for another resource is refused with 401 (--foreign-token)",
  async run(context) {
    const { foreignToken } = context.tokens;
    if (foreignToken === undefined) return skip("pass --foreign-token with a token the same authorization server issued for another resource");
    const aud = unverifiedClaims(foreignToken)?.["aud"];
    const answer = await sendWithToken(context, foreignTokenRefused.id, { kind: "header", token: foreignToken });
    return expectRefusal(answer, `the --foreign-token${aud === undefined ? "" : ` (aud ${JSON.stringify(aud)})`}`);
  },
};

/** Clock skew a server may allow (RFC 9068 leaves it to the server; 300 s is the usual ceiling). */
const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * RFC 9068 §4, RFC 7519 §4.1.4: an expired token is refused. Only a token the authorization server signed
 * tests expiry: one the audit signs itself fails on the signature first, so without `--expired-token` the
 * check is skipped rather than faked.
 */
export const expiredToken: Check = {
  id: "expired-token",
  title: "A real token for this server that has expired is refused with 401 (--expired-token)",
  async run(context) {
    const { expiredToken: token } = context.tokens;
    if (token === undefined) {
      return skip("pass --expired-token with an expired token the authorization server issued for this server; a token the audit signs itself would be refused for its signature, which forged-signature already tests");
    }
    const exp = unverifiedClaims(token)?.["exp"];
    if (typeof exp !== "number") return skip("the --expired-token is not a JWT with a numeric exp, so the audit cannot tell that it has expired");
    const ago = Math.floor(Date.now() / 1000) - exp;
    if (ago <= MAX_CLOCK_SKEW_SECONDS) return skip(`the --expired-token expired only ${ago} s ago; servers may allow up to ${MAX_CLOCK_SKEW_SECONDS} s of clock skew, so try again later`);
    const answer = await sendWithToken(context, expiredToken.id, { kind: "header", token });
    return expectRefusal(answer, `the --expired-token (expired ${ago} s ago)`);
  },
};

/**
 * A token whose `aud` names this server and another resource is refused: RFC 9068 §4 lets a server accept
 * it, but the other resource then holds a token it can replay here, which is what resource binding
 * (RFC 8707, MCP "Token Audience Binding") exists to prevent. Real tokens only: an array `aud` the audit
 * signed itself would be refused for its signature.
 */
export const multiAudienceToken: Check = {
  id: "multi-audience-token",
  title: "A token whose aud names this server and another resource is refused with 401 (--multi-audience-token)",
  async run(context) {
    const { multiAudienceToken: token } = context.tokens;
    if (token === undefined) return skip("pass --multi-audience-token with a real token whose aud is an array holding this server's URL and another resource");
    const aud = unverifiedClaims(token)?.["aud"];
    const answer = await sendWithToken(context, multiAudienceToken.id, { kind: "header", token });
    return expectRefusal(answer, `the --multi-audience-token (aud ${JSON.stringify(aud)})`);
  },
};

/**
 * RFC 6750 §3.1, MCP 2025-11-25 "Scope Challenge Handling": a valid token without a needed scope gets 403
 * with `error="insufficient_scope"` and the `scope` the request needs, so the client can step up.
 */
export const insufficientScopeChallenge: Check = {
  id: "insufficient-scope-challenge",
  title: "A valid token lacking a needed scope gets 403 insufficient_scope naming the scope (--insufficient-scope-token)",
  async run(context) {
    const { insufficientScopeToken: token } = context.tokens;
    if (token === undefined) return skip("pass --insufficient-scope-token with a valid token for this server that lacks a scope the MCP endpoint needs");
    const answer = await sendWithToken(context, insufficientScopeChallenge.id, { kind: "header", token });
    const seen = describeAnswer(answer);
    if (answer.status !== 403) return fail(`expected 403 for the --insufficient-scope-token; got ${seen}`);
    const challenge = bearerChallenge(answer.headers);
    if (challenge?.params["error"] !== "insufficient_scope") return fail(`the 403 has no Bearer challenge with error="insufficient_scope": ${seen}`);
    if (!challenge.params["scope"]) return fail(`the insufficient_scope challenge names no scope, so a client cannot step up: ${seen}`);
    return pass(seen);
  },
};
