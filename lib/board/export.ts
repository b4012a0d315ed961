/**
 * Export of the board as multi-document v3 YAML ("infrastructure as code"): tiers first, then
 * each tier's policies in evaluation order, so that importing the file back recreates tiers
 * before the policies that name them. Server-owned metadata is dropped so the file re-applies
 * cleanly to any cluster.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { toYaml } from "@/lib/calico";
import { buildBoard } from "@/lib/board/build-board";
import { copyMetadata } from "@/lib/board/staging";
import type { BoardCard, PolicyView } from "@/lib/board/types";

/** What to export: everything, one tier (its Tier and every policy in it), or one policy. */
export interface ExportScope {
  readonly tier?: string;
  /** A policy key (either member of a card exports that resource only). */
  readonly policy?: string;
  /** Several policy keys (a board multi-selection), in board order. */
  readonly policies?: ReadonlySet<string>;
}

function clean<R extends CalicoResource>(r: R): R {
  return { ...r, metadata: copyMetadata(r.metadata) };
}

function members(card: BoardCard): PolicyView[] {
  return [card.enforced, card.staged].filter((v): v is PolicyView => v !== undefined);
}

/**
 * The resources of `scope` in export order: Tier resources (board order) then policies (board
 * order, enforced before its staged copy). Unknown tier or policy → []. Never throws.
 * `policies` exports those policies only (no Tier resources), in board order.
 */
export function selectExport(resources: readonly CalicoResource[], scope: ExportScope = {}): CalicoResource[] {
  const board = buildBoard(resources);
  if (scope.policy !== undefined) {
    for (const lane of board.lanes) for (const card of lane.allCards) for (const m of members(card)) if (m.key === scope.policy) return [clean(m.resource)];
    return [];
  }
  const picked = scope.policies;
  if (picked !== undefined) return board.lanes.flatMap((l) => l.allCards.flatMap((c) => members(c).filter((m) => picked.has(m.key)).map((m) => clean(m.resource))));
  const lanes = scope.tier === undefined ? board.lanes : board.lanes.filter((l) => l.name === scope.tier);
  const tiers = lanes.flatMap((l) => (l.resource === undefined ? [] : [clean(l.resource)]));
  const policies = lanes.flatMap((l) => l.allCards.flatMap((c) => members(c).map((m) => clean(m.resource))));
  return [...tiers, ...policies];
}

/**
 * Multi-document YAML (`---` between documents; Kubernetes NetworkPolicies as
 * `networking.k8s.io/v1`, everything else `projectcalico.org/v3`) of the scope; "" when nothing
 * matches. Never throws.
 */
export function exportBoardYaml(resources: readonly CalicoResource[], scope: ExportScope = {}): string {
  return toYaml(selectExport(resources, scope));
}
