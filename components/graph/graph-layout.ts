/**
 * Everything about how the service graph looks and is laid out, in one place.
 *
 * Small graphs (the usual case): every node is a card — a rounded box with its kind's glyph
 * and its name inside — sized to that name. Labels inside the box can never sit on another
 * node's label (fcose keeps boxes apart) nor on an arrowhead (arrows end at the box's border).
 * Open namespaces and label groups are cytoscape compound nodes laid out by fcose (force-directed
 * with real compound support), so a namespace's workloads are placed inside it. Edges are
 * bezier curves: two edges between the same pair (both directions) fan apart; self-loops are
 * small; width grows with the flow count on a log scale.
 *
 * Large graphs (isLargeGraph): plain dots, straight edges, labels only from a closer zoom, open
 * namespaces as plain boxes under their children (compound parents cost seconds per frame at
 * that size), positions from the grouped grid computed off the main thread
 * (graph-positions.worker.ts) — drawn by our WebGL2 renderer (big-graph-renderer.ts, with
 * LARGE_LOOK below) or, without WebGL2, by cytoscape's canvas with GRAPH_STYLE_LARGE.
 * bench/graph-browser.bench.ts measures both; DESIGN.md in this folder says who draws what.
 */
import type { LayoutOptions, StylesheetJson } from "cytoscape";
import type { Graph, GraphEdge, GraphNode, Position } from "@/lib/graph";
import { edgeStyleClass } from "@/lib/graph";
import { EDGE_COLOURS, KIND_LOOK, glyphUri } from "@/components/graph/graph-look";

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Longest name shown on a card; the full name is in the side panel and the node list. */
export const MAX_LABEL_CHARS = 32;
/**
 * Card geometry (model units): height, glyph column, padding, the room kept between the glyph
 * and the text, the estimated width per character at 12 px (where text cannot be measured), and
 * the narrowest card.
 */
const CARD = { height: 30, glyph: 26, pad: 12, gap: 4, perChar: 6.9, min: 72 } as const;
/** The cards' font size (px); namespaces' names are bold. */
const CARD_FONT_PX = 12;

/** The text on a node's card (long names cut with an ellipsis in the middle, where names differ least). */
export function cardLabelOf(label: string): string {
  if (label.length <= MAX_LABEL_CHARS) return label;
  const head = Math.ceil((MAX_LABEL_CHARS - 1) / 2);
  const tail = MAX_LABEL_CHARS - 1 - head;
  return `${label.slice(0, head)}…${label.slice(label.length - tail)}`;
}

let measurer: OffscreenCanvasRenderingContext2D | null | undefined;

/**
 * The text's width in the cards' font, measured by the browser (OffscreenCanvas); undefined
 * where nothing can measure (server, tests). A per-character estimate was too narrow for bold
 * names in wide fonts (DejaVu Sans on Linux): the centred text then ran under the glyph.
 */
function measuredWidth(text: string, bold: boolean): number | undefined {
  if (measurer === undefined) measurer = typeof OffscreenCanvas === "undefined" ? null : new OffscreenCanvas(1, 1).getContext("2d");
  if (measurer === null) return undefined;
  measurer.font = `${bold ? "bold " : ""}${CARD_FONT_PX}px ${FONT}`;
  return measurer.measureText(text).width;
}

/**
 * The card's width for its text: the glyph column, the text (measured when the browser can and
 * `measure` is set, else estimated: a large graph's dots skip the cost), the gap and padding.
 * The text is centred with GRAPH_STYLE's text-margin-x, so it starts right after the glyph
 * column whatever its width.
 */
export function cardWidthOf(text: string, bold = false, measure = true): number {
  const textWidth = (measure ? measuredWidth(text, bold) : undefined) ?? text.length * CARD.perChar;
  return Math.max(CARD.min, Math.ceil(CARD.glyph + CARD.pad + CARD.gap + textWidth));
}

const kindStyles: StylesheetJson = Object.entries(KIND_LOOK).map(([kind, look]) => ({
  selector: `node.k-${kind}`,
  style: { "border-color": look.colour, "background-image": glyphUri(look) },
}));

