/**
 * Public API of the Calico/Kubernetes resource layer: the resource model, parsing and
 * validation of YAML/JSON documents, serialisation back to the wire, and tier-name helpers.
 * See DESIGN.md.
 */
export * from "@/lib/calico/types";
export type { ValidationResult, ParsedDocument, ValidateOptions } from "@/lib/calico/validate";
export { parseOneResource } from "@/lib/calico/one-resource";
export { validateResource, parseResources, withDefaultNamespace, DEFAULT_NAMESPACE, CALICO_API_VERSION, CALICO_CRD_API_VERSION, K8S_NETWORKING_API_VERSION, K8S_POLICY_API_VERSION } from "@/lib/calico/validate";
export type { RawDocument } from "@/lib/calico/parse";
export { MAX_NESTING_DEPTH, MAX_YAML_ALIASES, flowNestingDepth, iterateRawDocuments, parseRawDocuments } from "@/lib/calico/parse";
export { toWireObject, toYaml, toJson } from "@/lib/calico/serialize";
export { DEFAULT_TIER, policyTierOf, cnpCalicoTier, canonicalPolicyName, shortPolicyName, tierPrefixError, effectivePolicyTypes, effectiveK8sPolicyTypes } from "@/lib/calico/policy-names";
export { DEFAULT_TIER_ORDER, KUBE_ADMIN_TIER, KUBE_BASELINE_TIER, KUBE_ADMIN_TIER_ORDER, KUBE_BASELINE_TIER_ORDER, RESERVED_TIERS } from "@/lib/calico/validate-resources";
