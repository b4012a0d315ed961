"use client";
/**
 * The one owner of the cytoscape instance. It is created once (in a ref) and kept in step with
 * the `graph` prop by applying lib/graph diffs — removals, additions parents-first, `move()` for
 * a changed parent, data updates — never by re-mounting, so positions and viewport survive
 * refreshes. The layout runs only when nodes came or went. Exposes a test hook
 * (`window.__palisadeGraph`) with node and edge ids and edge classes for e2e tests.
 *
 * Large graphs (graph-layout isLargeGraph) take a fast path, measured by
 * bench/graph-browser.bench.ts: open namespaces become plain nodes under their children instead
 * of compound parents, positions come from lib/graph buildGroupedPositions (no layout run), the
 * viewport fit is computed from those positions, and elements go in a few hundred per animation
 * frame with the graph held out of view until the last chunk, so no frame redraws a half-built
 * graph and every main-thread task stays short.
 */
import { useEffect, useRef } from "react";
import cytoscape from "cytoscape";
import type { Core, ElementDefinition } from "cytoscape";
import type { Graph, GraphEdge, GraphNode, Position } from "@/lib/graph";
import { buildGroupedPositions, diffGraph, edgeStyleClass, edgeWidth } from "@/lib/graph";
import type { Box } from "@/lib/graph/positions";
import { buildContainerBoxes } from "@/lib/graph/positions";
import { edgeClasses, fitViewportOf, GRAPH_CORE_OPTIONS, GRAPH_STYLE, isLargeGraph, LARGE_CONTAINER_INSET, layoutFor, nodeClasses, styleFor } from "@/components/graph/graph-layout";

/** What e2e tests read (ids only, never pixels). */
export interface GraphTestHook {
  nodes(): string[];
  edges(): { id: string; source: string; target: string; class: string }[];
  /** How many nodes and edges are drawn (cheap; for waiting on a large graph). */
  counts(): { nodes: number; edges: number };
  /** Taps an element as a click would (runs the same selection handler). */
  select(id: string): void;
}

declare global {
  interface Window {
    __palisadeGraph?: GraphTestHook;
  }
}

/** Zoom level and pan offset, in cytoscape's model coordinates. */
export interface GraphViewport {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
}

/** Viewport controls handed to the toolbar (and the saved views). */
export interface GraphControls {
  fit(): void;
  zoom(factor: number): void;
  viewport(): GraphViewport;
  /**
   * Moves the viewport now and, when `afterLayout`, once more after the next layout (which fits
   * the graph): a saved view applies its viewport to the graph its filters bring in.
   */
  setViewport(v: GraphViewport, options?: { readonly afterLayout?: boolean }): void;
  /** Marks a node or edge as selected (no tap event). */
  select(id: string | undefined): void;
}

/** How long a viewport waits for the layout of the graph it was set for. */
const PENDING_VIEWPORT_MS = 15_000;

/**
 * Elements a large graph adds per animation frame. Adding, styling and drawing 12,000 elements
 * at once is one main-thread task of about a second; in chunks each frame stays well under the
 * 200 ms long-task budget. The first chunk is smaller: cytoscape's style code is not yet
 * optimised by the JIT then and costs several times as much per element.
 */
const ELEMENT_CHUNK = 400;
const FIRST_ELEMENT_CHUNK = 100;

/** A pan (rendered pixels) that puts any placed graph far outside the canvas. */
const OUT_OF_VIEW = -1e7;

export type GraphSelection = { readonly kind: "node"; readonly id: string } | { readonly kind: "edge"; readonly id: string };

const EMPTY: Graph = { nodes: [], edges: [] };

/** Where a large graph's nodes go: grid positions, and boxes for the flattened open namespaces. */
interface Placement {
  readonly positions: ReadonlyMap<string, Position>;
  readonly boxes: ReadonlyMap<string, Box>;
}

function placementOf(graph: Graph): Placement {
  const positions = buildGroupedPositions(graph);
  return { positions, boxes: buildContainerBoxes(graph, positions, LARGE_CONTAINER_INSET) };
}

/** The size of a flattened container (a closed namespace's size when it has no placed children). */
function boxData(box: Box | undefined): { boxWidth: number; boxHeight: number } {
  return { boxWidth: box?.width ?? 40, boxHeight: box?.height ?? 30 };
}

/**
 * Small graphs use real compound parents (`parent`); a large graph (placement given) records
 * the container in `within` instead and draws it as a plain node sized to its box.
 */
