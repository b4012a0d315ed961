/**
 * The big-graph renderer's scene: a large graph and its placement packed once into the flat
 * typed arrays the WebGL2 renderer uploads as static instance buffers (and the hit test reads),
 * with the same look as the large-graph cytoscape style (graph-layout.ts LARGE_LOOK, graph-look.ts
 * colours). Pure: no DOM, no WebGL; unit-tested in big-graph-scene.test.ts.
 *
 * Nodes are ordered containers first (open namespaces and groups, drawn under the edges), then
 * every other node (drawn over them), so each layer is one contiguous range of the buffer.
 */
import type { Graph, LargePlacement } from "@/lib/graph";
import { edgeStyleClass } from "@/lib/graph";
import { EDGE_COLOURS, KIND_LOOK } from "@/components/graph/graph-look";
import { LARGE_LOOK, largeEdgeWidthOf } from "@/components/graph/graph-layout";
import { edgeWidthOf, maxFlowsOf } from "@/components/graph/cytoscape-target";

/** Shapes drawn by the node shader (a float attribute). */
export const SHAPE = { circle: 0, roundRect: 1, container: 2 } as const;

/** Floats per node: x, y, width, height (model units), shape, border width (model units). */
export const NODE_FLOATS = 6;
/** Bytes per node colour: fill RGBA, border RGBA. */
export const NODE_COLOUR_BYTES = 8;
/** Floats per edge: x1, y1, x2, y2, width (model units). */
export const EDGE_FLOATS = 5;
/** Bytes per edge colour: RGBA. */
export const EDGE_COLOUR_BYTES = 4;

export interface BigScene {
  /** Node ids by index (containers first). */
  readonly nodeIds: readonly string[];
  /** Index of each node id. */
  readonly nodeIndex: ReadonlyMap<string, number>;
  /** Nodes [0, containers) are containers; the rest are drawn over the edges. */
  readonly containers: number;
  readonly nodes: Float32Array;
  readonly nodeColours: Uint8Array;
  /** Node labels by index (drawn on the 2D overlay). */
  readonly labels: readonly string[];
  readonly edgeIds: readonly string[];
  readonly edgeIndex: ReadonlyMap<string, number>;
  /** Source and target node index of each edge (-1 when an end is not in the graph). */
  readonly edgeEnds: Int32Array;
  readonly edges: Float32Array;
  readonly edgeColours: Uint8Array;
  /** Bounding box of the node centres (model units); NaN for an empty scene. */
  readonly bounds: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  /** Over the edges packed so far: summed length and length × width (model units), and the widest edge. */
  readonly ink: { length: number; area: number; maxWidth: number };
}

/** A scene whose nodes are packed and whose edges are packed slice by slice (so no slice is a long task). */
export interface BigScenePacker {
  readonly scene: BigScene;
  /** Packs edges [from, to) of the graph. */
  packEdges(from: number, to: number): void;
}

/** "#rrggbb" → [r, g, b]; throws on anything else (colours are constants of this module's callers). */
export function parseHexColour(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`colour: "${hex}" is not #rrggbb`);
  return [parseInt(m[1] ?? "0", 16), parseInt(m[2] ?? "0", 16), parseInt(m[3] ?? "0", 16)];
}

/** parseHexColour's results by colour: a scene has a handful of colours and thousands of nodes. */
const parsedColours = new Map<string, readonly [number, number, number]>();

function putColour(out: Uint8Array, at: number, hex: string, alpha = 255): void {
  let rgb = parsedColours.get(hex);
  if (rgb === undefined) {
    rgb = parseHexColour(hex);
    parsedColours.set(hex, rgb);
  }
  const [r, g, b] = rgb;
  out[at] = r;
  out[at + 1] = g;
  out[at + 2] = b;
  out[at + 3] = alpha;
}

/** The whole scene at once (see bigScenePacker). */
export function buildBigScene(graph: Graph, placement: LargePlacement): BigScene {
  const packer = bigScenePacker(graph, placement);
  packer.packEdges(0, graph.edges.length);
  return packer.scene;
}

/**
 * Packs `graph` as placed by `placement` (worker-made: positions of leaves, boxes of open
 * containers): the nodes now, the edges as asked. A node without a position or box is packed at
 * NaN (drawn nowhere, never hit); an edge takes its ends' positions.
 */
