/**
 * seedPositions: where to put nodes before (or instead of) a layout run, so that the picture is
 * stable between visits. Stored positions are kept as they are; a node without one starts near
 * its own kind of neighbours — the centre of its placed siblings (same container), else where
 * its container stood when it was a closed namespace (same id), else where its namespace's node
 * stood — on a small spiral so that new siblings do not land on each other. Nodes with no
 * anchor at all are left to the layout. Containers (`expanded: true`) get no position: their
 * box follows their children.
 */
import type { Position } from "@/lib/graph/positions";
import type { Graph } from "@/lib/graph/types";

export interface SeededPositions {
  /** A position for every placed non-container node (stored or seeded). */
  readonly positions: ReadonlyMap<string, Position>;
  /** Nodes that had a stored position. */
  readonly stored: ReadonlySet<string>;
  /** Nodes given a position near an anchor. */
  readonly seeded: ReadonlySet<string>;
  /** Nodes with neither (the layout places them). */
  readonly unplaced: readonly string[];
}

/** The golden angle: consecutive spiral points never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Positions from `stored` plus seeds near anchors, `spacing` apart. Pure; never throws;
 * deterministic (nodes in graph order).
 */
export function seedPositions(graph: Graph, stored: ReadonlyMap<string, Position>, spacing = 90): SeededPositions {
  const positions = new Map<string, Position>();
  const storedIds = new Set<string>();
  const seeded = new Set<string>();
  const unplaced: string[] = [];
  const siblings = new Map<string, { x: number; y: number; n: number }>();
  for (const n of graph.nodes) {
    const p = n.expanded === true ? undefined : stored.get(n.id);
    if (p === undefined) continue;
    positions.set(n.id, p);
    storedIds.add(n.id);
    if (n.parent === undefined) continue;
    const s = siblings.get(n.parent) ?? { x: 0, y: 0, n: 0 };
    siblings.set(n.parent, { x: s.x + p.x, y: s.y + p.y, n: s.n + 1 });
  }
  const usedAround = new Map<string, number>();
  for (const n of graph.nodes) {
    if (n.expanded === true || positions.has(n.id)) continue;
    const sib = n.parent !== undefined ? siblings.get(n.parent) : undefined;
    const anchor: Position | undefined =
      sib !== undefined ? { x: sib.x / sib.n, y: sib.y / sib.n } : ((n.parent !== undefined ? stored.get(n.parent) : undefined) ?? (n.namespace !== undefined && n.kind !== "namespace" ? stored.get(`ns:${n.namespace}`) : undefined));
    if (anchor === undefined) {
      unplaced.push(n.id);
      continue;
    }
    const key = `${anchor.x},${anchor.y}`;
    const i = (usedAround.get(key) ?? 0) + 1;
    usedAround.set(key, i);
    // With placed siblings the centre is taken, so start one ring out.
    const r = spacing * Math.sqrt(i + (sib !== undefined ? sib.n : 0));
    positions.set(n.id, { x: anchor.x + r * Math.cos(i * GOLDEN_ANGLE), y: anchor.y + r * Math.sin(i * GOLDEN_ANGLE) });
    seeded.add(n.id);
  }
  return { positions, stored: storedIds, seeded, unplaced };
}
