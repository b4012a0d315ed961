/**
 * Whether a recomputed recommendation differs from the stored one in what it allows: the
 * selector, types and rules, with rule annotations (evidence counts and times, which move every
 * interval) left out.
 */
import type { PolicySpec, Rule } from "@/lib/calico/types";

function stripRule(r: Rule): Rule {
  const { metadata: _metadata, ...rest } = r;
  return rest;
}

/** JSON with object keys sorted, so a stored copy whose keys were reordered compares equal. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>; // a plain JSON object here
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** A canonical text of what a policy spec allows (annotations excluded, key order ignored). Never throws. */
export function rulesSignature(spec: Pick<PolicySpec, "selector" | "types" | "ingress" | "egress">): string {
  return stableJson({ selector: spec.selector ?? "", types: spec.types ?? [], ingress: (spec.ingress ?? []).map(stripRule), egress: (spec.egress ?? []).map(stripRule) });
}

/** True when the two specs allow different traffic (by their rules, not their evidence). */
export function hasRuleChanges(before: Pick<PolicySpec, "selector" | "types" | "ingress" | "egress"> | undefined, after: Pick<PolicySpec, "selector" | "types" | "ingress" | "egress">): boolean {
  return before === undefined || rulesSignature(before) !== rulesSignature(after);
}

/** Whether a spec has any rule. */
export function hasRules(spec: Pick<PolicySpec, "ingress" | "egress">): boolean {
  return (spec.ingress?.length ?? 0) + (spec.egress?.length ?? 0) > 0;
}
