/**
 * buildGroupedPositions: a linear-time layout for graphs too large for a force-directed one.
 * cose is O(n²) per iteration and runs on the main thread: at 2,000 nodes it freezes the page
 * for tens of seconds. Here nodes are grouped (children of an open namespace by their parent,
 * others by namespace, externals by kind), each group is a square block of cells, and blocks
 * are shelf-packed, biggest first, into rows about as wide as the whole is tall. Deterministic:
 * the same graph always gets the same positions (groups and members sorted by id).
 */
import type { Graph, GraphNode } from "@/lib/graph/types";

export interface Position {
  readonly x: number;
  readonly y: number;
}

export interface GroupedPositionOptions {
  /** Distance between neighbouring nodes of a group (default 70). */
  readonly spacing?: number;
  /** Gap between group blocks (default 120, room for a container's padding and label). */
  readonly groupGap?: number;
}

function groupKeyOf(n: GraphNode): string {
  if (n.parent !== undefined) return `p:${n.parent}`;
  if (n.namespace !== undefined) return `ns:${n.namespace}`;
  return `k:${n.kind}`;
}

/**
 * Positions for every node that is not an open container (`expanded: true`); containers take
 * their children's bounding box, as cytoscape computes for compound parents. Pure; never throws.
 */
export function buildGroupedPositions(graph: Graph, options: GroupedPositionOptions = {}): ReadonlyMap<string, Position> {
  const spacing = options.spacing ?? 70;
  const gap = options.groupGap ?? 120;
  const groups = new Map<string, string[]>();
  for (const n of graph.nodes) {
    if (n.expanded === true) continue;
    const key = groupKeyOf(n);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [n.id]);
    else list.push(n.id);
  }
  const blocks = [...groups.entries()]
    .map(([key, ids]) => {
      const cols = Math.ceil(Math.sqrt(ids.length));
      const rows = Math.ceil(ids.length / cols);
      return { key, ids: [...ids].sort(), cols, width: cols * spacing, height: rows * spacing };
    })
    .sort((a, b) => b.ids.length - a.ids.length || (a.key < b.key ? -1 : 1));
  const area = blocks.reduce((s, b) => s + (b.width + gap) * (b.height + gap), 0);
  const rowWidth = Math.max(Math.sqrt(area), blocks[0]?.width ?? 0);
  const out = new Map<string, Position>();
  let x = 0;
  let y = 0;
  let shelf = 0;
  for (const b of blocks) {
    if (x > 0 && x + b.width > rowWidth) {
      x = 0;
      y += shelf + gap;
      shelf = 0;
    }
    b.ids.forEach((id, i) => out.set(id, { x: x + (i % b.cols) * spacing, y: y + Math.floor(i / b.cols) * spacing }));
    x += b.width + gap;
    shelf = Math.max(shelf, b.height);
  }
  return out;
}

/** A rectangle by its centre and size, model coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The box of every open container (`expanded: true`) that has placed children: their centres'
 * bounding box grown by `inset` on every side (room for the children's own size and the
 * container's padding), centred where cytoscape would centre a compound parent. Containers
 * without placed children are left out. Pure; never throws.
 */
export function buildContainerBoxes(graph: Graph, positions: ReadonlyMap<string, Position>, inset: number): ReadonlyMap<string, Box> {
  const bounds = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  for (const n of graph.nodes) {
    const p = n.parent !== undefined ? positions.get(n.id) : undefined;
    if (p === undefined || n.parent === undefined) continue;
    const b = bounds.get(n.parent);
    if (b === undefined) bounds.set(n.parent, { x1: p.x, y1: p.y, x2: p.x, y2: p.y });
    else {
      b.x1 = Math.min(b.x1, p.x);
      b.y1 = Math.min(b.y1, p.y);
      b.x2 = Math.max(b.x2, p.x);
      b.y2 = Math.max(b.y2, p.y);
    }
  }
  const out = new Map<string, Box>();
  for (const n of graph.nodes) {
    const b = n.expanded === true ? bounds.get(n.id) : undefined;
    if (b !== undefined) out.set(n.id, { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2, width: b.x2 - b.x1 + 2 * inset, height: b.y2 - b.y1 + 2 * inset });
  }
  return out;
}

/** Where a large graph's nodes go: grid (or stored) positions, and boxes for open containers. */
export interface LargePlacement {
  readonly positions: ReadonlyMap<string, Position>;
  readonly boxes: ReadonlyMap<string, Box>;
}

/**
 * The placement of a large graph: the grouped grid, with `stored` positions (a node the user
 * dragged) taking precedence, and the open containers' boxes around their placed children
 * grown by `inset`. Linear time; the canvas runs it in a Web Worker. Pure; never throws.
 */
export function buildLargePlacement(graph: Graph, stored: ReadonlyMap<string, Position>, inset: number): LargePlacement {
  const grid = buildGroupedPositions(graph);
  const positions = new Map(grid);
  if (stored.size > 0) for (const id of grid.keys()) {
    const p = stored.get(id);
    if (p !== undefined) positions.set(id, p);
  }
  return { positions, boxes: buildContainerBoxes(graph, positions, inset) };
}
