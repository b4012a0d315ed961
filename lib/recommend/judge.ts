/**
 * Judging a recommendation against the flows it came from: which observed allowed flows a policy
 * set would still deny (and by which policy — the shadowing hint), and the impact of enforcing
 * the recommendation on exactly those flows.
 */
import type { CompiledPolicySet, DirectionVerdict, Verdict } from "@/lib/policy";
import { computeImpact, evaluate } from "@/lib/policy";
import type { ObservedConnection } from "@/lib/recommend/connections";

/** An observed allowed flow that a policy set denies, with the decision that denies it. */
export interface DeniedObservation {
  readonly observed: ObservedConnection;
  readonly tier?: string;
  readonly policy?: string;
  readonly namespace?: string;
  readonly rule?: number;
  /** `rule` (a Deny rule), `endOfTier`, `noPolicy` / `passedOutOfLastTier` (no profile allowed). */
  readonly reason: DirectionVerdict["reason"];
}

/** The verdict of the flow's own direction (egress at a `src` reporter, ingress at `dst`). */
export function verdictOfObserved(v: Verdict, o: ObservedConnection, pending = false): DirectionVerdict | null {
  const side = pending ? v.staged : v;
  return o.direction === "egress" ? side.egress : side.ingress;
}

/**
 * The observed connections `set` denies in their own direction (enforced view, or the pending
 * view with `pending`), in input order. Never throws.
 */
export function findDeniedObserved(set: CompiledPolicySet, observed: readonly ObservedConnection[], pending = false): DeniedObservation[] {
  const out: DeniedObservation[] = [];
  for (const o of observed) {
    const d = verdictOfObserved(evaluate(set, o.connection), o, pending);
    if (d === null || d.action === "Allow") continue;
    out.push({ observed: o, reason: d.reason, ...(d.tier !== undefined ? { tier: d.tier } : {}), ...(d.policy !== undefined ? { policy: d.policy } : {}), ...(d.namespace !== undefined ? { namespace: d.namespace } : {}), ...(d.rule !== undefined ? { rule: d.rule } : {}) });
  }
  return out;
}

/** One observed connection whose enforced verdict changes. */
export interface ObservedImpact {
  readonly observed: ObservedConnection;
  readonly before: Verdict;
  readonly after: Verdict;
  /** Allowed before in its direction, denied after. */
  readonly newlyDenied: boolean;
}

/**
 * computeImpact over the observed connections: those whose verdict or deciding rule changes
 * between `before` and `after`, marking the ones that would become denied. Never throws.
 */
export function impactOnObserved(before: CompiledPolicySet, after: CompiledPolicySet, observed: readonly ObservedConnection[]): ObservedImpact[] {
  const byConnection = new Map(observed.map((o) => [o.connection, o]));
  return computeImpact(
    before,
    after,
    observed.map((o) => o.connection),
  ).flatMap((e) => {
    const o = byConnection.get(e.connection);
    if (o === undefined) return [];
    const b = verdictOfObserved(e.before, o);
    const a = verdictOfObserved(e.after, o);
    return [{ observed: o, before: e.before, after: e.after, newlyDenied: (b === null || b.action === "Allow") && a !== null && a.action === "Deny" }];
  });
}
