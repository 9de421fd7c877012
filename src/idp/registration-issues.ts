import type { Plan } from "../plan/types.js";
import type { ConfigIssue } from "../schema/config-error.js";

/** Run-time registration modes, in the order their issues are reported. */
const REGISTRATION_MODES = ["dynamic", "clientIdMetadataDocuments"] as const;

/** Why an IdP cannot offer each run-time registration mode, and what to write instead. */
export type UnsupportedRegistration = Readonly<Record<(typeof REGISTRATION_MODES)[number], string>>;

/**
 * One issue per run-time registration mode the config turns on and the IdP cannot offer (SECURITY.md §A.9),
 * at `registration.dynamic`, then `registration.clientIdMetadataDocuments`.
 * @see https://www.rfc-editor.org/rfc/rfc7591 (dynamic client registration)
 */
export function unsupportedRegistrationIssues(plan: Plan, messages: UnsupportedRegistration): ConfigIssue[] {
  return REGISTRATION_MODES.filter((mode) => plan.registration[mode]).map((mode) => ({ path: `registration.${mode}`, message: messages[mode] }));
}
