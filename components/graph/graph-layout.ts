/**
 * Everything about how the service graph looks, in one place: the cytoscape stylesheet (edge
 * colours per class — allowed green solid, denied red solid, staged-denied orange dashed, mixed
 * purple — and node shapes per kind) and the layout options. Canvas settings follow cytoscape's
 * performance notes (no animation, hide edges and labels while the viewport moves). Graphs above
 * LARGE_GRAPH_NODES skip the force-directed layout (bench/graph-browser.bench.ts measures why).
 */
import type { LayoutOptions, StylesheetJson } from "cytoscape";
import type { Graph, GraphEdge, GraphNode, Position } from "@/lib/graph";
import { buildGroupedPositions, edgeStyleClass } from "@/lib/graph";

export const EDGE_COLOURS = {
  allowed: "#16a34a",
  denied: "#dc2626",
  "staged-denied": "#f97316",
  mixed: "#7c3aed",
} as const;

/**
 * Classes set once per element (see nodeClasses/edgeClasses) rather than data selectors or
 * mappers: cytoscape matches class selectors without reading data, and elements that share
 * classes share their computed style.
 */
export const GRAPH_STYLE: StylesheetJson = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 11,
      "text-valign": "bottom",
      "text-margin-y": 4,
      "min-zoomed-font-size": 6,
      "background-color": "#2563eb",
      width: 28,
      height: 28,
      color: "#1f2937",
      "text-wrap": "ellipsis",
      "text-max-width": "140px",
      // A light plate behind labels keeps them readable where edges cross them.
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
      "text-background-shape": "roundrectangle",
    },
  },
  { selector: "node.k-namespace", style: { shape: "round-rectangle", "background-color": "#1d4ed8", width: 40, height: 30 } },
  {
    selector: "node.open",
    style: { "background-color": "#eff6ff", "background-opacity": 0.6, "border-width": 2, "border-color": "#93c5fd", "text-valign": "top", "font-weight": "bold", shape: "round-rectangle", padding: "16px" },
  },
  { selector: "node.k-service", style: { shape: "diamond", "background-color": "#0891b2" } },
  { selector: "node.k-workload, node.k-pod", style: { shape: "ellipse", "background-color": "#4f46e5" } },
  { selector: "node.k-network, node.k-domain", style: { shape: "hexagon", "background-color": "#6b7280" } },
  { selector: "node.k-networkset", style: { shape: "octagon", "background-color": "#a16207" } },
  { selector: "node.k-host, node.k-aggregate", style: { shape: "rectangle", "background-color": "#374151" } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#f59e0b" } },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "curve-style": "bezier",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.8,
      "line-color": EDGE_COLOURS.allowed,
      "target-arrow-color": EDGE_COLOURS.allowed,
    },
  },
  { selector: "edge.denied", style: { "line-color": EDGE_COLOURS.denied, "target-arrow-color": EDGE_COLOURS.denied } },
  { selector: "edge.staged-denied", style: { "line-color": EDGE_COLOURS["staged-denied"], "target-arrow-color": EDGE_COLOURS["staged-denied"], "line-style": "dashed" } },
  { selector: "edge.mixed", style: { "line-color": EDGE_COLOURS.mixed, "target-arrow-color": EDGE_COLOURS.mixed } },
  { selector: "edge:selected", style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.25, "overlay-padding": 4 } },
];

/**
 * Widths of large-graph edges: one class per whole pixel of the small graph's width (`w2`…`w8`),
 * not a data mapper, drawn at half that. A zoomed-out large graph is thousands of overlapping
 * lines, and lines thicker than a device pixel cost several times as much to rasterise.
 */
const WIDTH_CLASSES: StylesheetJson = [2, 3, 4, 5, 6, 7, 8].map((w) => ({ selector: `edge.w${w}`, style: { width: w / 2 } }));

/**
 * Large graphs: straight haystack edges (no arrowheads, no control points), no label plates,
 * labels only from a closer zoom, a plain colour for the selected edge instead of an overlay.
 */
const GRAPH_STYLE_LARGE: StylesheetJson = [
  ...GRAPH_STYLE.filter((s) => s.selector !== "edge:selected"),
  // Open namespaces are plain nodes here (see LARGE_CONTAINER_INSET), so stacking is explicit:
  // containers, then edges, then the other nodes.
  { selector: "node", style: { "min-zoomed-font-size": 9, "text-background-opacity": 0, "z-index-compare": "manual", "z-index": 2 } },
  // Sized from data (set only on the few containers): a per-element style bypass would do the same less cheaply.
  { selector: "node.open", style: { padding: "0px", "z-index": 0, width: "data(boxWidth)", height: "data(boxHeight)" } },
  { selector: "edge", style: { width: 1, "curve-style": "haystack", "haystack-radius": 0, "target-arrow-shape": "none", "z-index-compare": "manual", "z-index": 1 } },
  ...WIDTH_CLASSES,
  // Dashes are drawn (and rasterised) segment by segment; the colour tells staged-denied apart.
  { selector: "edge.staged-denied", style: { "line-style": "solid" } },
  { selector: "edge:selected", style: { "line-color": "#f59e0b", width: 4 } },
];