export function bigScenePacker(graph: Graph, placement: LargePlacement): BigScenePacker {
  const open = graph.nodes.filter((n) => n.expanded === true);
  const order = [...open, ...graph.nodes.filter((n) => n.expanded !== true)];
  const containers = open.length;
  const count = order.length;
  const nodes = new Float32Array(count * NODE_FLOATS);
  const nodeColours = new Uint8Array(count * NODE_COLOUR_BYTES);
  const nodeIds: string[] = new Array<string>(count);
  const labels: string[] = new Array<string>(count);
  const nodeIndex = new Map<string, number>();
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i < count; i++) {
    const n = order[i];
    if (n === undefined) continue;
    nodeIds[i] = n.id;
    labels[i] = n.label;
    nodeIndex.set(n.id, i);
    const o = i * NODE_FLOATS;
    const c = i * NODE_COLOUR_BYTES;
    if (n.expanded === true) {
      const box = placement.boxes.get(n.id);
      nodes[o] = box?.x ?? NaN;
      nodes[o + 1] = box?.y ?? NaN;
      nodes[o + 2] = box?.width ?? 0;
      nodes[o + 3] = box?.height ?? 0;
      nodes[o + 4] = SHAPE.container;
      nodes[o + 5] = LARGE_LOOK.container.borderWidth;
      putColour(nodeColours, c, LARGE_LOOK.container.fill);
      putColour(nodeColours, c + 4, LARGE_LOOK.container.border);
      continue;
    }
    const p = placement.positions.get(n.id);
    const ns = n.kind === "namespace";
    nodes[o] = p?.x ?? NaN;
    nodes[o + 1] = p?.y ?? NaN;
    nodes[o + 2] = ns ? LARGE_LOOK.namespace.width : LARGE_LOOK.dot;
    nodes[o + 3] = ns ? LARGE_LOOK.namespace.height : LARGE_LOOK.dot;
    nodes[o + 4] = ns ? SHAPE.roundRect : SHAPE.circle;
    nodes[o + 5] = 0;
    const colour = n.kind === "group" ? LARGE_LOOK.defaultColour : KIND_LOOK[n.kind].colour;
    putColour(nodeColours, c, colour);
    putColour(nodeColours, c + 4, colour);
    if (p !== undefined) {
      x1 = Math.min(x1, p.x);
      y1 = Math.min(y1, p.y);
      x2 = Math.max(x2, p.x);
      y2 = Math.max(y2, p.y);
    }
  }
  const maxFlows = maxFlowsOf(graph.edges);
  const edgeCount = graph.edges.length;
  const edges = new Float32Array(edgeCount * EDGE_FLOATS);
  const edgeColours = new Uint8Array(edgeCount * EDGE_COLOUR_BYTES);
  const edgeEnds = new Int32Array(edgeCount * 2);
  const edgeIds: string[] = new Array<string>(edgeCount);
  const edgeIndex = new Map<string, number>();
  const rgb = Object.fromEntries(Object.entries(EDGE_COLOURS).map(([k, hex]) => [k, parseHexColour(hex)])) as Record<keyof typeof EDGE_COLOURS, [number, number, number]>;
  const ink = { length: 0, area: 0, maxWidth: 0 };
  const packEdges = (from: number, to: number): void => {
    for (let i = Math.max(0, from); i < Math.min(to, edgeCount); i++) {
      const e = graph.edges[i];
      if (e === undefined) continue;
      edgeIds[i] = e.id;
      edgeIndex.set(e.id, i);
      const s = nodeIndex.get(e.source) ?? -1;
      const t = nodeIndex.get(e.target) ?? -1;
      edgeEnds[2 * i] = s;
      edgeEnds[2 * i + 1] = t;
      const o = i * EDGE_FLOATS;
      edges[o] = s < 0 ? NaN : (nodes[s * NODE_FLOATS] ?? NaN);
      edges[o + 1] = s < 0 ? NaN : (nodes[s * NODE_FLOATS + 1] ?? NaN);
      edges[o + 2] = t < 0 ? NaN : (nodes[t * NODE_FLOATS] ?? NaN);
      edges[o + 3] = t < 0 ? NaN : (nodes[t * NODE_FLOATS + 1] ?? NaN);
      edges[o + 4] = largeEdgeWidthOf(edgeWidthOf(e, maxFlows));
      const [r, g, b] = rgb[edgeStyleClass(e)];
      const c = i * EDGE_COLOUR_BYTES;
      edgeColours[c] = r;
      edgeColours[c + 1] = g;
      edgeColours[c + 2] = b;
      edgeColours[c + 3] = 255;
      const len = Math.hypot((edges[o + 2] ?? 0) - (edges[o] ?? 0), (edges[o + 3] ?? 0) - (edges[o + 1] ?? 0));
      if (Number.isFinite(len)) {
        ink.length += len;
        ink.area += len * (edges[o + 4] ?? 0);
      }
      ink.maxWidth = Math.max(ink.maxWidth, edges[o + 4] ?? 0);
    }
  };
  const empty = x1 === Infinity;
  const scene: BigScene = {
    nodeIds,
    nodeIndex,
    containers,
    nodes,
    nodeColours,
    labels,
    edgeIds,
    edgeIndex,
    edgeEnds,
    edges,
    edgeColours,
    bounds: empty ? { x1: NaN, y1: NaN, x2: NaN, y2: NaN } : { x1, y1, x2, y2 },
    ink,
  };
  return { scene, packEdges };
}

/** Node `i`'s centre and size (model units). */
export function nodeBoxOf(scene: BigScene, i: number): { readonly x: number; readonly y: number; readonly width: number; readonly height: number } {
  const o = i * NODE_FLOATS;
  return { x: scene.nodes[o] ?? NaN, y: scene.nodes[o + 1] ?? NaN, width: scene.nodes[o + 2] ?? 0, height: scene.nodes[o + 3] ?? 0 };
}

/**
 * The edges' opacity at `zoom` so that a dense graph is not a solid smear: the ink the edges lay
 * per pixel of the graph's area — each edge length × zoom long and its width × zoom but at least
 * `minPx` wide, over area × zoom² — is brought to about `target`, never below `floor`, never above 1.
 */
export function edgeOpacity(scene: Pick<BigScene, "bounds" | "ink">, zoom: number, minPx = 1, target = 0.6, floor = 0.04): number {
  const { x1, y1, x2, y2 } = scene.bounds;
  const area = Math.max(1, (x2 - x1) * (y2 - y1));
  const z = Math.max(zoom, 1e-6);
  // Edges drawn at minPx (thinner than that at this zoom) or at their width: the larger of the two inks, per model unit².
  const ink = Math.max((scene.ink.length * minPx) / z, scene.ink.area);
  const overdraw = ink / area;
  if (!(overdraw > 0)) return 1;
  return Math.min(1, Math.max(floor, target / overdraw));
}
