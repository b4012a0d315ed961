/**
 * metav1.LabelSelector ({matchLabels, matchExpressions}) → Calico selector text, and a matcher
 * with Kubernetes' semantics (metav1.LabelSelectorAsSelector + labels.Requirement.Matches).
 */
import type { LabelSelector, LabelSelectorRequirement } from "@/lib/calico/types";
import type { Labels } from "@/lib/selector/ast";
import { compareCodePoints } from "@/lib/selector/ast";
import type { K8sOperator, K8sRequirement } from "@/lib/selector/k8s-requirement";
import { k8sRequirementProblem, matchesK8sRequirement } from "@/lib/selector/k8s-requirement";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/** What an invalid LabelSelector converts to: Calico has no `none()`, `!all()` matches nothing. */
export const MATCH_NOTHING_SELECTOR = "!all()";

function toOperator(op: LabelSelectorRequirement["operator"] | string): K8sOperator | null {
  switch (op) {
    case "In":
      return "in";
    case "NotIn":
      return "notin";
    case "Exists":
      return "exists";
    case "DoesNotExist":
      return "!";
    default:
      return null;
  }
}

/**
 * The requirements of a LabelSelector as LabelSelectorAsSelector builds them: one `=` per
 * matchLabels entry (keys sorted), then each matchExpression in order. Err with the first
 * problem when Kubernetes would reject the selector (bad key or value, unknown operator,
 * In/NotIn without values, Exists/DoesNotExist with values). Never throws.
 */
export function toK8sRequirements(sel: LabelSelector): Result<readonly K8sRequirement[], string> {
  const reqs: K8sRequirement[] = [];
  const matchLabels = sel.matchLabels ?? {};
  for (const key of Object.keys(matchLabels).sort(compareCodePoints)) {
    reqs.push({ key, operator: "=", values: [matchLabels[key] ?? ""] });
  }
  for (const expr of sel.matchExpressions ?? []) {
    const operator = toOperator(expr.operator);
    if (operator === null) return err(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push({ key: expr.key, operator, values: expr.values ?? [] });
  }
  for (const r of reqs) {
    const problem = k8sRequirementProblem(r);
    if (problem !== null) return err(problem);
  }
  return ok(reqs);
}

/**
 * Kubernetes matching: every matchLabels entry equal, every expression satisfied (NotIn and
 * DoesNotExist match when the key is absent). An empty selector matches everything. A selector
 * Kubernetes would reject matches nothing (fail closed). Never throws.
 */
export function matchesK8sLabelSelector(sel: LabelSelector, labels: Labels): boolean {
  const reqs = toK8sRequirements(sel);
  return reqs.ok && reqs.value.every((r) => matchesK8sRequirement(r, labels));
}

function quote(v: string): string {
  return v.includes("'") ? `"${v}"` : `'${v}'`;
}

function requirementToCalico(r: K8sRequirement): string {
  switch (r.operator) {
    case "in":
      return `${r.key} in { ${r.values.map(quote).join(", ")} }`;
    case "notin":
      return `${r.key} not in { ${r.values.map(quote).join(", ")} }`;
    case "exists":
      return `has(${r.key})`;
    case "!":
      return `! has(${r.key})`;
    default:
      return `${r.key} == ${quote(r.values[0] ?? "")}`;
  }
}

/**
 * Calico selector text for a Kubernetes LabelSelector, written exactly as Calico's own
 * converter writes it (libcalico-go k8s/conversion k8sSelectorToCalico, without the
 * `projectcalico.org/orchestrator == 'k8s'` term it adds for pod selectors):
 * matchLabels sorted by key as `key == 'value'`, then matchExpressions in order as
 * `key in { 'a', 'b' }`, `key not in { 'a' }`, `has(key)`, `! has(key)`, joined by " && ".
 * Pass the result through parseSelector(...).canonical for the canonical form.
 *
 * The empty selector gives `all()`. A selector Kubernetes would reject gives `!all()` (matches
 * nothing), consistent with matchesK8sLabelSelector. Never throws.
 */
export function k8sLabelSelectorToCalico(sel: LabelSelector): string {
  const reqs = toK8sRequirements(sel);
  if (!reqs.ok) return MATCH_NOTHING_SELECTOR;
  if (reqs.value.length === 0) return "all()";
  return reqs.value.map(requirementToCalico).join(" && ");
}
