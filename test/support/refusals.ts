import { expect } from "vitest";
import { TokenVerificationError, type TokenVerificationErrorCode } from "../../src/verify/index.js";

const STATUS = { invalid_token: 401, insufficient_scope: 403, invalid_request: 400, server_error: 503 } as const;

/** Awaits a verification and asserts the exact refusal: class, code, status and message. */
export async function expectRefusal(verification: Promise<unknown>, code: TokenVerificationErrorCode, message: string): Promise<TokenVerificationError> {
  const error = await verification.then(
    (value) => {
      throw new Error(`expected a ${code} refusal, but the token was accepted: ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenVerificationError);
  expect(error).toMatchObject({ name: "TokenVerificationError", code, status: STATUS[code], message });
  return error as TokenVerificationError;
}
