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

/** A box to keep apart from its siblings (model coordinates). */
export interface Block {
  readonly id: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * How far to move each block so that no two overlap (with `gap` between them): force layouts
 * keep nodes apart on average, not always, and a card on a card hides a name. Each round
 * pushes every overlapping pair apart along the axis that needs the smaller move, half each;
 * after `rounds` rounds what is left is returned as is. Pure; deterministic (input order);
 * never throws. O(rounds · n²): meant for the siblings of one container (hundreds at most).
 */
export function separateBlocks(blocks: readonly Block[], gap = 12, rounds = 60): Map<string, Position> {
  const boxes = blocks.map((b) => ({ id: b.id, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, dx: 0, dy: 0 }));
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a === undefined || b === undefined) continue;
        const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + gap;
        const oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + gap;
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        // Push along the cheaper axis; ties and coincident centres go by order (a left/up of b).
        const alongX = ox < oy;
        const ca = alongX ? a.x1 + a.x2 : a.y1 + a.y2;
        const cb = alongX ? b.x1 + b.x2 : b.y1 + b.y2;
        const sign = ca <= cb ? -1 : 1;
        const half = (alongX ? ox : oy) / 2;
        const shift = (box: typeof a, d: number): void => {
          if (alongX) {
            box.x1 += d;
            box.x2 += d;
            box.dx += d;
          } else {
            box.y1 += d;
            box.y2 += d;
            box.dy += d;
          }
        };
        shift(a, sign * half);
        shift(b, -sign * half);
      }
    }
    if (!moved) break;
  }
  const out = new Map<string, Position>();
  for (const b of boxes) if (b.dx !== 0 || b.dy !== 0) out.set(b.id, { x: b.dx, y: b.dy });
  return out;
}