function nodeData(n: GraphNode, placement: Placement | undefined): ElementDefinition {
  const common = { id: n.id, label: n.label, kind: n.kind, expanded: n.expanded === true, namespace: n.namespace ?? "" };
  if (placement === undefined) return { group: "nodes", data: { ...common, ...(n.parent !== undefined ? { parent: n.parent } : {}) }, classes: nodeClasses(n) };
  const box = placement.boxes.get(n.id);
  const p = box ?? placement.positions.get(n.id);
  return {
    group: "nodes",
    data: { ...common, ...(n.parent !== undefined ? { within: n.parent } : {}), ...(n.expanded === true ? boxData(box) : {}) },
    classes: nodeClasses(n),
    ...(p !== undefined ? { position: { x: p.x, y: p.y } } : {}),
    // Moving a flattened container would leave its children behind; dragging it pans instead,
    // as dragging the background does.
    ...(n.expanded === true ? { grabbable: false, pannable: true } : {}),
  };
}

function edgeData(e: GraphEdge, maxVolume: number, large: boolean): ElementDefinition & { data: { cls: string; width: number } } {
  const width = edgeWidth(e, { maxVolume, min: 1.5, max: 8 });
  return { group: "edges", data: { id: e.id, source: e.source, target: e.target, cls: edgeStyleClass(e), width }, classes: edgeClasses(e, width, large) };
}

function maxVolumeOf(graph: Graph): number {
  return graph.edges.reduce((m, e) => Math.max(m, e.stats.bytes), 0);
}

