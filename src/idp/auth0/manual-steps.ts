import type { Plan } from "../../plan/types.js";
import { defaultAuth0Settings } from "../../schema/idp-sections.js";

/**
 * What `@pulumi/auth0` cannot declare for this plan and an administrator does once in the tenant, in
 * plain sentences. `plan --idp auth0` prints them, and the component exposes them as `manualSteps`.
 * @see https://www.rfc-editor.org/rfc/rfc8707 (resource indicators)
 * @see https://www.rfc-editor.org/rfc/rfc9207 (issuer in authorization responses)
 */
export function auth0ManualSteps(plan: Plan): string[] {
  const settings = plan.settings.auth0 ?? defaultAuth0Settings();
  const steps: string[] = [];
  if (!settings.manageTenantSettings) {
    steps.push(
      "Set the tenant's Resource Parameter Compatibility Profile on (Settings → Advanced) and clear its Default Audience (Settings → General → API Authorization Settings): without the profile Auth0 ignores resource, and a default audience is sent as audience, which beats resource.",
    );
  }
  if (!settings.manageTenantSettings && plan.registration.dynamic) {
    steps.push("Turn on Dynamic Client Registration in the tenant (Settings → Advanced, OIDC Dynamic Application Registration): auth0.manageTenantSettings is false, so the component leaves the tenant's flags alone.");
  }
  if (!settings.manageTenantSettings && plan.registration.clientIdMetadataDocuments) {
    steps.push("Turn on Client ID Metadata Document support in the tenant (Settings → Advanced): auth0.manageTenantSettings is false, so the component leaves the tenant's settings alone.");
  }
  steps.push(
    "Turn on Include Issuer in Authorization Responses (Settings → Advanced) so clients can check iss (RFC 9207); @pulumi/auth0 3.49 has no input for it.",
  );
  if (plan.registration.dynamic || plan.registration.clientIdMetadataDocuments) {
    steps.push(
      "Promote each connection your users sign in with to domain level (Authentication → the connection → Promote Connection to Domain Level): clients that register themselves are third-party and can use only domain-level connections. auth0.Connection has isDomainConnection, but declaring it means owning the whole connection, which this component does not.",
    );
  }
  return steps;
}
