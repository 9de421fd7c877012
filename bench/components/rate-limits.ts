/**
 * Published Management API rate limits, as recorded (with their sources) in the team's research notes
 * /work/notes/auth0-okta.md §1.9 and §2.8. Writes only: every declared object costs at least one write;
 * the providers also read objects back, so real deploys make more calls than these lower bounds.
 */
export interface RateLimit {
  /** Which plan the limit belongs to. */
  readonly plan: string;
  /** Requests per minute. */
  readonly perMinute: number;
}

/**
 * Auth0: free tenants 2 requests/s sustained (burst 2), self-service and enterprise production tenants
 * 16/s (the older "Management API Endpoint Rate Limits" page).
 * @see https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations
 */
export const AUTH0_LIMITS: readonly RateLimit[] = [
  { plan: "free", perMinute: 2 * 60 },
  { plan: "paid (self-service/enterprise production)", perMinute: 16 * 60 },
];

/**
 * Okta, per minute: `/api/v1/apps` (creating apps and assigning their groups) 20 on free developer /
 * integrator orgs and 100 on paid ones; most other `/api/v1` actions, which include
 * `/api/v1/authorizationServers/*` (servers, scopes, policies, rules), 100 free and 600 paid (Enterprise).
 * The two buckets are counted separately, so a deploy takes as long as the slower one.
 * @see https://developer.okta.com/docs/reference/rl-global-mgmt/
 */
export const OKTA_LIMITS: ReadonlyArray<{ readonly plan: string; readonly apps: number; readonly other: number }> = [
  { plan: "free", apps: 20, other: 100 },
  { plan: "paid (Enterprise)", apps: 100, other: 600 },
];
