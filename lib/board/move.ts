/**
 * Drag and drop and keyboard moves on the board: new orders for a reordered policy or tier, and
 * what a move to another tier changes (spec.tier, the `<tier>.` name prefix).
 *
 * Decisions (see DESIGN.md):
 *  - a card moves as a whole: the enforced policy and its staged copy get the same tier, order
 *    and name, so the pending view keeps the position the user sees;
 *  - Kubernetes NetworkPolicies (and their staged form) never move: Calico puts every one in
 *    the default tier at order 1000;
 *  - the default tier's order is fixed (Calico validates it as 1,000,000), so it never moves,
 *    and tiers that no Tier resource defines cannot be ordered until they are created.
 */
import { DEFAULT_TIER } from "@/lib/policy";
import type { OrderItem } from "@/lib/board/order-plan";
import { planMove } from "@/lib/board/order-plan";
import type { Board, BoardCard, BoardLane, MoveOrderResult, OrderChange, PolicyView } from "@/lib/board/types";

function membersOf(card: BoardCard): PolicyView[] {
  return [card.enforced, card.staged].filter((v): v is PolicyView => v !== undefined);
}

function cardItem(card: BoardCard): OrderItem {
  return { key: card.key, order: card.order, fixed: !card.movable };
}

/** Expands card-level changes to one change per member resource whose order really changes. */
function expand(cards: readonly BoardCard[], result: MoveOrderResult): MoveOrderResult {
  if (!result.ok) return result;
  const byKey = new Map(cards.map((c) => [c.key, c]));
  const changes: OrderChange[] = [];
  for (const change of result.changes) {
    const card = byKey.get(change.key);
    for (const m of card === undefined ? [] : membersOf(card)) {
      if (m.order !== change.order) changes.push({ key: m.key, order: change.order });
    }
  }
  return { ok: true, changes };
}

function notMovableReason(card: BoardCard): string {
  return `${card.key} is a Kubernetes NetworkPolicy: Calico evaluates it in the default tier at order 1000, so it cannot be reordered or moved`;
}

/**
 * Orders to write so that the policy `policyKey` (card key or either member's key) sits at
 * `targetIndex` of `lane.allCards` (its index after the move). Only the moved card changes when
 * there is room between its new neighbours; otherwise the fewest neighbouring cards are
 * renumbered. Changes name member resources (enforced and staged get the same order). Refuses
 * Kubernetes NetworkPolicies, unknown keys, and slots between fixed orders. Never throws.
 */
export function computeMoveOrder(lane: BoardLane, policyKey: string, targetIndex: number): MoveOrderResult {
  const card = lane.allCards.find((c) => c.key === policyKey || c.enforced?.key === policyKey || c.staged?.key === policyKey);
  if (card === undefined) return { ok: false, reason: `policy ${policyKey} is not in tier ${lane.name}` };
  if (!card.movable) return { ok: false, reason: notMovableReason(card) };
  return expand(lane.allCards, planMove(lane.allCards.map(cardItem), card.key, targetIndex, "policy"));
}

/**
 * Orders to write when `card`, coming from another tier, is dropped at `targetIndex` of
 * `lane.allCards`. Same guarantees as computeMoveOrder; combine with canMovePolicy for the tier
 * change and rename. Never throws.
 */
export function computeInsertOrder(lane: BoardLane, card: BoardCard, targetIndex: number): MoveOrderResult {
  if (!card.movable) return { ok: false, reason: notMovableReason(card) };
  const others = lane.allCards.filter((c) => c.key !== card.key);
  const items = [...others.map(cardItem), cardItem(card)];
  return expand([...others, card], planMove(items, card.key, targetIndex, "policy"));
}

function indexOf(lane: BoardLane, policyKey: string): number {
  return lane.allCards.findIndex((c) => c.key === policyKey || c.enforced?.key === policyKey || c.staged?.key === policyKey);
}

/** Keyboard "move up": one place earlier in evaluation order. Refuses at the top. Never throws. */
export function moveUp(lane: BoardLane, policyKey: string): MoveOrderResult {
  const i = indexOf(lane, policyKey);
  if (i === 0) return { ok: false, reason: `${policyKey} is already first in tier ${lane.name}` };
  return computeMoveOrder(lane, policyKey, i < 0 ? 0 : i - 1);
}

/** Keyboard "move down": one place later in evaluation order. Refuses at the bottom. Never throws. */
export function moveDown(lane: BoardLane, policyKey: string): MoveOrderResult {
  const i = indexOf(lane, policyKey);
  if (i >= 0 && i === lane.allCards.length - 1) return { ok: false, reason: `${policyKey} is already last in tier ${lane.name}` };
  return computeMoveOrder(lane, policyKey, i < 0 ? 0 : i + 1);
}