export function GraphCanvas(props: {
  readonly graph: Graph;
  readonly onSelect: (s: GraphSelection | undefined) => void;
  readonly onToggleNamespace: (namespace: string) => void;
  readonly onReady?: (controls: GraphControls) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const shown = useRef<Graph>(EMPTY);
  const pendingViewport = useRef<{ readonly viewport: GraphViewport; readonly until: number } | null>(null);
  const large = useRef(false);
  const pendingElements = useRef<{ elements: ElementDefinition[]; frame: number; done: () => void } | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    if (container.current === null) return;
    const cy = cytoscape({ container: container.current, style: GRAPH_STYLE, ...GRAPH_CORE_OPTIONS });
    cyRef.current = cy;
    cy.on("tap", (e) => {
      if (e.target === cy) handlers.current.onSelect(undefined);
      else handlers.current.onSelect({ kind: e.target.isNode() ? "node" : "edge", id: String(e.target.id()) });
    });
    cy.on("dbltap", "node", (e) => {
      const kind = String(e.target.data("kind"));
      const ns = String(e.target.data("namespace"));
      if (ns !== "" && (kind === "namespace" || e.target.data("parent") !== undefined || e.target.data("within") !== undefined)) handlers.current.onToggleNamespace(ns);
    });
    window.__palisadeGraph = {
      nodes: () => cy.nodes().map((n) => n.id()),
      counts: () => ({ nodes: cy.nodes().length, edges: cy.edges().length }),
      edges: () => cy.edges().map((e) => ({ id: e.id(), source: String(e.data("source")), target: String(e.data("target")), class: String(e.data("cls")) })),
      select: (id) => {
        const el = cy.getElementById(id);
        if (el.nonempty()) {
          cy.elements().unselect();
          el.select();
          el.emit("tap");
        }
      },
    };
    handlers.current.onReady?.({
      fit: () => cy.fit(undefined, 30),
      zoom: (f) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      viewport: () => ({ zoom: cy.zoom(), pan: { ...cy.pan() } }),
      setViewport: (v, options) => {
        cy.viewport({ zoom: v.zoom, pan: { ...v.pan } });
        pendingViewport.current = options?.afterLayout === true ? { viewport: v, until: Date.now() + PENDING_VIEWPORT_MS } : null;
      },
      select: (id) => {
        cy.elements().unselect();
        if (id !== undefined) cy.getElementById(id).select();
      },
    });
    return () => {
      if (pendingElements.current !== null) cancelAnimationFrame(pendingElements.current.frame);
      pendingElements.current = null;
      delete window.__palisadeGraph;
      cy.destroy();
      cyRef.current = null;
      shown.current = EMPTY;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === null) return;
    const next = props.graph;
    // Elements still queued from the previous graph go in now, so the diff below sees what is drawn.
    const queued = pendingElements.current;
    if (queued !== null) {
      cancelAnimationFrame(queued.frame);
      pendingElements.current = null;
      cy.add(queued.elements);
      queued.done();
    }
    const wasLarge = large.current;
    const isLarge = isLargeGraph(next);
    large.current = isLarge;
    if (isLarge !== wasLarge) {
      // Containers are compound parents in one mode and plain nodes in the other: start afresh.
      cy.elements().remove();
      shown.current = EMPTY;
      cy.style(styleFor(next));
    }
    const diff = diffGraph(shown.current, next);
    const maxVolume = maxVolumeOf(next);
    const nodesChanged = diff.addNodes.length > 0 || diff.removeNodes.length > 0 || diff.updateNodes.length > 0;
    // A large graph is placed by the grouped grid, computed here and handed to new nodes in their
    // definitions: no layout runs on the main thread.
    const placement = isLarge && nodesChanged ? placementOf(next) : undefined;
    // Nodes before edges (an edge needs its ends); a large graph's go in chunk by chunk.
    const added = [...diff.addNodes.map((n) => nodeData(n, isLarge ? placement : undefined)), ...diff.addEdges.map((e) => edgeData(e, maxVolume, isLarge))];
    const addedIds = new Set(diff.addEdges.map((e) => e.id));
    const addedNodeIds = new Set(diff.addNodes.map((n) => n.id));
    cy.batch(() => {
      for (const id of diff.removeEdges) cy.getElementById(id).remove();
      for (const id of diff.removeNodes) cy.getElementById(id).remove();
      // Before the updates: an updated node may move into a container added just now.
      cy.add(isLarge ? added.slice(0, FIRST_ELEMENT_CHUNK) : added);
      for (const n of diff.updateNodes) {
        const el = cy.getElementById(n.id);
        if (isLarge) el.data({ within: n.parent });
        else if ((el.data("parent") ?? null) !== (n.parent ?? null)) el.move({ parent: n.parent ?? null });
        el.data({ label: n.label, kind: n.kind, expanded: n.expanded === true, namespace: n.namespace ?? "" });
        el.classes(nodeClasses(n));
      }
      // Widths are relative to the busiest edge, so every edge may change when one does; only
      // edges whose look changed are touched (a data or class write restyles the element).
      for (const e of next.edges) {
        if (addedIds.has(e.id)) continue;
        const d = edgeData(e, maxVolume, isLarge);
        const el = cy.getElementById(e.id);
        if (el.data("cls") === d.data.cls && el.data("width") === d.data.width) continue;
        el.data({ cls: d.data.cls, width: d.data.width });
        el.classes(d.classes ?? "");
      }
      if (placement !== undefined) {
        for (const n of next.nodes) {
          if (addedNodeIds.has(n.id)) continue;
          const el = cy.getElementById(n.id);
          const box = placement.boxes.get(n.id);
          const p = box ?? placement.positions.get(n.id);
          if (p !== undefined) el.position({ x: p.x, y: p.y });
          if (n.expanded === true) el.data(boxData(box)).ungrabify().panify();
        }
      }
    });
    shown.current = next;
    const applyPendingViewport = (): void => {
      const pending = pendingViewport.current;
      if (pending === null) return;
      pendingViewport.current = null;
      if (Date.now() <= pending.until) cy.viewport({ zoom: pending.viewport.zoom, pan: { ...pending.viewport.pan } });
    };
    // The fit comes from the positions: cy.fit() would measure every element's box first.
    const fit = placement !== undefined ? fitViewportOf(placement.positions, { width: cy.width(), height: cy.height() }, 30) : undefined;
    const placed = (): void => {
      if (fit === undefined) return;
      cy.viewport(fit);
      applyPendingViewport();
    };
    if (isLarge && added.length > FIRST_ELEMENT_CHUNK) {
      const rest = added.slice(FIRST_ELEMENT_CHUNK);
      // While chunks go in, a placed graph is kept out of view: every frame would otherwise
      // redraw all that is in so far, and the last frames alone would take longer than 200 ms.
      if (fit !== undefined) cy.viewport({ zoom: fit.zoom, pan: { x: OUT_OF_VIEW, y: OUT_OF_VIEW } });
      const addChunk = (): void => {
        cy.add(rest.splice(0, ELEMENT_CHUNK));
        if (rest.length > 0) {
          if (pendingElements.current !== null) pendingElements.current.frame = requestAnimationFrame(addChunk);
          return;
        }
        pendingElements.current = null;
        placed();
      };
      pendingElements.current = { elements: rest, frame: requestAnimationFrame(addChunk), done: placed };
    } else placed();
    // Lay out only when the node set changed; new nodes have no position yet, so start afresh then.
    if (!nodesChanged || placement !== undefined) return;
    const layout = cy.layout(layoutFor(next, diff.addNodes.length > 0));
    layout.one("layoutstop", applyPendingViewport);
    layout.run();
  }, [props.graph]);

  return <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Service graph" />;
}