/**
 * Classes set once per element (nodeClasses/edgeClasses) rather than data selectors: cytoscape
 * matches class selectors without reading data, and elements sharing classes share style.
 */
export const GRAPH_STYLE: StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: "data(w)",
      height: CARD.height,
      "background-color": "#ffffff",
      "border-width": 1.5,
      "border-color": "#59657a",
      label: "data(text)",
      "font-family": FONT,
      "font-size": CARD_FONT_PX,
      color: "#1c2330",
      "text-valign": "center",
      "text-halign": "center",
      "text-margin-x": (CARD.glyph + CARD.gap - CARD.pad) / 2,
      "min-zoomed-font-size": 5,
      "background-width": "14px",
      "background-height": "14px",
      "background-position-x": "9px",
      "background-position-y": "50%",
      "background-clip": "none",
      "background-image-containment": "over",
    },
  },
  ...kindStyles,
  { selector: "node.k-namespace", style: { "background-color": "#eef4fe", "font-weight": "bold" } },
  {
    selector: "node.open",
    style: {
      shape: "round-rectangle",
      "background-color": "#f4f7fc",
      "background-opacity": 1,
      "background-image": "none",
      "border-width": 1.5,
      "border-color": "#9db8e6",
      label: "data(label)",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-x": 0,
      "text-margin-y": -4,
      "font-weight": "bold",
      color: "#2a4f91",
      padding: "18px",
    },
  },
  {
    selector: "node.k-group",
    style: { "background-color": "#fbfaf5", "border-color": "#c9b98a", "border-style": "dashed", "border-width": 2, color: "#7a5d12", "font-size": 12, padding: "26px" },
  },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#f5a524" } },
  { selector: "node.kbd-focus", style: { "outline-width": 3, "outline-color": "#f5a524", "outline-offset": 3, "outline-opacity": 1 } },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "curve-style": "bezier",
      "control-point-step-size": 34,
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.9,
      "target-distance-from-node": 1,
      "line-color": EDGE_COLOURS.allowed,
      "target-arrow-color": EDGE_COLOURS.allowed,
      "line-opacity": 0.85,
      "loop-direction": "-30deg",
      "loop-sweep": "-50deg",
    },
  },
  { selector: "edge.denied", style: { "line-color": EDGE_COLOURS.denied, "target-arrow-color": EDGE_COLOURS.denied } },
  { selector: "edge.staged-denied", style: { "line-color": EDGE_COLOURS["staged-denied"], "target-arrow-color": EDGE_COLOURS["staged-denied"], "line-style": "dashed", "line-dash-pattern": [6, 3] } },
  { selector: "edge.mixed", style: { "line-color": EDGE_COLOURS.mixed, "target-arrow-color": EDGE_COLOURS.mixed } },
  // A self-loop: smaller than cytoscape's default, which scales with the (wide) card.
  { selector: "edge:loop", style: { "control-point-step-size": 26, "arrow-scale": 0.7 } },
  { selector: "edge:selected", style: { "overlay-color": "#f5a524", "overlay-opacity": 0.3, "overlay-padding": 4 } },
];

/**
 * The large-graph look, shared by the cytoscape stylesheet below (canvas fallback) and our own
 * WebGL2 renderer (big-graph-scene.ts), so the two draw the same picture. Sizes in model units.
 */
export const LARGE_LOOK = {
  dot: 16,
  namespace: { width: 26, height: 18 },
  defaultColour: "#59657a",
  container: { fill: "#eef3fb", border: "#9db8e6", borderWidth: 1 },
  selected: "#f5a524",
  selectedBorderWidth: 3,
  selectedEdgeWidth: 4,
  label: { fontSize: 10, marginY: 3, colour: "#1c2330", minZoomedFontSize: 9, containerMinZoomedFontSize: 4 },
} as const;

/**
 * A large-graph edge's drawn width (model units) for its flow width (edgeWidthOf): whole-pixel
 * classes `w1`…`w8` drawn at half that, never under 1.
 */