/**
 * Orders to write so that tier `tierName` sits at `targetIndex` among the lanes (its index after
 * the move). Only tiers defined by a Tier resource take part; the default tier keeps its fixed
 * order and is never renumbered. Changes are keyed by tier name. Never throws.
 */
export function computeTierMoveOrder(board: Pick<Board, "lanes">, tierName: string, targetIndex: number): MoveOrderResult {
  const lanes = board.lanes.filter((l) => l.exists);
  const lane = board.lanes.find((l) => l.name === tierName);
  if (lane === undefined) return { ok: false, reason: `tier ${tierName} does not exist` };
  if (!lane.exists) return { ok: false, reason: `tier ${tierName} has no Tier resource; create it before ordering it` };
  if (lane.isDefault) return { ok: false, reason: `the order of the default tier is fixed by Calico (1,000,000)` };
  const items = lanes.map((l): OrderItem => ({ key: l.name, order: l.order, fixed: l.isDefault }));
  return planMove(items, tierName, targetIndex, "tier");
}

/** The outcome of moving a card to another tier. */
export interface MoveChanges {
  /** Set when the tier changes. */
  readonly tierChange?: { readonly from: string; readonly to: string };
  /** Set when `metadata.name` must change (same new name for every member). */
  readonly rename?: { readonly from: string; readonly to: string };
  /** True when the move must delete the old objects and create new ones (names are immutable). */
  readonly recreate: boolean;
  /** Keys of the resources the move touches (the card's members). */
  readonly affected: readonly string[];
}

/** canMovePolicy result. */
export type CanMoveResult = { readonly ok: true; readonly changes: MoveChanges } | { readonly ok: false; readonly reason: string };

/** Options of canMovePolicy. */
export interface CanMoveOptions {
  /**
   * Apply the `<tier>.` name-prefix rule of Calico Enterprise/Cloud and Calico OSS v3.29.4–v3.31
   * (libcalico-go names.ValidateTieredPolicyName): unprefixed names gain the new tier's prefix.
   */
  readonly requireTierPrefix?: boolean;
  /** Keys of every existing policy, to refuse a rename onto an existing name. */
  readonly existingKeys?: ReadonlySet<string>;
}

/**
 * The name a policy gets when it moves from tier `from` to tier `to`: a `<from>.` prefix becomes
 * `<to>.`; without that prefix the name is kept, unless `requireTierPrefix` and `to` is not
 * `default`, where the name gets `<to>.` (replacing any other dotted prefix, as
 * tierPrefixError suggests). Pre-formatted names (`knp.default.`, `ossg.`) never change.
 */
export function renamedForTier(name: string, from: string, to: string, requireTierPrefix = false): string {
  if (name.startsWith("knp.default.") || name.startsWith("ossg.")) return name;
  if (name.startsWith(`${from}.`)) return `${to}.${name.slice(from.length + 1)}`;
  if (!requireTierPrefix || to === DEFAULT_TIER || name.startsWith(`${to}.`)) return name;
  const dot = name.indexOf(".");
  return `${to}.${dot >= 0 ? name.slice(dot + 1) : name}`;
}

function renamedKey(view: PolicyView, name: string): string {
  const ns = view.namespace;
  return ns === undefined ? `${view.kind}/${name}` : `${view.kind}/${ns}/${name}`;
}

/**
 * Whether `card` may be dropped on `targetLane`, and what changes: the tier and, where the name
 * follows the `<tier>.<name>` convention (or `requireTierPrefix` demands it), the exact rename.
 * Dropping on its own lane is a reorder (no changes). Refuses Kubernetes NetworkPolicies, tiers
 * without a Tier resource, and renames onto an existing policy. Never throws.
 */
export function canMovePolicy(card: BoardCard, targetLane: BoardLane, options: CanMoveOptions = {}): CanMoveResult {
  const members = membersOf(card);
  const affected = members.map((m) => m.key);
  if (!card.movable) return { ok: false, reason: notMovableReason(card) };
  if (targetLane.name === card.tier) return { ok: true, changes: { recreate: false, affected } };
  if (!targetLane.exists) return { ok: false, reason: `tier ${targetLane.name} does not exist; create it first` };
  const from = card.tier;
  const to = targetLane.name;
  const oldName = members[0]?.name ?? "";
  const newName = renamedForTier(oldName, from, to, options.requireTierPrefix === true);
  const tierChange = { from, to };
  if (newName === oldName) return { ok: true, changes: { tierChange, recreate: false, affected } };
  const taken = new Set(options.existingKeys ?? []);
  for (const c of targetLane.allCards) for (const m of membersOf(c)) taken.add(m.key);
  for (const m of members) {
    const key = renamedKey(m, newName);
    if (taken.has(key)) return { ok: false, reason: `cannot rename ${m.key} to ${newName}: ${key} already exists` };
  }
  return { ok: true, changes: { tierChange, rename: { from: oldName, to: newName }, recreate: true, affected } };
}
