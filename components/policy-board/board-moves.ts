/**
 * Board gestures → the changes the server writes. Pure: orders come from lib/board
 * (computeMoveOrder / computeInsertOrder / computeTierMoveOrder / moveUp / moveDown, validity from
 * canMovePolicy); this file only attaches each object's resourceVersion (so a stale board gets a
 * 409 instead of overwriting) and, for a tier change, the new tier and name of every member.
 */
import type { CalicoResource } from "@/lib/calico/types";
import type { Board, BoardCard, BoardLane, MoveChanges, MoveOrderResult, PolicyView } from "@/lib/board";
import { canMovePolicy, computeInsertOrder, computeMoveOrder, computeTierMoveOrder, findCard, isPolicyResource, moveDown, moveUp } from "@/lib/board";
import type { BoardChange } from "@/lib/contracts/board";
import { policyKeyOf } from "@/lib/policy";

/** A planned board edit: the changes to send, and what a confirm dialog should say (tier moves). */
export type PlannedMove =
  | { readonly ok: true; readonly changes: readonly BoardChange[]; readonly confirm?: { readonly card: BoardCard; readonly move: MoveChanges } }
  | { readonly ok: false; readonly reason: string };

/** resourceVersion of every tier and policy by key (`Tier/<name>` for tiers). */
export function versionsOf(resources: readonly CalicoResource[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    const key = isPolicyResource(r) ? policyKeyOf(r) : `${r.kind}/${r.metadata.name}`;
    if (r.metadata.resourceVersion !== undefined) out.set(key, r.metadata.resourceVersion);
  }
  return out;
}

function withVersions(result: MoveOrderResult, versions: ReadonlyMap<string, string>, keyPrefix = ""): PlannedMove {
  if (!result.ok) return result;
  const changes: BoardChange[] = [];
  for (const c of result.changes) {
    const key = `${keyPrefix}${c.key}`;
    const rv = versions.get(key);
    if (rv === undefined) return { ok: false, reason: `${key} has no stored version; reload the board` };
    changes.push({ key, resourceVersion: rv, order: c.order });
  }
  return changes.length === 0 ? { ok: false, reason: "nothing to change" } : { ok: true, changes };
}

function members(card: BoardCard): PolicyView[] {
  return [card.enforced, card.staged].filter((v): v is PolicyView => v !== undefined);
}

/** Whether the card `key` may be dropped on `lane` (canMovePolicy). */
export function canDrop(board: Board, key: string, lane: BoardLane, requireTierPrefix = false): boolean {
  const found = findCard(board, key);
  return found !== undefined && canMovePolicy(found.card, lane, { requireTierPrefix }).ok;
}

/** The changes for dropping card `key` on `lane` at `targetIndex` (its index after the move). */
export function planDrop(board: Board, versions: ReadonlyMap<string, string>, key: string, lane: BoardLane, targetIndex: number, requireTierPrefix = false): PlannedMove {
  const found = findCard(board, key);
  if (found === undefined) return { ok: false, reason: `policy ${key} is no longer on the board` };
  const verdict = canMovePolicy(found.card, lane, { requireTierPrefix });
  if (!verdict.ok) return verdict;
  if (found.lane.name === lane.name) return withVersions(computeMoveOrder(lane, key, targetIndex), versions);
  const orders = computeInsertOrder(lane, found.card, targetIndex);
  if (!orders.ok) return orders;
  const move = verdict.changes;
  const byKey = new Map<string, BoardChange>();
  for (const c of orders.changes) {
    const rv = versions.get(c.key);
    if (rv === undefined) return { ok: false, reason: `${c.key} has no stored version; reload the board` };
    byKey.set(c.key, { key: c.key, resourceVersion: rv, order: c.order });
  }
  for (const m of members(found.card)) {
    const rv = versions.get(m.key);
    if (rv === undefined) return { ok: false, reason: `${m.key} has no stored version; reload the board` };
    byKey.set(m.key, { ...(byKey.get(m.key) ?? { key: m.key, resourceVersion: rv }), tier: lane.name, ...(move.rename !== undefined ? { name: move.rename.to } : {}) });
  }
  return { ok: true, changes: [...byKey.values()], confirm: { card: found.card, move } };
}

/** Keyboard move of a card one place up or down its lane. */
export function planStep(lane: BoardLane, versions: ReadonlyMap<string, string>, key: string, direction: "up" | "down"): PlannedMove {
  return withVersions(direction === "up" ? moveUp(lane, key) : moveDown(lane, key), versions);
}

/** Reorder of tier `name` to `targetIndex` among the tiers that exist. */
export function planTierMove(board: Board, versions: ReadonlyMap<string, string>, name: string, targetIndex: number): PlannedMove {
  return withVersions(computeTierMoveOrder(board, name, targetIndex), versions, "Tier/");
}
