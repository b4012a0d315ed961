/**
 * Public API of the recommender: observed flows → proposed Calico policies with evidence, for one
 * workload (the wizard) or every namespace (namespace isolation), the recommendation status
 * machine, and judging a recommendation against the flows it came from. See DESIGN.md.
 */
export type { RecommendCluster, RuleScope, RuleDirection, RuleEvidence, Recommendation, RecommendOptions } from "@/lib/recommend/types";
export { RULE_SCOPES } from "@/lib/recommend/types";
export { UNSTABLE_LABEL_KEYS, PREFERRED_SELECTOR_KEYS, isStableLabelKey, commonLabels, workloadSelector, labelsSelector, namespaceNameSelector } from "@/lib/recommend/labels";
export { RecommendIndex } from "@/lib/recommend/cluster-index";
export type { Granularity, PeerSpec, PeerContext } from "@/lib/recommend/peers";
export { classifyPeer, PRIVATE_NETS, KUBE_DNS_SELECTOR, KUBE_DNS_NAMESPACE } from "@/lib/recommend/peers";
export { ANNOTATION_PREFIX } from "@/lib/recommend/rules";
export type { WorkloadInput, WorkloadOptions } from "@/lib/recommend/workload";
export { recommendForWorkload, isWorkloadEndpoint } from "@/lib/recommend/workload";
export type { NamespacesInput } from "@/lib/recommend/namespace";
export { recommendForNamespace, recommendForNamespaces, namespaceRecommendationName, NAMESPACE_ISOLATION_TIER, NAMESPACE_ISOLATION_TIER_ORDER } from "@/lib/recommend/namespace";
export type { RecommendationState, RecommendationStatus, StateInput } from "@/lib/recommend/state";
export { RECOMMENDATION_STATES, nextRecommendationState, DEFAULT_INTERVAL_SECONDS, DEFAULT_INITIAL_LOOKBACK_SECONDS, DEFAULT_STABILIZATION_SECONDS } from "@/lib/recommend/state";
export { rulesSignature, hasRuleChanges, hasRules } from "@/lib/recommend/signature";
export type { ObservedConnection } from "@/lib/recommend/connections";
export { toObservedConnections, PRIVATE_STAND_IN_IP, PUBLIC_STAND_IN_IP } from "@/lib/recommend/connections";
export type { DeniedObservation, ObservedImpact } from "@/lib/recommend/judge";
export { findDeniedObserved, impactOnObserved, verdictOfObserved } from "@/lib/recommend/judge";
export { STATUS_ANNOTATION, LAST_UPDATED_ANNOTATION, LAST_FLOW_SEEN_ANNOTATION, toRfc3339, statusFromAnnotations, statusAnnotations, evidenceFromAnnotations } from "@/lib/recommend/annotations";
