/**
 * Facts about the kinds a ClusterBackend serves: scope (namespaced or cluster-wide), which kinds
 * are policies living in a tier, and the built-in objects that cannot be deleted.
 */
import type { ClusterKind, ClusterObject, CoreKind } from "@/lib/cluster/backend";
import { NAMESPACED_KINDS, RESOURCE_KINDS } from "@/lib/calico/types";
import { cnpCalicoTier } from "@/lib/calico/policy-names";
import type { ResourceKind } from "@/lib/calico/types";

export const CORE_KINDS = ["Namespace", "Pod", "Service", "ServiceAccount", "ConfigMap", "Secret"] as const satisfies readonly CoreKind[];

/** Every kind a backend serves, core kinds first. */
export const CLUSTER_KINDS: readonly ClusterKind[] = [...CORE_KINDS, ...RESOURCE_KINDS];

const NAMESPACED_CORE: ReadonlySet<string> = new Set<CoreKind>(["Pod", "Service", "ServiceAccount", "ConfigMap", "Secret"]);

/** Kinds whose policies carry `spec.tier` (Calico policies; Kubernetes policies are implicitly in `default`). */
export const TIERED_POLICY_KINDS = ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy"] as const satisfies readonly ResourceKind[];
export type TieredPolicyKind = (typeof TIERED_POLICY_KINDS)[number];

/** Every policy kind, tiered or not; the `tier` list filter applies to these. */
export const POLICY_KINDS = [...TIERED_POLICY_KINDS, "KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy", "ClusterNetworkPolicy"] as const satisfies readonly ResourceKind[];

/** The tier a policy without `spec.tier` belongs to. */
export const DEFAULT_TIER = "default";

/** Tiers Calico creates itself and refuses to delete. */
export const BUILT_IN_TIERS: ReadonlySet<string> = new Set(["default", "kube-admin", "kube-baseline"]);

/** Whether `kind` is one this backend serves. */
export function isClusterKind(kind: unknown): kind is ClusterKind {
  return typeof kind === "string" && (CLUSTER_KINDS as readonly string[]).includes(kind);
}

/** Whether objects of `kind` live in a namespace. */
export function isNamespacedKind(kind: ClusterKind): boolean {
  // Widening the set's element type for a lookup is safe.
  return NAMESPACED_CORE.has(kind) || (NAMESPACED_KINDS as ReadonlySet<string>).has(kind);
}

/** Whether `kind` is a Calico policy kind with a `spec.tier`. */
export function isTieredPolicyKind(kind: string): kind is TieredPolicyKind {
  return (TIERED_POLICY_KINDS as readonly string[]).includes(kind);
}

/** Whether `kind` is any policy kind. */
export function isPolicyKind(kind: string): boolean {
  return (POLICY_KINDS as readonly string[]).includes(kind);
}

/**
 * The tier of a policy object: `spec.tier`, or `default` when unset or empty, and always
 * `default` for Kubernetes policies. Undefined for objects that are not policies.
 */
export function tierOf(obj: ClusterObject): string | undefined {
  if (!isPolicyKind(obj.kind)) return undefined;
  // A ClusterNetworkPolicy lives in kube-admin (tier Admin) or kube-baseline (tier Baseline).
  if (obj.kind === "ClusterNetworkPolicy") return cnpCalicoTier(obj.spec.tier);
  if (!isTieredPolicyKind(obj.kind)) return DEFAULT_TIER;
  const spec: unknown = "spec" in obj ? obj.spec : undefined;
  // "tier" in spec was checked; its value is type-checked next.
  const tier = spec && typeof spec === "object" && "tier" in spec ? (spec as { tier?: unknown }).tier : undefined;
  return typeof tier === "string" && tier !== "" ? tier : DEFAULT_TIER;
}

const API_GROUPS: Readonly<Record<string, string>> = {
  KubernetesNetworkPolicy: "networking.k8s.io",
  StagedKubernetesNetworkPolicy: "projectcalico.org",
  ClusterNetworkPolicy: "policy.networking.k8s.io",
};

/**
 * The resource name Kubernetes uses in messages: `pods`, `tiers.projectcalico.org`,
 * `networkpolicies.networking.k8s.io`.
 */
export function resourceName(kind: ClusterKind): string {
  const base = kind === "KubernetesNetworkPolicy" ? "NetworkPolicy" : kind;
  const lower = base.toLowerCase();
  const plural = lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  if ((CORE_KINDS as readonly string[]).includes(kind)) return plural;
  return `${plural}.${API_GROUPS[kind] ?? "projectcalico.org"}`;
}

/** Namespaces Kubernetes refuses to delete. */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public"]);
