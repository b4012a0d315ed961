/**
 * Policy compilation: every policy kind becomes one CompiledPolicy with the selector Calico's
 * update processors build for it (networkpolicyprocessor.go, globalnetworkpolicyprocessor.go):
 *  - namespaced kinds: `(selector) && projectcalico.org/namespace == '<ns>'`, AND the
 *    serviceAccountSelector on the endpoint's service-account labels;
 *  - global kinds: the selector, AND namespaceSelector on namespace labels (`all()` anywhere then
 *    means "namespaced"), AND serviceAccountSelector (`all()` then means "has a service account").
 * Types default as clientv3's defaultPolicyTypesField does when the field is empty: no egress
 * rules → [Ingress]; egress rules but no ingress rules → [Egress]; both → [Ingress, Egress].
 */
import type { CalicoResource, PolicySpec, PolicyType, Rule, StagedAction } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { CompiledPolicy, CompiledRule, PolicySummary } from "@/lib/policy/compiled";
import type { TraceStep } from "@/lib/policy/model";
import { k8sNetworkPolicyToCalico } from "@/lib/policy/k8s-conversion";
import { clusterNetworkPolicyToCalico } from "@/lib/policy/cnp-conversion";
import type { PolicyResourceKind } from "@/lib/policy/keys";
import { DEFAULT_TIER, isNamespacedPolicyKind, isStagedPolicyKind, policyDisplayName, policyKeyOf } from "@/lib/policy/keys";
import type { LabelRequirement, LabelledPredicate } from "@/lib/policy/labelled";
import { allOf, memoByClass, selfLabelRequirement } from "@/lib/policy/labelled";
import { parseSelector } from "@/lib/selector";
import type { RuleDeps } from "@/lib/policy/rule-compile";
import { compilePolicySelector, compileRule } from "@/lib/policy/rule-compile";

/** A policy resource normalised to a Calico spec. */
export interface PolicySource {
  readonly path: string;
  readonly kind: PolicyResourceKind;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly spec: PolicySpec;
  readonly stagedAction: StagedAction | undefined;
  /** Types exactly as given, even none (ClusterNetworkPolicy); otherwise Calico's defaulting applies. */
  readonly explicitTypes?: readonly PolicyType[];
}

/** Normalises a resource into a PolicySource; undefined for non-policy kinds. */
export function toPolicySource(res: CalicoResource, path: string): PolicySource | undefined {
  switch (res.kind) {
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy": {
      const staged = res.kind === "StagedNetworkPolicy" || res.kind === "StagedGlobalNetworkPolicy";
      const stagedAction = staged && "stagedAction" in res.spec ? res.spec.stagedAction || "Set" : staged ? "Set" : undefined;
      return {
        path,
        kind: res.kind,
        name: res.metadata.name,
        namespace: isNamespacedPolicyKind(res.kind) ? res.metadata.namespace ?? "default" : undefined,
        spec: res.spec,
        stagedAction,
      };
    }
    case "KubernetesNetworkPolicy":
    case "StagedKubernetesNetworkPolicy": {
      const converted = k8sNetworkPolicyToCalico(res.metadata.name, res.spec);
      const stagedAction = res.kind === "StagedKubernetesNetworkPolicy" ? res.spec.stagedAction || "Set" : undefined;
      return { path, kind: res.kind, name: res.metadata.name, namespace: res.metadata.namespace ?? "default", spec: converted.spec, stagedAction };
    }
    case "ClusterNetworkPolicy": {
      const converted = clusterNetworkPolicyToCalico(res.spec);
      return { path, kind: res.kind, name: res.metadata.name, namespace: undefined, spec: converted.spec, stagedAction: undefined, explicitTypes: converted.types };
    }
    default:
      return undefined;
  }
}

/** Calico's defaulting of an empty `types` (clientv3 defaultPolicyTypesField). */
export function calicoPolicyTypes(spec: PolicySpec): PolicyType[] {
  if (spec.types !== undefined && spec.types.length > 0) return [...spec.types];
  const ingress = spec.ingress ?? [];
  const egress = spec.egress ?? [];
  if (egress.length === 0) return ["Ingress"];
  if (ingress.length === 0) return ["Egress"];
  return ["Ingress", "Egress"];
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== "" ? s : undefined;
}

