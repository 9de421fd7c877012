import { base64url } from "jose";
import { invalidToken } from "./errors.js";

/** A compact JWS split, its header decoded, before any signature check: nothing here is trusted yet. */
export interface SplitToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly encodedPayload: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Structural checks that run before any cryptography, cheapest first: the size limit comes before
 * anything is split or decoded, so an oversized token costs no parsing at all.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function splitCompactToken(token: unknown, maxTokenBytes: number): SplitToken {
  if (typeof token !== "string" || token === "") throw invalidToken("the access token is empty");
  // UTF-8 never needs fewer bytes than UTF-16 code units, so this refuses every token over the limit;
  // one under it in length but not in bytes is non-ASCII and fails the alphabet check below.
  if (token.length > maxTokenBytes) throw invalidToken(`the access token exceeds ${maxTokenBytes} bytes`);
  const parts = token.split(".");
  if (parts.length === 5) throw invalidToken("encrypted tokens (JWE) are not accepted; send a signed JWT");
  if (parts.length !== 3) throw invalidToken("the access token is not a compact JWS (three dot-separated parts)");
  const [encodedHeader = "", encodedPayload = "", signature = ""] = parts;
  if (![encodedHeader, encodedPayload, signature].every((part) => BASE64URL.test(part))) {
    throw invalidToken("the access token contains characters outside base64url");
  }
  return { header: decodeJsonObject(encodedHeader, "header"), encodedPayload };
}

/**
 * The payload must be UTF-8 JSON of an object; checked separately so that header refusals (a nested JWT
 * has a JWT, not JSON, as payload) are reported as what they are.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function checkPayloadEncoding(encodedPayload: string): void {
  decodeJsonObject(encodedPayload, "payload");
}

function decodeJsonObject(segment: string, what: "header" | "payload"): Record<string, unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(base64url.decode(segment));
  } catch (cause) {
    throw invalidToken(`the token ${what} is not valid base64url-encoded UTF-8`, cause);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalidToken(`the token ${what} is not valid JSON`, cause);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidToken(`the token ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
