/**
 * buildBoard: resources → lanes (tiers) and cards (policies), both in Calico's evaluation order
 * (felix/calc/policy_sorter.go):
 *  - tiers: tiers defined by a Tier resource before tiers only named by policies (felix's `Valid`
 *    flag), then `order` ascending, no order last, equal orders by name. The `default` tier always
 *    exists with order 1,000,000 unless its resource says otherwise;
 *  - cards in a tier: `order` ascending, no order last (+Inf), equal orders by the v1 name
 *    (`<ns>/<tier>.<name>`, `knp.default.<name>`, `staged:` for staged kinds), byte-wise.
 * A staged policy is paired with the enforced policy of the same kind family, namespace and name
 * (the one it would replace); the pair is one card placed where the enforced policy sits.
 */
import type { CalicoResource, Tier } from "@/lib/calico/types";
import type { CompiledPolicySet } from "@/lib/policy";
import { DEFAULT_TIER, DEFAULT_TIER_ORDER, KUBE_ADMIN_TIER, KUBE_ADMIN_TIER_ORDER, KUBE_BASELINE_TIER, KUBE_BASELINE_TIER_ORDER, endpointsSelectedBy, policyKeyOf } from "@/lib/policy";
import { compileFilters } from "@/lib/board/filters";
import { familyKeyOf, isPolicyResource, isStagedResource, sortNameOf, toPolicyView } from "@/lib/board/policy-view";
import type { Board, BoardCard, BoardFilters, BoardLane, PolicyResource, PolicyView } from "@/lib/board/types";

/** Options of buildBoard. */
export interface BuildBoardOptions {
  readonly filters?: BoardFilters;
  /** When given, each card member reports how many endpoints of this set it selects. */
  readonly policySet?: CompiledPolicySet;
}

/** Byte-wise comparison, as Go's `<` on ASCII names. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders cards as felix orders policies in a tier. */
export function compareCards(a: Pick<BoardCard, "order" | "sortName">, b: Pick<BoardCard, "order" | "sortName">): number {
  const oa = a.order ?? Number.POSITIVE_INFINITY;
  const ob = b.order ?? Number.POSITIVE_INFINITY;
  if (oa === ob) return compareNames(a.sortName, b.sortName);
  return oa < ob ? -1 : 1;
}

/** Orders lanes as felix orders tiers (TierLess). */
export function compareLanes(a: Pick<BoardLane, "exists" | "order" | "name">, b: Pick<BoardLane, "exists" | "order" | "name">): number {
  if (a.exists !== b.exists) return a.exists ? -1 : 1;
  if (a.order === undefined && b.order !== undefined) return 1;
  if (a.order !== undefined && b.order === undefined) return -1;
  if (a.order === b.order) return compareNames(a.name, b.name);
  return (a.order ?? 0) < (b.order ?? 0) ? -1 : 1;
}

function viewOf(resource: PolicyResource, set: CompiledPolicySet | undefined): PolicyView {
  const count = set === undefined ? undefined : endpointsSelectedBy(set, policyKeyOf(resource))?.length;
  return toPolicyView(resource, count);
}

function buildCards(policies: readonly PolicyResource[], set: CompiledPolicySet | undefined): BoardCard[] {
  const pairs = new Map<string, { enforced?: PolicyResource; staged?: PolicyResource }>();
  for (const p of policies) {
    const family = familyKeyOf(p);
    const pair = pairs.get(family) ?? {};
    // A later document with the same key replaces an earlier one, as a re-apply would.
    pairs.set(family, isStagedResource(p) ? { ...pair, staged: p } : { ...pair, enforced: p });
  }
  const cards: BoardCard[] = [];
  for (const pair of pairs.values()) {
    const enforced = pair.enforced === undefined ? undefined : viewOf(pair.enforced, set);
    const staged = pair.staged === undefined ? undefined : viewOf(pair.staged, set);
    const primary = enforced ?? staged;
    if (primary === undefined) continue;
    cards.push({
      key: primary.key,
      ...(enforced !== undefined ? { enforced } : {}),
      ...(staged !== undefined ? { staged } : {}),
      tier: primary.tier,
      order: primary.order,
      movable: (enforced?.movable ?? true) && (staged?.movable ?? true),
      sortName: sortNameOf(primary.resource),
    });
  }
  return cards;
}

/**
 * Calico's built-in tiers (created by Calico itself, fixed order and default action): `default`,
 * and the Kubernetes ClusterNetworkPolicy tiers `kube-admin` and `kube-baseline`.
 */
const BUILT_IN_LANES: ReadonlyMap<string, { readonly order: number; readonly defaultAction: "Deny" | "Pass" }> = new Map([
  [DEFAULT_TIER, { order: DEFAULT_TIER_ORDER, defaultAction: "Deny" }],
  [KUBE_ADMIN_TIER, { order: KUBE_ADMIN_TIER_ORDER, defaultAction: "Pass" }],
  [KUBE_BASELINE_TIER, { order: KUBE_BASELINE_TIER_ORDER, defaultAction: "Pass" }],
] as const);

function laneOrder(name: string, resource: Tier | undefined): number | undefined {
  // The built-in tiers' orders are fixed by Calico; keep them when the resource omits them.
  return resource?.spec.order ?? BUILT_IN_LANES.get(name)?.order;
}

/**
 * Builds the policy board from resources of any kinds (non-policy kinds other than Tier are
 * ignored). Lanes come in evaluation order, each with every card (`allCards`) and the cards that
 * pass `options.filters` (`cards`), both in evaluation order. Empty lanes are kept: they are
 * drop targets. A bad label-selector filter is reported in `filterError`. Never throws.
 */
export function buildBoard(resources: readonly CalicoResource[], options: BuildBoardOptions = {}): Board {
  const tiers = new Map<string, Tier>();
  const policies: PolicyResource[] = [];
  for (const r of resources) {
    if (r.kind === "Tier") tiers.set(r.metadata.name, r);
    else if (isPolicyResource(r)) policies.push(r);
  }
  const cards = buildCards(policies, options.policySet);
  const byTier = new Map<string, BoardCard[]>();
  for (const c of cards) byTier.set(c.tier, [...(byTier.get(c.tier) ?? []), c]);
  const names = new Set<string>([DEFAULT_TIER, ...tiers.keys(), ...byTier.keys()]);
  const filter = compileFilters(options.filters);
  const lanes: BoardLane[] = [...names].map((name) => {
    const resource = tiers.get(name);
    const allCards = [...(byTier.get(name) ?? [])].sort(compareCards);
    return {
      name,
      order: laneOrder(name, resource),
      defaultAction: resource?.spec.defaultAction ?? BUILT_IN_LANES.get(name)?.defaultAction ?? "Deny",
      // Calico creates its built-in tiers itself; default is always shown, the others when used.
      exists: resource !== undefined || BUILT_IN_LANES.has(name),
      isDefault: name === DEFAULT_TIER,
      ...(resource !== undefined ? { resource } : {}),
      cards: allCards.filter(filter.matches),
      allCards,
    };
  });
  lanes.sort(compareLanes);
  return filter.error === undefined ? { lanes } : { lanes, filterError: filter.error };
}

/** Finds the card holding the policy `key` (either member), with its lane. */
export function findCard(board: Board, key: string): { readonly lane: BoardLane; readonly card: BoardCard } | undefined {
  for (const lane of board.lanes) {
    for (const card of lane.allCards) {
      if (card.key === key || card.enforced?.key === key || card.staged?.key === key) return { lane, card };
    }
  }
  return undefined;
}
