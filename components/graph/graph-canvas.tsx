"use client";
/**
 * The one owner of the cytoscape instance. It is created once (in a ref) and kept in step with
 * the `graph` prop by applying lib/graph diffs — removals, additions parents-first, `move()` for
 * a changed parent, data updates — never by re-mounting, so positions and viewport survive
 * refreshes. The layout runs only when nodes came or went. Exposes a test hook
 * (`window.__palisadeGraph`) with node and edge ids and edge classes for e2e tests.
 */
import { useEffect, useRef } from "react";
import cytoscape from "cytoscape";
import type { Core, ElementDefinition } from "cytoscape";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph";
import { diffGraph, edgeStyleClass, edgeWidth } from "@/lib/graph";
import { GRAPH_CORE_OPTIONS, GRAPH_STYLE, isLargeGraph, layoutFor, styleFor } from "@/components/graph/graph-layout";

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
 * Edges added per animation frame beyond the first chunk: adding (and styling) 10,000 edges in
 * one go is a single main-thread task of seconds; in chunks the page stays responsive.
 */
const EDGE_CHUNK = 1500;

export type GraphSelection = { readonly kind: "node"; readonly id: string } | { readonly kind: "edge"; readonly id: string };

const EMPTY: Graph = { nodes: [], edges: [] };

function nodeData(n: GraphNode): ElementDefinition {
  return { group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, expanded: n.expanded === true, namespace: n.namespace ?? "", ...(n.parent !== undefined ? { parent: n.parent } : {}) } };
}

function edgeData(e: GraphEdge, maxVolume: number): ElementDefinition {
  return { group: "edges", data: { id: e.id, source: e.source, target: e.target, cls: edgeStyleClass(e), width: edgeWidth(e, { maxVolume, min: 1.5, max: 8 }) } };
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
  const pendingEdges = useRef<{ edges: ElementDefinition[]; frame: number } | null>(null);
  const large = useRef(false);
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
      if (ns !== "" && (kind === "namespace" || e.target.data("parent") !== undefined)) handlers.current.onToggleNamespace(ns);
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
      if (pendingEdges.current !== null) cancelAnimationFrame(pendingEdges.current.frame);
      pendingEdges.current = null;
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
    // Edges still queued from the previous graph go in now, so the diff below sees what is drawn.
    const queued = pendingEdges.current;
    if (queued !== null) {
      cancelAnimationFrame(queued.frame);
      pendingEdges.current = null;
      cy.add(queued.edges);
    }
    const diff = diffGraph(shown.current, next);
    const maxVolume = maxVolumeOf(next);
    const wasLarge = large.current;
    large.current = isLargeGraph(next);
    if (large.current !== wasLarge) cy.style(styleFor(next));
    const added = diff.addEdges.map((e) => edgeData(e, maxVolume));
    const addedIds = new Set(diff.addEdges.map((e) => e.id));
    cy.batch(() => {
      for (const id of diff.removeEdges) cy.getElementById(id).remove();
      for (const id of diff.removeNodes) cy.getElementById(id).remove();
      cy.add(diff.addNodes.map(nodeData));
      for (const n of diff.updateNodes) {
        const el = cy.getElementById(n.id);
        const parent = n.parent ?? null;
        if ((el.data("parent") ?? null) !== parent) el.move({ parent });
        el.data({ label: n.label, kind: n.kind, expanded: n.expanded === true, namespace: n.namespace ?? "" });
      }
      cy.add(added.slice(0, EDGE_CHUNK));
      // Widths are relative to the busiest edge, so every edge may change when one does.
      for (const e of next.edges) {
        if (addedIds.has(e.id)) continue;
        const d = edgeData(e, maxVolume).data;
        cy.getElementById(e.id).data({ cls: d.cls, width: d.width });
      }
    });
    if (added.length > EDGE_CHUNK) {
      const rest = added.slice(EDGE_CHUNK);
      const addChunk = (): void => {
        const chunk = rest.splice(0, EDGE_CHUNK);
        cy.add(chunk);
        if (rest.length === 0) pendingEdges.current = null;
        else if (pendingEdges.current !== null) pendingEdges.current.frame = requestAnimationFrame(addChunk);
      };
      pendingEdges.current = { edges: rest, frame: requestAnimationFrame(addChunk) };
    }
    shown.current = next;
    // Lay out only when the node set changed; new nodes have no position yet, so start afresh then.
    if (diff.addNodes.length === 0 && diff.removeNodes.length === 0 && diff.updateNodes.length === 0) return;
    const layout = cy.layout(layoutFor(next, diff.addNodes.length > 0));
    layout.one("layoutstop", () => {
      const pending = pendingViewport.current;
      if (pending === null) return;
      pendingViewport.current = null;
      if (Date.now() <= pending.until) cy.viewport({ zoom: pending.viewport.zoom, pan: { ...pending.viewport.pan } });
    });
    layout.run();
  }, [props.graph]);

  return <div ref={container} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label="Service graph" />;
}
