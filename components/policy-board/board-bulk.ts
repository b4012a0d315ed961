/**
 * Bulk actions of the policy board on a multi-selection of cards (by card key): what a move to
 * another tier writes, how to undo it, and which resources delete / stage / enforce / export
 * touch. Pure; the board view runs the plans. A bulk move keeps every policy's order (Calico's
 * order is a number, not a position), so the cards take their place among the target tier's
 * policies by order, and the undo (planUndo, for every board edit) is exact: each policy back to
 * its tier, order and name.
 */
import type { Board, BoardCard, PolicyView, StagedPolicy } from "@/lib/board";
import { canMovePolicy, isPolicyResource, isStagedResource, toStaged } from "@/lib/board";
import type { CalicoResource } from "@/lib/calico/types";
import type { BoardChange, WriteSummary } from "@/lib/contracts/board";
import { policyKeyOf } from "@/lib/policy";

/** The members of a card: the enforced policy and/or its staged copy. */
export function membersOf(card: BoardCard): PolicyView[] {
  return [card.enforced, card.staged].filter((v): v is PolicyView => v !== undefined);
}

/** The selected cards that are still on the board, in board order. */
export function selectedCards(board: Board, keys: ReadonlySet<string>): BoardCard[] {
  return board.lanes.flatMap((l) => l.allCards.filter((c) => keys.has(c.key)));
}

/** A planned bulk move: the changes (one atomic write), what moved, and what was skipped and why. */
export type BulkMovePlan =
  | { readonly ok: true; readonly changes: readonly BoardChange[]; readonly renames: number; readonly skipped: readonly { readonly key: string; readonly reason: string }[] }
  | { readonly ok: false; readonly reason: string };

function keyWithName(key: string, name: string): string {
  const parts = key.split("/");
  parts[parts.length - 1] = name;
  return parts.join("/");
}

/**
 * Moves the cards `keys` to tier `target` (orders kept). Cards already there are left alone;
 * cards that may not move (Kubernetes policies, name clashes) are skipped with the reason.
 * Refused as a whole when the tier does not exist or nothing would move. Never throws.
 */
export function planBulkMove(board: Board, versions: ReadonlyMap<string, string>, keys: ReadonlySet<string>, target: string): BulkMovePlan {
  const lane = board.lanes.find((l) => l.name === target);
  if (lane === undefined || !lane.exists) return { ok: false, reason: `tier ${target} does not exist; create it first` };
  const changes: BoardChange[] = [];
  const skipped: { key: string; reason: string }[] = [];
  let renames = 0;
  for (const card of selectedCards(board, keys)) {
    if (card.tier === target) continue;
    const verdict = canMovePolicy(card, lane);
    if (!verdict.ok) {
      skipped.push({ key: card.key, reason: verdict.reason });
      continue;
    }
    const rename = verdict.changes.rename;
    if (rename !== undefined) renames++;
    for (const m of membersOf(card)) {
      const rv = versions.get(m.key);
      if (rv === undefined) return { ok: false, reason: `${m.key} has no stored version; reload the board` };
      changes.push({ key: m.key, resourceVersion: rv, tier: target, ...(rename !== undefined ? { name: rename.to } : {}) });
    }
  }
  if (changes.length === 0) return { ok: false, reason: skipped.length > 0 ? skipped.map((s) => `${s.key}: ${s.reason}`).join("; ") : `every selected policy is already in tier ${target}` };
  return { ok: true, changes, renames, skipped };
}

function keyOfResource(r: CalicoResource): string {
  return isPolicyResource(r) ? policyKeyOf(r) : `${r.kind}/${r.metadata.name}`;
}

/**
 * The changes that undo `changes` (any board edit: reorder, tier move, rename, tier reorder):
 * every object back to the order, tier and name it had in `before`, conditioned on the versions
 * the edit wrote (`written`). Undefined when that is impossible: an object's new version is not
 * in `written`, or an order was set where there was none (a board change cannot unset it).
 * Never throws.
 */
export function planUndo(changes: readonly BoardChange[], before: readonly CalicoResource[], written: WriteSummary["written"]): BoardChange[] | undefined {
  const old = new Map(before.map((r) => [keyOfResource(r), r]));
  const out: BoardChange[] = [];
  for (const c of changes) {
    const r = old.get(c.key);
    if (r === undefined) return undefined;
    const spec = r.spec as { readonly order?: number; readonly tier?: string }; // Tier and policy specs both carry these optional fields
    const newKey = c.name !== undefined ? keyWithName(c.key, c.name) : c.key;
    const w = written.find((x) => x.key === newKey && x.op !== "delete");
    if (w?.resourceVersion === undefined) return undefined;
    if (c.order !== undefined && spec.order === undefined) return undefined;
    out.push({
      key: newKey,
      resourceVersion: w.resourceVersion,
      ...(c.order !== undefined && spec.order !== undefined ? { order: spec.order } : {}),
      ...(c.tier !== undefined ? { tier: spec.tier ?? "default" } : {}),
      ...(c.name !== undefined ? { name: r.metadata.name } : {}),
    });
  }
  return out;
}

/** Every resource of the selected cards (enforced and staged members), for delete and export. */
export function selectedResources(board: Board, keys: ReadonlySet<string>): PolicyView[] {
  return selectedCards(board, keys).flatMap(membersOf);
}

/** Staged copies to create: one per selected enforced policy that has no staged copy yet. */
export function plannedStages(board: Board, keys: ReadonlySet<string>): StagedPolicy[] {
  const out: StagedPolicy[] = [];
  for (const card of selectedCards(board, keys)) {
    const e = card.enforced;
    if (e === undefined || card.staged !== undefined || isStagedResource(e.resource)) continue;
    // Safe: `e` is the enforced member of the card and not a staged kind (checked above).
    out.push(toStaged(e.resource as Parameters<typeof toStaged>[0]));
  }
  return out;
}

/** The staged members to enforce (their keys and the versions the user saw). */
export function plannedEnforces(board: Board, keys: ReadonlySet<string>, versions: ReadonlyMap<string, string>): { readonly key: string; readonly resourceVersion: string; readonly name: string }[] {
  return selectedCards(board, keys).flatMap((c) => (c.staged === undefined ? [] : [{ key: c.staged.key, resourceVersion: versions.get(c.staged.key) ?? "", name: c.staged.displayName }]));
}
