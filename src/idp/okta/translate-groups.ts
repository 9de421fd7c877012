import { byCodeUnits } from "../../plan/build-plan.js";
import { ref, type OutputRef, type ResourceSpec } from "../spec.js";
import { OKTA_TYPES, oktaKeys, oktaNames } from "./translate-names.js";

/** Okta's built-in group of every user; policy rules accept the literal, app assignments need its id. */
export const EVERYONE = "EVERYONE";

// Okta object ids are 20 characters; group ids start with 00g.
const GROUP_ID = /^00g[A-Za-z0-9]{17}$/;

/** How each `okta.groups` entry reaches a policy rule and an app assignment. */
export interface OktaGroups {
  /** Reads (lookup specs) the group ids need; empty when every entry is an id. */
  readonly lookups: readonly ResourceSpec[];
  /** For `ServerPolicyRule.groupWhitelists`: ids, refs to looked-up ids, or EVERYONE. */
  readonly ruleWhitelist: ReadonlyArray<string | OutputRef>;
  /** For `AppGroupAssignments.groups[].id`: ids or refs to looked-up ids. */
  readonly assignmentIds: ReadonlyArray<string | OutputRef>;
}

/**
 * Resolves `okta.groups`: an Okta group id (00g…, 20 characters) is used as is; EVERYONE is Okta's
 * built-in group (read once for its id); anything else is a group name, read by exact name. Entries are
 * sorted so that reordering them in the file changes nothing.
 */
export function oktaGroups(name: string, groups: readonly string[]): OktaGroups {
  const names = oktaNames(name);
  const entries = [...new Set(groups)].sort(byCodeUnits);
  const lookups: ResourceSpec[] = [];
  const ids = entries.map((entry): string | OutputRef => {
    if (GROUP_ID.test(entry)) return entry;
    const args = entry === EVERYONE ? {} : { name: entry };
    const type = entry === EVERYONE ? OKTA_TYPES.everyoneGroup : OKTA_TYPES.group;
    lookups.push({ key: oktaKeys.group(entry), type, name: names.group(entry), args, dependsOn: [] });
    return ref(oktaKeys.group(entry), "id");
  });
  return {
    lookups,
    ruleWhitelist: entries.map((entry, index) => (entry === EVERYONE ? EVERYONE : (ids[index] as string | OutputRef))),
    assignmentIds: ids,
  };
}
