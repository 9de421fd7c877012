import type { ConfigIssue } from "./config-error.js";
import { formatDuration } from "./duration.js";

/** An inclusive range of seconds an IdP can hold for one kind of lifetime. */
export interface LifetimeRange {
  readonly min: number;
  readonly max: number;
}

/** What each IdP can hold, in seconds, and where the number comes from. */
export interface IdpLifetimeLimits {
  readonly idp: string;
  readonly accessToken: LifetimeRange;
  readonly refreshIdle: LifetimeRange;
  readonly refreshAbsolute: LifetimeRange;
}

/** Auth0: ResourceServer.token_lifetime ≤ 30 days; refresh token lifetimes ≤ 1 year (Management API v2). */
export const AUTH0_LIMITS: IdpLifetimeLimits = {
  idp: "Auth0",
  accessToken: { min: 1, max: 2_592_000 },
  refreshIdle: { min: 1, max: 31_557_600 },
  refreshAbsolute: { min: 1, max: 31_557_600 },
};

/**
 * Okta custom authorization server policy rules (okta.auth.ServerPolicyRule, in minutes): access tokens
 * 5 minutes to 1 day; refresh token lifetime 10 minutes to 5 years; the idle window
 * (`refreshTokenWindowMinutes`) 5 minutes to 5 years, and never shorter than the access token lifetime
 * (the Okta translation checks that pairing).
 */
export const OKTA_LIMITS: IdpLifetimeLimits = {
  idp: "Okta",
  accessToken: { min: 300, max: 86_400 },
  refreshIdle: { min: 300, max: 5 * 365 * 86_400 },
  refreshAbsolute: { min: 600, max: 5 * 365 * 86_400 },
};

/** Just the lifetimes an IdP limit check reads; both the parsed config and the plan provide them. */
export interface LifetimeSubject {
  readonly resources: ReadonlyArray<{ readonly key: string; readonly accessTokenLifetimeSeconds: number }>;
  readonly clients: ReadonlyArray<{
    readonly key: string;
    readonly refreshToken?: { readonly idleLifetimeSeconds: number; readonly absoluteLifetimeSeconds: number } | undefined;
  }>;
}

/** Every lifetime in the config that the IdP cannot hold, with the IdP and its bounds named. */
export function lifetimeIssues(subject: LifetimeSubject, limits: IdpLifetimeLimits): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, seconds: number, range: LifetimeRange, what: string) => {
    if (seconds >= range.min && seconds <= range.max) return;
    issues.push({
      path,
      message: `${limits.idp} holds ${what} of ${formatDuration(range.min)} to ${formatDuration(range.max)}; got ${formatDuration(seconds)} (${seconds} s)`,
    });
  };
  for (const resource of subject.resources) {
    check(`resources.${resource.key}.accessTokenLifetime`, resource.accessTokenLifetimeSeconds, limits.accessToken, "access token lifetimes");
  }
  for (const client of subject.clients) {
    if (!client.refreshToken) continue;
    const base = `clients.${client.key}.refreshTokens`;
    check(`${base}.idleLifetime`, client.refreshToken.idleLifetimeSeconds, limits.refreshIdle, "refresh token idle lifetimes");
    check(`${base}.absoluteLifetime`, client.refreshToken.absoluteLifetimeSeconds, limits.refreshAbsolute, "refresh token lifetimes");
  }
  return issues;
}
