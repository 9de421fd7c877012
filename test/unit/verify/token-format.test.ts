import { describe, expect, it } from "vitest";
import { TokenVerificationError } from "../../../src/verify/errors.js";
import { checkPayloadEncoding, splitCompactToken } from "../../../src/verify/token-format.js";

const b64u = (text: string) => Buffer.from(text).toString("base64url");

function refusal(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof TokenVerificationError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("base64url decoding of token segments", () => {
  it("decodes a header and reports the encoded payload", () => {
    const header = b64u('{"alg":"RS256","kid":"k"}');
    expect(splitCompactToken(`${header}.${b64u('{"sub":"a"}')}.c2ln`, 8192)).toEqual({ header: { alg: "RS256", kid: "k" }, encodedPayload: b64u('{"sub":"a"}') });
  });

  it("refuses a segment of 4n+1 characters, which no byte string encodes to, even when its first 4n decode to JSON", () => {
    const header = `${b64u('{"ab":12}')}A`; // 12 + 1 characters; a lenient decoder would read {"ab":12}
    expect(header.length % 4).toBe(1);
    expect(refusal(() => splitCompactToken(`${header}.e30.c2ln`, 8192))).toEqual({ code: "invalid_token", message: "the token header is not valid base64url-encoded UTF-8" });
    expect(refusal(() => checkPayloadEncoding(header))).toEqual({ code: "invalid_token", message: "the token payload is not valid base64url-encoded UTF-8" });
  });

  it.each([
    ['{"alg":"a"}', 15], // 11 bytes
    ['{"alg":"ab"}', 16], // 12 bytes
    ['{"alg":"abc"}', 18], // 13 bytes
  ])("decodes the unpadded header %s (%i characters)", (text, length) => {
    const header = b64u(text);
    expect(header.length).toBe(length);
    expect(header).not.toContain("=");
    expect(splitCompactToken(`${header}.e30.c2ln`, 8192).header).toEqual(JSON.parse(text));
  });
});