export function largeEdgeWidthOf(width: number): number {
  const w = Math.min(8, Math.max(1, Math.round(width)));
  return w < 2 ? 1 : w / 2;
}

/** Widths of large-graph edges: one class per whole pixel (see largeEdgeWidthOf) rather than a data mapper. */
const WIDTH_CLASSES: StylesheetJson = [2, 3, 4, 5, 6, 7, 8].map((w) => ({ selector: `edge.w${w}`, style: { width: largeEdgeWidthOf(w) } }));

const kindDots: StylesheetJson = Object.entries(KIND_LOOK).map(([kind, look]) => ({ selector: `node.k-${kind}`, style: { "background-color": look.colour } }));

/**
 * Large graphs without WebGL2 (cytoscape's canvas renderer): dots with the name below from a
 * closer zoom, straight edges without arrowheads, no dashes, a plain colour when selected.
 */
const GRAPH_STYLE_LARGE: StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "ellipse",
      width: LARGE_LOOK.dot,
      height: LARGE_LOOK.dot,
      "background-color": LARGE_LOOK.defaultColour,
      label: "data(label)",
      "font-family": FONT,
      "font-size": LARGE_LOOK.label.fontSize,
      "text-valign": "bottom",
      "text-margin-y": LARGE_LOOK.label.marginY,
      "min-zoomed-font-size": LARGE_LOOK.label.minZoomedFontSize,
      color: LARGE_LOOK.label.colour,
      "z-index-compare": "manual",
      "z-index": 2,
    },
  },
  ...kindDots,
  { selector: "node.k-namespace", style: { shape: "round-rectangle", width: LARGE_LOOK.namespace.width, height: LARGE_LOOK.namespace.height } },
  // Open namespaces are plain nodes here (see LARGE_CONTAINER_INSET), sized from data.
  {
    selector: "node.open",
    style: { shape: "round-rectangle", "background-color": LARGE_LOOK.container.fill, "border-width": LARGE_LOOK.container.borderWidth, "border-color": LARGE_LOOK.container.border, "z-index": 0, width: "data(boxWidth)", height: "data(boxHeight)", "text-valign": "top", "font-weight": "bold", "min-zoomed-font-size": LARGE_LOOK.label.containerMinZoomedFontSize },
  },
  { selector: "node:selected", style: { "border-width": LARGE_LOOK.selectedBorderWidth, "border-color": LARGE_LOOK.selected } },
  { selector: "edge", style: { width: 1, "curve-style": "straight", "target-arrow-shape": "none", "line-color": EDGE_COLOURS.allowed, "z-index-compare": "manual", "z-index": 1 } },
  { selector: "edge.denied", style: { "line-color": EDGE_COLOURS.denied } },
  { selector: "edge.staged-denied", style: { "line-color": EDGE_COLOURS["staged-denied"] } },
  { selector: "edge.mixed", style: { "line-color": EDGE_COLOURS.mixed } },
  ...WIDTH_CLASSES,
  { selector: "edge:selected", style: { "line-color": LARGE_LOOK.selected, width: LARGE_LOOK.selectedEdgeWidth } },
];

/** In a large graph an open namespace is a plain node under its children, grown by this much per side. */
export const LARGE_CONTAINER_INSET = 8 + 16;

/**
 * Above this many nodes (or edges) a graph is "large": grouped grid positions instead of
 * fcose (O(n²) per iteration on the main thread) and our WebGL2 renderer (DESIGN.md: threshold).
 */
export const LARGE_GRAPH_NODES = 300;
export const LARGE_GRAPH_EDGES = 1500;

/** Whether a graph gets the large-graph renderer, style and positions. */
export function isLargeGraph(graph: Graph): boolean {
  return graph.nodes.length > LARGE_GRAPH_NODES || graph.edges.length > LARGE_GRAPH_EDGES;
}

/**
 * The canvas renderer draws a large graph's edges as haystack lines (straight, no control
 * points, one pass): the cheapest edges it has. WebGL draws straight edges instanced instead.
 */
const GRAPH_STYLE_LARGE_CANVAS: StylesheetJson = [...GRAPH_STYLE_LARGE, { selector: "edge", style: { "curve-style": "haystack", "haystack-radius": 0 } }];

