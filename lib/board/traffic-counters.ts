/**
 * Per-policy traffic counters of the board: how many flow-log records a policy allowed, denied
 * or passed in a time range. The flow store groups trace entries by (trace, tier, name, action)
 * in SQL; this module maps those groups onto board policy keys.
 *
 * A trace entry names a policy as Calico's flow logs do (lib/policy policyDisplayName:
 * `<tier>.<name>`, `<ns>/<tier>.<name>`, `<ns>/knp.default.<name>`, `staged:` before the name
 * part), so each policy resource's identity is computed the same way and looked up. Enforced
 * policies count hits of the enforced trace; staged policies count hits of the pending trace
 * (the only trace they appear in). An end-of-tier deny is reported against the tier's first
 * applicable policy (rule index -1), so it counts as that policy's deny, as in Calico.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { policyDisplayName, policyKeyOf } from "@/lib/policy";
import { isPolicyResource, isStagedResource, tierOfPolicy } from "@/lib/board/policy-view";
import type { PolicyResource } from "@/lib/board/types";

/** Which flow-log trace a group was counted in. */
export type TraceKind = "enforced" | "pending";

/** One group of trace entries as the flow store returns it. */
export interface TraceHitGroup {
  readonly trace: TraceKind;
  readonly tier: string;
  /** The entry's name field as written (`ns/tier.name`, `staged:tier.name`…). */
  readonly name: string;
  /** Lower-case action; anything but allow / deny / pass is ignored. */
  readonly action: string;
  readonly hits: number;
}

/** Hit counts of one policy in a range. */
export interface PolicyTraffic {
  readonly allowed: number;
  readonly denied: number;
  readonly passed: number;
}

/** The flow-log identity of a policy resource: `<tier>|<name field>`. */
export function flowLogIdentityOf(resource: PolicyResource): string {
  const tier = tierOfPolicy(resource);
  const display = policyDisplayName(resource.kind, resource.metadata.name, tier);
  const ns = resource.metadata.namespace;
  const namespaced = resource.kind !== "GlobalNetworkPolicy" && resource.kind !== "StagedGlobalNetworkPolicy";
  return `${tier}|${namespaced && ns !== undefined ? `${ns}/` : ""}${display}`;
}

/**
 * Counters for every policy of `resources` (zeros when it had no hits, so "unused" is
 * decidable), keyed by policy key. Groups naming no current policy (deleted, profiles) are
 * dropped. Never throws.
 */
export function policyTrafficOf(resources: readonly CalicoResource[], groups: readonly TraceHitGroup[]): Record<string, PolicyTraffic> {
  const counts = new Map<string, { allowed: number; denied: number; passed: number }>();
  for (const g of groups) {
    const id = `${g.trace}|${g.tier}|${g.name}`;
    const c = counts.get(id) ?? { allowed: 0, denied: 0, passed: 0 };
    const action = g.action.toLowerCase();
    if (action === "allow") c.allowed += g.hits;
    else if (action === "deny") c.denied += g.hits;
    else if (action === "pass") c.passed += g.hits;
    counts.set(id, c);
  }
  const out: Record<string, PolicyTraffic> = {};
  for (const r of resources) {
    if (!isPolicyResource(r)) continue;
    const trace: TraceKind = isStagedResource(r) ? "pending" : "enforced";
    out[policyKeyOf(r)] = counts.get(`${trace}|${flowLogIdentityOf(r)}`) ?? { allowed: 0, denied: 0, passed: 0 };
  }
  return out;
}

/** True when an enforced policy had no hit at all in the range (the board's "unused" badge). */
export function isUnused(traffic: PolicyTraffic | undefined): boolean {
  return traffic !== undefined && traffic.allowed + traffic.denied + traffic.passed === 0;
}
