/**
 * Everything about how the service graph looks, in one place: the cytoscape stylesheet (edge
 * colours per class — allowed green solid, denied red solid, staged-denied orange dashed, mixed
 * purple — and node shapes per kind) and the layout options. Canvas settings follow cytoscape's
 * performance notes (no animation, hide edges and labels while the viewport moves). Graphs above
 * LARGE_GRAPH_NODES skip the force-directed layout (bench/graph-browser.bench.ts measures why).
 */
import type { LayoutOptions, StylesheetJson } from "cytoscape";
import type { Graph } from "@/lib/graph";
import { buildGroupedPositions } from "@/lib/graph";

export const EDGE_COLOURS = {
  allowed: "#16a34a",
  denied: "#dc2626",
  "staged-denied": "#f97316",
  mixed: "#7c3aed",
} as const;

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
  { selector: 'node[kind = "namespace"]', style: { shape: "round-rectangle", "background-color": "#1d4ed8", width: 40, height: 30 } },
  {
    selector: "node[?expanded]",
    style: { "background-color": "#eff6ff", "background-opacity": 0.6, "border-width": 2, "border-color": "#93c5fd", "text-valign": "top", "font-weight": "bold", shape: "round-rectangle", padding: "16px" },
  },
  { selector: 'node[kind = "service"]', style: { shape: "diamond", "background-color": "#0891b2" } },
  { selector: 'node[kind = "workload"], node[kind = "pod"]', style: { shape: "ellipse", "background-color": "#4f46e5" } },
  { selector: 'node[kind = "network"], node[kind = "domain"]', style: { shape: "hexagon", "background-color": "#6b7280" } },
  { selector: 'node[kind = "networkset"]', style: { shape: "octagon", "background-color": "#a16207" } },
  { selector: 'node[kind = "host"], node[kind = "aggregate"]', style: { shape: "rectangle", "background-color": "#374151" } },
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
  { selector: 'edge[cls = "denied"]', style: { "line-color": EDGE_COLOURS.denied, "target-arrow-color": EDGE_COLOURS.denied } },
  { selector: 'edge[cls = "staged-denied"]', style: { "line-color": EDGE_COLOURS["staged-denied"], "target-arrow-color": EDGE_COLOURS["staged-denied"], "line-style": "dashed" } },
  { selector: 'edge[cls = "mixed"]', style: { "line-color": EDGE_COLOURS.mixed, "target-arrow-color": EDGE_COLOURS.mixed } },
  { selector: "edge:selected", style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.25, "overlay-padding": 4 } },
];

const GRAPH_STYLE_LARGE: StylesheetJson = [
  ...GRAPH_STYLE,
  { selector: "node", style: { "min-zoomed-font-size": 9 } },
  { selector: "edge", style: { "curve-style": "haystack", "haystack-radius": 0, "target-arrow-shape": "none" } },
];

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

/** Core options for the instance (viewport performance). */
export const GRAPH_CORE_OPTIONS = {
  minZoom: 0.1,
  maxZoom: 4,
  wheelSensitivity: 0.3,
  hideEdgesOnViewport: true,
  hideLabelsOnViewport: true,
  textureOnViewport: false,
  motionBlur: false,
  boxSelectionEnabled: false,
} as const;