/** The stylesheet for a graph size and renderer (`webgl`: straight edges instead of haystack lines). */
export function styleFor(large: boolean, webgl = false): StylesheetJson {
  if (!large) return GRAPH_STYLE;
  return webgl ? GRAPH_STYLE_LARGE : GRAPH_STYLE_LARGE_CANVAS;
}

/**
 * fcose for small graphs. `fixed` pins nodes that already have their place (stored or drawn),
 * so a new workload settles near its namespace without moving the rest; `randomize` only for
 * a first layout with nothing placed. Labels count in node sizes (they are inside the cards; the
 * containers' titles are outside). No animation: the layout is synchronous and short.
 */
export function fcoseLayout(options: { readonly randomize: boolean; readonly fixed: readonly { nodeId: string; position: Position }[] }): LayoutOptions {
  return {
    name: "fcose",
    quality: "proof",
    randomize: options.randomize,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: true,
    uniformNodeDimensions: false,
    packComponents: true,
    nodeSeparation: 60,
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => 80,
    edgeElasticity: () => 0.45,
    nestingFactor: 0.4,
    gravity: 0.8,
    gravityCompound: 1.6,
    gravityRangeCompound: 1.2,
    numIter: 2500,
    tile: true,
    tilingPaddingVertical: 14,
    tilingPaddingHorizontal: 14,
    ...(options.fixed.length > 0 ? { fixedNodeConstraint: options.fixed.map((f) => ({ nodeId: f.nodeId, position: { x: f.position.x, y: f.position.y } })) } : {}),
  } as LayoutOptions; // fcose's options extend cytoscape's base LayoutOptions (registered in use-graph-canvas.ts)
}

/** The classes the stylesheet keys a node's look on: `k-<kind>`, plus `open` for a container. */
export function nodeClasses(n: GraphNode): string {
  return n.expanded === true ? `k-${n.kind} open` : `k-${n.kind}`;
}

/**
 * The classes of an edge: its policy class (lib/graph edgeStyleClass) and, for a large graph,
 * its width rounded to a whole-pixel class.
 */
export function edgeClasses(e: GraphEdge, width: number, large: boolean): string {
  const cls = edgeStyleClass(e);
  return large ? `${cls} w${Math.min(8, Math.max(1, Math.round(width)))}` : cls;
}

/**
 * "Fit" never zooms in past this: a graph of three namespaces fitted to a 1,200 px canvas would
 * otherwise be drawn at 3× with giant cards. 1.25 keeps 11 px text at about 14 px.
 */
export const FIT_MAX_ZOOM = 1.25;

/** Model units around the placed node centres that a fit keeps in view (half a card and a title). */
const FIT_MARGIN = 60;

/**
 * The viewport that fits `positions` (node centres) into a `size` pixel canvas with `padding`
 * to spare, as cy.fit() would, without measuring any element; zoom clamped to
 * [minZoom, FIT_MAX_ZOOM]. An empty map gives zoom 1 at the origin.
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
  const zoom = Math.min(FIT_MAX_ZOOM, Math.max(GRAPH_CORE_OPTIONS.minZoom, fitZoom));
  return { zoom, pan: { x: (size.width - zoom * (x1 + x2)) / 2, y: (size.height - zoom * (y1 + y2)) / 2 } };
}

/** Core options for the instance (viewport performance, after cytoscape's performance notes). */
export const GRAPH_CORE_OPTIONS = {
  minZoom: 0.05,
  maxZoom: 4,
  wheelSensitivity: 0.3,
  hideEdgesOnViewport: false,
  hideLabelsOnViewport: false,
  textureOnViewport: false,
  motionBlur: false,
  boxSelectionEnabled: false,
} as const;

/**
 * Large graphs on the canvas renderer (WebGL unavailable) hide edges and labels during a gesture;
 * with WebGL everything stays drawn.
 */
export const LARGE_CANVAS_CORE_OPTIONS = { ...GRAPH_CORE_OPTIONS, hideEdgesOnViewport: true, hideLabelsOnViewport: true } as const;