function appliesToPredicate(src: PolicySource, errors: FieldError[]): LabelledPredicate {
  const { spec, path } = src;
  const selector = nonEmpty(spec.selector);
  const saSelector = nonEmpty(spec.serviceAccountSelector);
  if (src.namespace !== undefined) {
    const ns = src.namespace;
    return allOf([
      (x) => x.namespace === ns,
      compilePolicySelector(selector, `${path}.spec.selector`, "self", errors),
      compilePolicySelector(saSelector, `${path}.spec.serviceAccountSelector`, "serviceAccount", errors),
    ]);
  }
  const nsSelector = nonEmpty(spec.namespaceSelector);
  const selfCtx = nsSelector !== undefined ? "selfNamespacedAll" : saSelector !== undefined ? "selfHasSaAll" : "self";
  return allOf([
    compilePolicySelector(selector, `${path}.spec.selector`, selfCtx, errors),
    compilePolicySelector(nsSelector, `${path}.spec.namespaceSelector`, "namespace", errors),
    compilePolicySelector(saSelector, `${path}.spec.serviceAccountSelector`, "serviceAccountHasSaAll", errors),
  ]);
}

/** The label the policy's selector needs on every endpoint it selects (none for a bad selector: the set fails to build). */
function selectorNeeds(src: PolicySource): LabelRequirement | undefined {
  const text = nonEmpty(src.spec.selector);
  if (text === undefined) return undefined;
  const parsed = parseSelector(text);
  return parsed.ok ? selfLabelRequirement(parsed.value.ast) : undefined;
}

function compileRules(rules: readonly Rule[] | undefined, ns: string | undefined, path: string, deps: RuleDeps, errors: FieldError[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  (rules ?? []).forEach((r, i) => {
    const c = compileRule(r, ns, `${path}[${i}]`, deps);
    if (c.ok) out.push(c.value);
    else errors.push(...c.error);
  });
  return out;
}

/** Compiles one policy (`id` is its dense index). Errors (bad selectors, CIDRs, ports, protocols) are appended to `errors`. */
function ruleSteps(rules: readonly Rule[] | undefined, base: StepBase): TraceStep[] {
  return (rules ?? []).map((r, i) => Object.freeze({ kind: "rule" as const, ...base, rule: i, action: r.action }));
}

type StepBase = { readonly tier: string; readonly policy: string; readonly namespace?: string; readonly staged: boolean };

export function compilePolicy(src: PolicySource, id: number, deps: RuleDeps, errors: FieldError[]): CompiledPolicy {
  const tier = nonEmpty(src.spec.tier) ?? DEFAULT_TIER;
  const types = src.explicitTypes !== undefined ? [...src.explicitTypes] : calicoPolicyTypes(src.spec);
  const displayName = policyDisplayName(src.kind, src.name, tier);
  const evaluated = src.spec.doNotTrack !== true && src.spec.preDNAT !== true;
  const summary: PolicySummary = {
    key: policyKeyOf({ kind: src.kind, metadata: { name: src.name, namespace: src.namespace } }),
    kind: src.kind,
    name: src.name,
    ...(src.namespace !== undefined ? { namespace: src.namespace } : {}),
    tier,
    order: src.spec.order,
    displayName,
    staged: isStagedPolicyKind(src.kind),
    ...(src.stagedAction !== undefined ? { stagedAction: src.stagedAction } : {}),
    types,
    evaluated,
  };
  const base: StepBase = {
    tier,
    policy: displayName,
    ...(src.namespace !== undefined ? { namespace: src.namespace } : {}),
    staged: summary.staged,
  };
  const hasLog = [...(src.spec.ingress ?? []), ...(src.spec.egress ?? [])].some((r) => r.action === "Log");
  return {
    id,
    summary,
    noMatchStep: Object.freeze({ kind: "noMatch" as const, ...base }),
    ingressSteps: ruleSteps(src.spec.ingress, base),
    egressSteps: ruleSteps(src.spec.egress, base),
    hasLog,
    sortName: src.namespace !== undefined ? `${src.namespace}/${displayName}` : displayName,
    orderValue: src.spec.order ?? Number.POSITIVE_INFINITY,
    appliesTo: memoByClass(appliesToPredicate(src, errors), deps.classes),
    selectorNeeds: selectorNeeds(src),
    ingress: types.includes("Ingress"),
    egress: types.includes("Egress"),
    ingressRules: compileRules(src.spec.ingress, src.namespace, `${src.path}.spec.ingress`, deps, errors),
    egressRules: compileRules(src.spec.egress, src.namespace, `${src.path}.spec.egress`, deps, errors),
  };
}
