/**
 * computeImpact: which connections a policy change affects, comparing two compiled sets.
 */
import type { CompiledPolicySet } from "@/lib/policy/compiled";
import { evaluate } from "@/lib/policy/evaluate";
import type { Connection, DirectionVerdict, Verdict } from "@/lib/policy/model";

export interface ImpactEntry {
  readonly connection: Connection;
  readonly before: Verdict;
  readonly after: Verdict;
}

function decider(v: DirectionVerdict | null): string {
  if (v === null) return "-";
  return [v.action, v.reason, v.tier ?? "", v.namespace ?? "", v.policy ?? "", v.rule ?? "", v.profile ?? ""].join("|");
}

/** True when two verdicts differ in outcome or in the tier/policy/rule/profile that decided. */
function differs(a: Verdict, b: Verdict): boolean {
  return (
    a.allowed !== b.allowed ||
    a.staged.allowed !== b.staged.allowed ||
    decider(a.egress) !== decider(b.egress) ||
    decider(a.ingress) !== decider(b.ingress) ||
    decider(a.staged.egress) !== decider(b.staged.egress) ||
    decider(a.staged.ingress) !== decider(b.staged.ingress)
  );
}

/**
 * Evaluates every connection against both sets and returns, in input order, those whose
 * enforced or pending outcome, or whose deciding tier/policy/rule/profile, changed. Never throws.
 */
export function computeImpact(before: CompiledPolicySet, after: CompiledPolicySet, conns: readonly Connection[]): ImpactEntry[] {
  const out: ImpactEntry[] = [];
  for (const connection of conns) {
    const b = evaluate(before, connection);
    const a = evaluate(after, connection);
    if (differs(b, a)) out.push({ connection, before: b, after: a });
  }
  return out;
}
