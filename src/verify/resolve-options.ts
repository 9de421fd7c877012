import { allowedAlgorithms } from "./algorithms.js";
import type { TokenVerifierOptions } from "./options.js";

/** The limits of RFC 8725-style clock leeway: more than five minutes would make `exp` meaningless for 10-minute tokens. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
export const DEFAULT_MAX_TOKEN_BYTES = 8192;
export const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;
/**
 * The shortest cooldown allowed. With none, every token naming an unknown `kid` would make the verifier
 * fetch the key set: anyone could turn the MCP server into a request amplifier against its IdP.
 */
export const MIN_JWKS_COOLDOWN_SECONDS = 5;
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 5;

/** {@link TokenVerifierOptions} checked, with every default applied. */
export interface ResolvedVerifierOptions {
  readonly issuer: string;
  readonly resource: string;
  readonly jwksUri: URL | undefined;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** `resource` plus `allowedExtraAudiences`: the only values `aud` may hold. */
  readonly acceptedAudiences: ReadonlySet<string>;
  readonly maxTokenBytes: number;
  readonly tokenType: "at+jwt" | undefined;
  readonly jwksCooldownMs: number;
  readonly httpTimeoutMs: number;
}

/**
 * Validates the options once, when the verifier is created, so a misconfigured server fails at start-up
 * with a message naming the option, instead of refusing every token later.
 */
export function resolveVerifierOptions(options: TokenVerifierOptions): ResolvedVerifierOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("createTokenVerifier: options must be an object");
  const issuer = absoluteHttpUrl("issuer", options.issuer);
  const resource = absoluteHttpUrl("resource", options.resource);
  const extraAudiences = options.allowedExtraAudiences ?? [];
  if (!Array.isArray(extraAudiences) || extraAudiences.some((audience) => typeof audience !== "string" || audience === "")) {
    throw new TypeError("createTokenVerifier: allowedExtraAudiences must be an array of non-empty strings");
  }
  if (options.tokenType !== undefined && options.tokenType !== "at+jwt") {
    throw new TypeError(`createTokenVerifier: tokenType must be "at+jwt" or absent, got ${JSON.stringify(options.tokenType)}`);
  }
  return {
    issuer,
    resource,
    jwksUri: options.jwksUri === undefined ? undefined : new URL(absoluteHttpUrl("jwksUri", options.jwksUri)),
    algorithms: allowedAlgorithms(options.algorithms),
    clockToleranceSeconds: boundedNumber("clockToleranceSeconds", options.clockToleranceSeconds, DEFAULT_CLOCK_TOLERANCE_SECONDS, 0, MAX_CLOCK_TOLERANCE_SECONDS),
    acceptedAudiences: new Set([resource, ...extraAudiences]),
    maxTokenBytes: positiveInteger("maxTokenBytes", options.maxTokenBytes, DEFAULT_MAX_TOKEN_BYTES),
    tokenType: options.tokenType,
    jwksCooldownMs: Math.round(1000 * boundedNumber("jwksCooldownSeconds", options.jwksCooldownSeconds, DEFAULT_JWKS_COOLDOWN_SECONDS, MIN_JWKS_COOLDOWN_SECONDS, 86_400, "at least 5 so that tokens with unknown key ids cannot make the verifier fetch the key set on every request")),
    httpTimeoutMs: Math.round(1000 * boundedNumber("httpTimeoutSeconds", options.httpTimeoutSeconds, DEFAULT_HTTP_TIMEOUT_SECONDS, 0.001, 300)),
  };
}

function absoluteHttpUrl(name: string, value: unknown): string {
  if (typeof value !== "string" || !/^https?:\/\/[^/?#]+/i.test(value) || !URL.canParse(value)) {
    throw new TypeError(`createTokenVerifier: ${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boundedNumber(name: string, value: unknown, fallback: number, min: number, max: number, why?: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    const reason = why === undefined ? "" : ` (${why})`;
    throw new TypeError(`createTokenVerifier: ${name} must be a number of seconds from ${min} to ${max}${reason}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`createTokenVerifier: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
