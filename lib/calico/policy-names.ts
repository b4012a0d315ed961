/**
 * Calico's tiered policy naming (`<tier>.<name>`) and the policy `types` default, as pure helpers.
 *
 * Upstream history, which these helpers follow (see DESIGN.md "Tier prefix"):
 * - v3.29.4-v3.31 (and Calico Enterprise / Cloud): a policy in tier `t` other than `default`
 *   must be named `t.<name>`; a policy in `default` may be named `x` or `default.x`; names that
 *   start with `knp.default.` or `ossg.` are pre-formatted and exempt
 *   (libcalico-go/lib/names/policy.go ValidateTieredPolicyName). The API server returns the name
 *   as it was created; the backend (CRD) name always carries the tier prefix.
 * - v3.32+ (projectcalico/calico#11232): the prefix rule was dropped for Calico Open Source.
 * Palisade validates like current upstream (no prefix rule) unless the caller asks for the older
 * rule with `requireTierPrefix`; these helpers work the same either way.
 */
import type { CalicoResource, PolicySpec, PolicyType } from "@/lib/calico/types";

export const DEFAULT_TIER = "default";

/** Name prefixes whose policies are named by their generator and exempt from the tier rule. */
const PREFORMATTED_PREFIXES = ["knp.default.", "ossg."] as const;

function isPreformatted(name: string): boolean {
  return PREFORMATTED_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * The tier a policy resource belongs to: `spec.tier` or `default` for Calico policies (staged or
 * not), always `default` for Kubernetes NetworkPolicy; undefined for resources that are not policies.
 */
export function policyTierOf(resource: CalicoResource): string | undefined {
  switch (resource.kind) {
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy":
      return resource.spec.tier === undefined || resource.spec.tier === "" ? DEFAULT_TIER : resource.spec.tier;
    case "KubernetesNetworkPolicy":
    case "StagedKubernetesNetworkPolicy":
      return DEFAULT_TIER;
    case "ClusterNetworkPolicy":
      return cnpCalicoTier(resource.spec.tier);
    default:
      return undefined;
  }
}

/** The Calico tier of a ClusterNetworkPolicy tier (libcalico-go conversion: Admin → kube-admin, Baseline → kube-baseline). */
export function cnpCalicoTier(tier: string | undefined): string {
  return tier === "Baseline" ? "kube-baseline" : "kube-admin";
}

/**
 * The backend (fully qualified) name of a policy: `<tier>.<name>` unless the name already starts
 * with `<tier>.` or is pre-formatted (`knp.default.`, `ossg.`). An empty tier means `default`.
 * This is the name Calico stores in the CRD and shows in flow logs. Never throws.
 */
export function canonicalPolicyName(tier: string, name: string): string {
  const t = tier === "" ? DEFAULT_TIER : tier;
  if (isPreformatted(name) || name.startsWith(`${t}.`)) return name;
  return `${t}.${name}`;
}

/**
 * The name without its tier prefix (`security.allow-dns` in tier `security` → `allow-dns`);
 * names without that prefix, and pre-formatted names, come back unchanged. Never throws.
 */
export function shortPolicyName(tier: string, name: string): string {
  const t = tier === "" ? DEFAULT_TIER : tier;
  if (isPreformatted(name) || !name.startsWith(`${t}.`)) return name;
  return name.slice(t.length + 1);
}

/**
 * Why `name` is not an acceptable v3 name for a policy in `tier` under the tier-prefix rule, or
 * undefined when it is. Mirrors ValidateTieredPolicyName (Calico v3.29.4-v3.31).
 */
export function tierPrefixError(name: string, tier: string | undefined): string | undefined {
  const t = tier === undefined || tier === "" ? DEFAULT_TIER : tier;
  if (name === "" || isPreformatted(name)) return undefined;
  const dot = name.indexOf(".");
  if (dot < 0 && t === DEFAULT_TIER) return undefined;
  if (dot >= 0 && name.startsWith(`${t}.`)) return undefined;
  const suggestion = canonicalPolicyName(t, dot >= 0 ? name.slice(dot + 1) : name);
  return `policy name "${name}" must be prefixed with its tier "${t}." (for example "${suggestion}")`;
}

/**
 * The policy types Calico applies when `types` is empty or absent (libcalico-go clientv3
 * defaultPolicyTypesField): no egress rules → [Ingress] (even with no rules at all); egress but
 * no ingress rules → [Egress]; both → [Ingress, Egress]. Explicit types are returned unchanged.
 */
export function effectivePolicyTypes(spec: Pick<PolicySpec, "types" | "ingress" | "egress">): readonly PolicyType[] {
  if (spec.types !== undefined && spec.types.length > 0) return spec.types;
  const hasEgress = (spec.egress?.length ?? 0) > 0;
  const hasIngress = (spec.ingress?.length ?? 0) > 0;
  if (!hasEgress) return ["Ingress"];
  if (!hasIngress) return ["Egress"];
  return ["Ingress", "Egress"];
}

/**
 * The policy types of a Kubernetes NetworkPolicy when `policyTypes` is empty or absent
 * (networking.k8s.io/v1): Ingress always, plus Egress when there are egress rules.
 */
export function effectiveK8sPolicyTypes(spec: { readonly policyTypes?: readonly PolicyType[]; readonly egress?: readonly unknown[] }): readonly PolicyType[] {
  if (spec.policyTypes !== undefined && spec.policyTypes.length > 0) return spec.policyTypes;
  return (spec.egress?.length ?? 0) > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}
