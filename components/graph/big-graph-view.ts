/**
 * The big-graph renderer's pure parts besides the scene: viewport math (cytoscape's convention,
 * rendered = model × zoom + pan, so saved views and the toolbar work the same on both renderers)
 * and the CPU hit test (a uniform grid over node centres, built once per scene; edges by distance
 * to their segment). No DOM, no WebGL; unit-tested in big-graph-view.test.ts.
 */
import type { BigScene } from "@/components/graph/big-graph-scene";
import { EDGE_FLOATS, NODE_FLOATS, SHAPE } from "@/components/graph/big-graph-scene";
import { GRAPH_CORE_OPTIONS } from "@/components/graph/graph-layout";

export interface Viewport {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
}

export const MIN_ZOOM = GRAPH_CORE_OPTIONS.minZoom;
export const MAX_ZOOM = GRAPH_CORE_OPTIONS.maxZoom;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The model point under the rendered point (px, py). */
export function toModel(v: Viewport, px: number, py: number): { x: number; y: number } {
  return { x: (px - v.pan.x) / v.zoom, y: (py - v.pan.y) / v.zoom };
}

/** The viewport zoomed by `factor` (clamped) about the rendered point (px, py), which stays put. */
export function zoomAround(v: Viewport, factor: number, px: number, py: number): Viewport {
  const zoom = clampZoom(v.zoom * factor);
  const m = toModel(v, px, py);
  return { zoom, pan: { x: px - m.x * zoom, y: py - m.y * zoom } };
}

/** The viewport moved by (dx, dy) rendered pixels. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { zoom: v.zoom, pan: { x: v.pan.x + dx, y: v.pan.y + dy } };
}

/**
 * The zoom factor of one wheel event, with cytoscape's feel (its wheel handler, canvas renderer):
 * 10^(−deltaY / 250 × sensitivity), line-mode deltas (Firefox) counted 33× (a line is ~33 px).
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number, sensitivity: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaY;
  return Math.pow(10, (-pixels / 250) * sensitivity);
}

/**
 * The view uniform: clip = model × (sx, sy) + (ox, oy) for a canvas `width` × `height` CSS
 * pixels (clip y points up, rendered y down).
 */
export function viewUniform(v: Viewport, width: number, height: number): Float32Array {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  return new Float32Array([(2 * v.zoom) / w, (-2 * v.zoom) / h, (2 * v.pan.x) / w - 1, 1 - (2 * v.pan.y) / h]);
}

/** The model rectangle in view, grown by `marginPx` rendered pixels on every side. */
export function visibleRect(v: Viewport, width: number, height: number, marginPx = 0): { x1: number; y1: number; x2: number; y2: number } {
  const a = toModel(v, -marginPx, -marginPx);
  const b = toModel(v, width + marginPx, height + marginPx);
  return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
}

/**
 * A node's drawn size at `zoom` (rendered px): its model size, but dots never under `minPx`
 * (at a fitted 10,000-node graph's zoom they would be a pixel wide); containers as they are.
 */
export function drawnSizePx(width: number, height: number, shape: number, zoom: number, minPx: number): { w: number; h: number } {
  if (shape === SHAPE.container) return { w: width * zoom, h: height * zoom };
  return { w: Math.max(width * zoom, minPx), h: Math.max(height * zoom, minPx) };
}

/** A uniform grid over node centres (compressed rows: cell c holds items[starts[c] .. starts[c + 1])). */
export interface NodeGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  readonly starts: Int32Array;
  readonly items: Int32Array;
  /** The largest half width or height of a gridded node (model units). */
  readonly maxHalf: number;
}

/** Cells per side are capped so a sparse scene cannot make a huge grid. */
const MAX_GRID_SIDE = 1024;

/**
 * The grid over the non-container nodes [from, to) of `nodes` (NODE_FLOATS per node), about
 * `perCell` nodes to a cell on average. Nodes at NaN are left out. Linear time (counting sort).
 */
