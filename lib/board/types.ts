/**
 * View types of the policy board: lanes (tiers) holding cards (policies) in evaluation order.
 * These are display shapes built from the resource model (lib/calico/types.ts); they carry the
 * source resource so that editors and mutations never have to look it up again.
 */
import type { CalicoResource, PolicyType, StagedAction, Tier } from "@/lib/calico/types";
import type { PolicyKey, PolicyResourceKind } from "@/lib/policy";

/** A policy resource: every kind that lives in a tier. */
export type PolicyResource = Extract<CalicoResource, { readonly kind: PolicyResourceKind }>;

/** A policy resource the console's form editor edits (a ClusterNetworkPolicy is edited as YAML). */
export type EditablePolicyResource = Exclude<PolicyResource, { readonly kind: "ClusterNetworkPolicy" }>;

/** Enforced policy kinds. */
export type EnforcedPolicyKind = "NetworkPolicy" | "GlobalNetworkPolicy" | "KubernetesNetworkPolicy" | "ClusterNetworkPolicy";

/** Staged policy kinds. */
export type StagedPolicyKind = "StagedNetworkPolicy" | "StagedGlobalNetworkPolicy" | "StagedKubernetesNetworkPolicy";

/** One policy resource as the board shows it. */
export interface PolicyView {
  readonly key: PolicyKey;
  readonly kind: PolicyResourceKind;
  /** `namespace` for namespaced kinds, `global` for GlobalNetworkPolicy and its staged form. */
  readonly scope: "namespace" | "global";
  readonly namespace?: string;
  /** `metadata.name` exactly as stored. */
  readonly name: string;
  /** The name without its `<tier>.` prefix (shortPolicyName). */
  readonly shortName: string;
  /** Calico's display name (`security.allow-dns`, `knp.default.x`, `staged:default.y`). */
  readonly displayName: string;
  readonly tier: string;
  /** `spec.order`; Kubernetes NetworkPolicies report 1000 (fixed by Calico); undefined = last. */
  readonly order: number | undefined;
  /**
   * The applies-to selector as Calico selector text: `spec.selector` for Calico kinds (empty =
   * `all()`), the podSelector translated to Calico syntax for Kubernetes kinds.
   */
  readonly selector: string;
  /**
   * `spec.namespaceSelector` of global Calico kinds when set: a policy scoped only by it applies
   * to every endpoint of the matching namespaces, which `selector` alone (`all()`) hides.
   */
  readonly namespaceSelector?: string;
  /** Effective policy types after Calico's (or Kubernetes') defaulting. */
  readonly directions: readonly PolicyType[];
  readonly ingressRuleCount: number;
  readonly egressRuleCount: number;
  readonly staged: boolean;
  /** Staged kinds only; `Set` when the field is absent. */
  readonly stagedAction?: StagedAction;
  /** Endpoints the policy selects, when the caller passed a compiled policy set. */
  readonly endpointCount?: number;
  readonly labels: Readonly<Record<string, string>>;
  /** False for Kubernetes kinds: Calico fixes their tier (default) and order (1000). */
  readonly movable: boolean;
  /** doNotTrack / preDNAT policies are not part of the normal evaluation (Calico's raw/nat tables). */
  readonly untracked: boolean;
  readonly resource: PolicyResource;
}

/**
 * A board card: an enforced policy and/or the staged policy of the same kind family, namespace
 * and name, shown side by side. At least one of `enforced` / `staged` is present.
 */
export interface BoardCard {
  /** Key of the primary member: the enforced policy when present, else the staged one. */
  readonly key: PolicyKey;
  readonly enforced?: PolicyView;
  readonly staged?: PolicyView;
  /** Tier and order of the primary member: where the card sits. */
  readonly tier: string;
  readonly order: number | undefined;
  /** True when every member may be reordered or moved (no Kubernetes NetworkPolicy). */
  readonly movable: boolean;
  /** v1-style tie-break name of the primary member, as felix compares policies of equal order. */
  readonly sortName: string;
}

/** One tier and its cards. */
export interface BoardLane {
  readonly name: string;
  /** Effective order: `spec.order`, or 1,000,000 for `default` when absent; undefined = last. */
  readonly order: number | undefined;
  readonly defaultAction: "Deny" | "Pass";
  /**
   * False for a tier that policies name but no Tier resource defines (Calico ignores such
   * policies until the tier exists and sorts the tier after every real one). `default` always exists.
   */
  readonly exists: boolean;
  readonly isDefault: boolean;
  readonly resource?: Tier;
  /** Cards that pass the filters, in evaluation order. */
  readonly cards: readonly BoardCard[];
  /** Every card of the tier, filtered or not, in evaluation order (moves are computed on these). */
  readonly allCards: readonly BoardCard[];
}

/** Board filters; every given filter must match (AND). Empty values mean "no filter". */
export interface BoardFilters {
  /** Namespaces to show; global policies are hidden when this is set. */
  readonly namespaces?: readonly string[];
  /** Kinds to show (a card matches when any member has one of them). */
  readonly kinds?: readonly PolicyResourceKind[];
  /** Case-insensitive substring of the name (short name, stored name or display name). */
  readonly name?: string;
  /** A Calico selector evaluated on the policies' metadata labels. */
  readonly labelSelector?: string;
  /** Only cards with a staged member. */
  readonly stagedOnly?: boolean;
  /** Case-insensitive free text over names, namespace and selector. */
  readonly search?: string;
}

/** The policy board. */
export interface Board {
  /** Tiers in evaluation order. */
  readonly lanes: readonly BoardLane[];
  /** Set when `filters.labelSelector` does not parse; the filter then matches nothing. */
  readonly filterError?: string;
}

/** A new `spec.order` for one resource (policy key or tier name). */
export interface OrderChange {
  readonly key: string;
  readonly order: number;
}

/** Outcome of a reorder computation: the order changes to write, or why the move is refused. */
export type MoveOrderResult =
  | { readonly ok: true; readonly changes: readonly OrderChange[] }
  | { readonly ok: false; readonly reason: string };
