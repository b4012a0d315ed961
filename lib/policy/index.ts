/**
 * Public API of the tiered policy engine: compile tiers, Calico policies, staged policies,
 * Kubernetes NetworkPolicies and network sets into a CompiledPolicySet, then judge connection
 * tuples exactly as Calico's dataplane would (verdict + trace), enforced and pending (staged).
 * Everything else in this folder is internal. See DESIGN.md for the semantics and their sources.
 */
export type {
  Labels,
  EndpointPortSpec,
  WorkloadEndpoint,
  HostEndpointModel,
  EndpointModel,
  ServiceAccountModel,
  NamespaceModel,
  ServiceModel,
  Peer,
  HttpRequestInfo,
  Connection,
  VerdictReason,
  TraceStep,
  DirectionVerdict,
  Verdict,
} from "@/lib/policy/model";
export type { PolicyKey, PolicyResourceKind } from "@/lib/policy/keys";
export { policyKeyOf, policyDisplayName, endpointKeyOf, DEFAULT_TIER, DEFAULT_TIER_ORDER, K8S_NP_ORDER, KUBE_ADMIN_TIER, KUBE_BASELINE_TIER, KUBE_ADMIN_TIER_ORDER, KUBE_BASELINE_TIER_ORDER, toEnforcedKind, isStagedPolicyKind } from "@/lib/policy/keys";
export type { CompiledPolicySet, PolicySetInput, PolicySummary, TierSummary } from "@/lib/policy/compiled";
export { buildPolicySet } from "@/lib/policy/build";
export { evaluate } from "@/lib/policy/evaluate";
export type { ImpactEntry } from "@/lib/policy/impact";
export { computeImpact } from "@/lib/policy/impact";
export { endpointsSelectedBy } from "@/lib/policy/selection";
export { formatTraceEntry, formatVerdictPolicies } from "@/lib/policy/flow-log-format";
export { k8sNetworkPolicyToCalico } from "@/lib/policy/k8s-conversion";
export { clusterNetworkPolicyToCalico, cnpDisplayName, CNP_RULE_NAME_ANNOTATION } from "@/lib/policy/cnp-conversion";
export { sortTiers, sortPolicies } from "@/lib/policy/ordering";
export { ruleIndexLabel, RULE_INDEX_HINT } from "@/lib/policy/rule-label";
export type { LintCode, LintFinding, LintInput, LintPolicyRef, LintSeverity, RuleDirection } from "@/lib/policy/lint";
export { LINT_SEVERITIES, lintPolicies, ruleHitKey, severityRank } from "@/lib/policy/lint";
