import { buildPlan } from "../../src/plan/build-plan.js";
import type { Plan } from "../../src/plan/types.js";
import { parseConfig } from "../../src/schema/parse.js";
import { syntheticConfig } from "../configs.js";
import { formatNumber, markdownTable, type RatioRow, type Suite } from "../report.js";
import { summarize } from "../stats.js";
import { AUTH0_LIMITS, OKTA_LIMITS } from "./rate-limits.js";
import { componentSizes, sizeLabel } from "./sizes.js";
import { COMPONENT_TARGETS, targetFor } from "./targets.js";

/** Objects of one mapping, split by the rate-limit bucket their writes fall in. */
interface Mapping {
  readonly total: number;
  /** Okta only: objects written through `/api/v1/apps` (apps and their group assignments). */
  readonly apps?: number;
}

interface IdpCounts {
  readonly idp: string;
  readonly size: { readonly resources: number; readonly clients: number };
  readonly component: Mapping;
  readonly naive: Mapping;
  /** `naive` spelled out for this IdP. */
  readonly naiveRule: string;
  /** Minimum minutes of Management API writes, per plan: [component, naive]. */
  readonly minutes: ReadonlyArray<{ readonly plan: string; readonly component: number; readonly naive: number }>;
}

/** Spec types whose last segment is a function (`…:getEveryoneGroup`) are reads, not objects. */
const isRead = (type: string) => /^[a-z]/.test(type.slice(type.lastIndexOf(":") + 1));

const scopeCount = (plan: Plan) => plan.resources.reduce((sum, resource) => sum + resource.scopes.length, 0);

/**
 * The naive mapping of each IdP, counted from the plan alone: one object per scope where the IdP has a
 * per-scope object, and one grant object per (client, resource) — none of these IdPs has a per-scope
 * grant object (Auth0 allows one grant per client and API; an Okta rule and a Keycloak scope list each
 * hold several scopes).
 */
const NAIVE: Record<string, { rule: string; count: (plan: Plan) => Mapping }> = {
  auth0: {
    rule: "tenant + per resource an API and one ResourceServerScope per scope (instead of one ResourceServerScopes per API) + per client a client and its credentials + one grant per (client, resource)",
    count: (plan) => ({ total: 1 + plan.resources.length + scopeCount(plan) + 2 * plan.clients.length + plan.grants.length }),
  },
  okta: {
    rule: "per resource a server and one scope per scope + per client an app and its group assignment + one policy and one rule per (client, resource) grant (instead of one per distinct grant on each server)",
    count: (plan) => ({ total: plan.resources.length + scopeCount(plan) + 2 * plan.clients.length + 2 * plan.grants.length, apps: 2 * plan.clients.length }),
  },
  keycloak: {
    rule: "the component's own mapping: Keycloak needs a client scope and an audience mapper per scope, and its scope-list resources attach each optional scope with its own admin call anyway",
    count: (plan) => ({ total: 1 + 2 * scopeCount(plan) + 3 * plan.clients.length }),
  },
};

const OKTA_APP_TYPES = new Set(["okta:app/oAuth:OAuth", "okta:index/appGroupAssignments:AppGroupAssignments"]);

function countsFor(idp: string, size: { resources: number; clients: number }): IdpCounts {
  const plan = buildPlan(parseConfig(syntheticConfig(size)));
  const specs = targetFor(idp).translate(plan, "mcp").filter((spec) => !isRead(spec.type));
  const component: Mapping = idp === "okta" ? { total: specs.length, apps: specs.filter((spec) => OKTA_APP_TYPES.has(spec.type)).length } : { total: specs.length };
  const naive = NAIVE[idp];
  if (!naive) throw new Error(`no naive mapping for ${idp}`);
  const naiveCounts = naive.count(plan);
  return { idp, size, component, naive: naiveCounts, naiveRule: naive.rule, minutes: minutesAtLimits(idp, component, naiveCounts) };
}

function minutesAtLimits(idp: string, component: Mapping, naive: Mapping): IdpCounts["minutes"] {
  if (idp === "auth0") return AUTH0_LIMITS.map((limit) => ({ plan: limit.plan, component: component.total / limit.perMinute, naive: naive.total / limit.perMinute }));
  if (idp === "okta") {
    // Separate buckets: the deploy lasts as long as the slower one.
    const minutes = (mapping: Mapping, limit: (typeof OKTA_LIMITS)[number]) =>
      Math.max((mapping.apps ?? 0) / limit.apps, (mapping.total - (mapping.apps ?? 0)) / limit.other);
    return OKTA_LIMITS.map((limit) => ({ plan: limit.plan, component: minutes(component, limit), naive: minutes(naive, limit) }));
  }
  // Keycloak is self-hosted and publishes no rate limit.
  return [];
}

const minutesText = (minutes: number) => (minutes < 1 ? `${formatNumber(minutes * 60)} s` : `${formatNumber(minutes)} min`);

/** Object counts per IdP against the naive mapping, and what they mean under published rate limits. */
export const objectCountsSuite: Suite = {
  name: "object-counts",
  async run(context) {
    const idps = COMPONENT_TARGETS.map((target) => target.idp);
    const counts = idps.flatMap((idp) => componentSizes(context.quick).map((size) => countsFor(idp, size)));
    const ratios: RatioRow[] = counts.map((entry) => ({
      benchmark: `object count: ${entry.idp}, ${sizeLabel(entry.size)}`,
      subject: "component",
      baseline: "naive mapping",
      measure: "Management API objects (writes), lower is better",
      ratio: summarize([entry.component.total / entry.naive.total]),
    }));
    const table = markdownTable(
      ["IdP", "Size", "Component objects", "Naive objects", "Saved", "Minimum write time, component / naive"],
      counts.map((entry) => [
        entry.idp,
        sizeLabel(entry.size),
        String(entry.component.total),
        String(entry.naive.total),
        `${entry.naive.total - entry.component.total} (${formatNumber((100 * (entry.naive.total - entry.component.total)) / entry.naive.total)} %)`,
        entry.minutes.length === 0 ? "no published limit (self-hosted)" : entry.minutes.map((m) => `${m.plan}: ${minutesText(m.component)} / ${minutesText(m.naive)}`).join("; "),
      ]),
      ["l", "l", "r", "r", "r", "l"],
    );
    const rules = idps.map((idp) => `- naive ${idp}: ${NAIVE[idp]?.rule}.`);
    return { name: "object-counts", ratios, details: [table, "", ...rules].join("\n"), figures: counts };
  },
};