/**
 * In a large graph an open namespace is not a cytoscape compound parent but a plain node laid
 * under its children, sized to their block grown by this much on each side (half a node plus
 * the container's padding). Compound parents make cytoscape walk parents and descendants for
 * every style, visibility and bounds check, which at 2,000 nodes costs seconds per frame.
 */
export const LARGE_CONTAINER_INSET = 14 + 16;

/** The layout (cose handles compound namespaces); deterministic, no animation. */
export const GRAPH_LAYOUT: LayoutOptions = {
  name: "cose",
  animate: false,
  randomize: false,
  fit: true,
  padding: 30,
  nodeRepulsion: () => 60000,
  idealEdgeLength: () => 150,
  nestingFactor: 0.9,
  componentSpacing: 120,
  nodeOverlap: 20,
  gravity: 0.5,
} as LayoutOptions; // cose's options are a subtype of LayoutOptions; the union needs the literal name

/**
 * Above this many nodes the layout is a grouped grid (lib/graph buildGroupedPositions) instead
 * of cose: cose is O(n²) per iteration on the main thread and, at a few hundred nodes with
 * containers, already blocks the page for seconds.
 */
export const LARGE_GRAPH_NODES = 200;
/** Edges count too: cose's spring forces are per edge (an aggregated graph may be few nodes, many edges). */
export const LARGE_GRAPH_EDGES = 1500;

/** Whether a graph gets the large-graph layout and style. */
export function isLargeGraph(graph: Graph): boolean {
  return graph.nodes.length > LARGE_GRAPH_NODES || graph.edges.length > LARGE_GRAPH_EDGES;
}

/**
 * The stylesheet for a graph. Large graphs draw edges as haystack lines (straight, drawn in one
 * pass, no arrowheads) and labels only from a closer zoom: bezier edges with arrows cost about
 * 40 µs each per frame, which at 10,000 edges is 2–3 frames per second.
 */
export function styleFor(graph: Graph): StylesheetJson {
  return isLargeGraph(graph) ? GRAPH_STYLE_LARGE : GRAPH_STYLE;
}

/** The layout for a graph: cose (optionally from random positions) or, when large, the grouped grid. */
export function layoutFor(graph: Graph, randomize: boolean): LayoutOptions {
  if (!isLargeGraph(graph)) return { ...GRAPH_LAYOUT, randomize } as LayoutOptions; // GRAPH_LAYOUT is cose's; only randomize changes
  const positions = buildGroupedPositions(graph);
  return { name: "preset", fit: true, padding: 30, animate: false, positions: Object.fromEntries(positions) };
}

/** The classes the stylesheet keys a node's look on: `k-<kind>`, plus `open` for an open namespace. */
export function nodeClasses(n: GraphNode): string {
  return n.expanded === true ? `k-${n.kind} open` : `k-${n.kind}`;
}

/**
 * The classes of an edge: its policy class (lib/graph edgeStyleClass) and, for a large graph,
 * its width rounded to a whole-pixel class (`width` is the small graph's data-mapped width).
 */
export function edgeClasses(e: GraphEdge, width: number, large: boolean): string {
  const cls = edgeStyleClass(e);
  return large ? `${cls} w${Math.min(8, Math.max(1, Math.round(width)))}` : cls;
}

/**
 * Model units around the placed node centres that a fit keeps in view: half a node, its label
 * and an open container's padding and title.
 */
const FIT_MARGIN = 50;

/**
 * The viewport that fits `positions` (node centres, model coordinates) into a `size` pixel
 * canvas with `padding` pixels to spare, as cy.fit() would, without measuring any element.
 * Zoom is clamped to the core's min/max; an empty map gives zoom 1 at the origin.
 */
export function fitViewportOf(positions: ReadonlyMap<string, Position>, size: { readonly width: number; readonly height: number }, padding: number): { zoom: number; pan: { x: number; y: number } } {
  if (positions.size === 0) return { zoom: 1, pan: { x: 0, y: 0 } };
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of positions.values()) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  x1 -= FIT_MARGIN;
  y1 -= FIT_MARGIN;
  x2 += FIT_MARGIN;
  y2 += FIT_MARGIN;
  const fitZoom = Math.min((size.width - 2 * padding) / (x2 - x1), (size.height - 2 * padding) / (y2 - y1));
  const zoom = Math.min(GRAPH_CORE_OPTIONS.maxZoom, Math.max(GRAPH_CORE_OPTIONS.minZoom, fitZoom));
  return { zoom, pan: { x: (size.width - zoom * (x1 + x2)) / 2, y: (size.height - zoom * (y1 + y2)) / 2 } };
}

/** Core options for the instance (viewport performance). */
export const GRAPH_CORE_OPTIONS = {
  minZoom: 0.1,
  maxZoom: 4,
  wheelSensitivity: 0.3,
  hideEdgesOnViewport: true,
  hideLabelsOnViewport: true,
  // Not the snapshot texture: with edges hidden during a gesture, drawing the nodes from their
  // cached images each frame is cheap, while the snapshot costs a full draw at twice the
  // resolution each time a gesture starts (bench/graph-browser.bench.ts: 250 ms tasks).
  textureOnViewport: false,
  motionBlur: false,
  boxSelectionEnabled: false,
} as const;