export function buildNodeGrid(nodes: Float32Array, from: number, to: number, perCell = 4): NodeGrid {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let maxHalf = 0;
  let placed = 0;
  for (let i = from; i < to; i++) {
    const x = nodes[i * NODE_FLOATS] ?? NaN;
    const y = nodes[i * NODE_FLOATS + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    placed++;
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
    maxHalf = Math.max(maxHalf, (nodes[i * NODE_FLOATS + 2] ?? 0) / 2, (nodes[i * NODE_FLOATS + 3] ?? 0) / 2);
  }
  if (placed === 0) return { x0: 0, y0: 0, cell: 1, cols: 1, rows: 1, starts: new Int32Array(2), items: new Int32Array(0), maxHalf: 0 };
  const w = Math.max(1, x2 - x1);
  const h = Math.max(1, y2 - y1);
  // Square cells holding about perCell nodes each if the nodes were spread evenly.
  let cell = Math.max(1, Math.sqrt((w * h * perCell) / placed));
  cell = Math.max(cell, w / MAX_GRID_SIDE, h / MAX_GRID_SIDE);
  const cols = Math.floor(w / cell) + 1;
  const rows = Math.floor(h / cell) + 1;
  const cellOf = new Int32Array(to - from).fill(-1);
  const counts = new Int32Array(cols * rows + 1);
  for (let i = from; i < to; i++) {
    const x = nodes[i * NODE_FLOATS] ?? NaN;
    const y = nodes[i * NODE_FLOATS + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const c = Math.floor((y - y1) / cell) * cols + Math.floor((x - x1) / cell);
    cellOf[i - from] = c;
    counts[c + 1] = (counts[c + 1] ?? 0) + 1;
  }
  const starts = new Int32Array(cols * rows + 1);
  for (let c = 0; c < cols * rows; c++) starts[c + 1] = (starts[c] ?? 0) + (counts[c + 1] ?? 0);
  const fill = starts.slice(0, cols * rows);
  const items = new Int32Array(placed);
  for (let i = from; i < to; i++) {
    const c = cellOf[i - from] ?? -1;
    if (c < 0) continue;
    items[fill[c] ?? 0] = i;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  return { x0: x1, y0: y1, cell, cols, rows, starts, items, maxHalf };
}

/** Calls `visit` with every gridded node whose centre may lie in the model rectangle. */
export function forEachInRect(grid: NodeGrid, x1: number, y1: number, x2: number, y2: number, visit: (node: number) => boolean | void): void {
  const c1 = Math.max(0, Math.floor((x1 - grid.x0) / grid.cell));
  const c2 = Math.min(grid.cols - 1, Math.floor((x2 - grid.x0) / grid.cell));
  const r1 = Math.max(0, Math.floor((y1 - grid.y0) / grid.cell));
  const r2 = Math.min(grid.rows - 1, Math.floor((y2 - grid.y0) / grid.cell));
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= c2; c++) {
      const cell = r * grid.cols + c;
      const end = grid.starts[cell + 1] ?? 0;
      for (let k = grid.starts[cell] ?? 0; k < end; k++) if (visit(grid.items[k] ?? 0) === false) return;
    }
  }
}

/** What is under a point: a node index (containers included) or an edge index, or nothing. */
export type BigHit = { readonly kind: "node"; readonly index: number } | { readonly kind: "edge"; readonly index: number } | undefined;

/**
 * What is under the model point (x, y) at `zoom`, in drawing order from the top: a node (as
 * drawn: dots at least `minDotPx` wide), else the nearest edge within half its drawn width, else
 * the smallest container holding the point — each grown by `slackPx` rendered pixels. Nodes
 * through the grid; edges by a scan of the packed segments with a box reject first (a click, or
 * a hover at most once per frame: well under a millisecond at 50,000 edges).
 */
export function hitTest(scene: BigScene, grid: NodeGrid, x: number, y: number, zoom: number, slackPx: number, minDotPx: number): BigHit {
  const slack = slackPx / zoom;
  const minHalf = minDotPx / 2 / zoom;
  const reach = Math.max(grid.maxHalf, minHalf) + slack;
  let node = -1;
  let nodeD2 = Infinity;
  const n = scene.nodes;
  forEachInRect(grid, x - reach, y - reach, x + reach, y + reach, (i) => {
    const o = i * NODE_FLOATS;
    const cx = n[o] ?? NaN;
    const cy = n[o + 1] ?? NaN;
    const hw = Math.max((n[o + 2] ?? 0) / 2, minHalf) + slack;
    const hh = Math.max((n[o + 3] ?? 0) / 2, minHalf) + slack;
    if (Math.abs(x - cx) > hw || Math.abs(y - cy) > hh) return;
    // Of overlapping nodes, the one whose centre is nearest.
    const d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
    if (d2 < nodeD2) {
      nodeD2 = d2;
      node = i;
    }
  });
  if (node >= 0) return { kind: "node", index: node };
  const e = scene.edges;
  const onePx = 1 / zoom;
  let edge = -1;
  let edgeD2 = Infinity;
  for (let i = 0, o = 0; o < e.length; i++, o += EDGE_FLOATS) {
    const ax = e[o] ?? NaN;
    const ay = e[o + 1] ?? NaN;
    const bx = e[o + 2] ?? NaN;
    const by = e[o + 3] ?? NaN;
    const half = Math.max(e[o + 4] ?? 0, onePx) / 2 + slack;
    if (x < Math.min(ax, bx) - half || x > Math.max(ax, bx) + half || y < Math.min(ay, by) - half || y > Math.max(ay, by) + half) continue;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const px = ax + t * dx - x;
    const py = ay + t * dy - y;
    const d2 = px * px + py * py;
    if (d2 <= half * half && d2 < edgeD2) {
      edgeD2 = d2;
      edge = i;
    }
  }
  if (edge >= 0) return { kind: "edge", index: edge };
  let container = -1;
  let area = Infinity;
  for (let i = 0; i < scene.containers; i++) {
    const o = i * NODE_FLOATS;
    const w = n[o + 2] ?? 0;
    const h = n[o + 3] ?? 0;
    if (Math.abs(x - (n[o] ?? NaN)) > w / 2 + slack || Math.abs(y - (n[o + 1] ?? NaN)) > h / 2 + slack) continue;
    if (w * h < area) {
      area = w * h;
      container = i;
    }
  }
  return container >= 0 ? { kind: "node", index: container } : undefined;
}
