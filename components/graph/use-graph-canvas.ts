"use client";
/**
 * The one owner of the service graph's cytoscape instance (state and effects; GraphCanvas only
 * renders). Cytoscape's canvas renderer draws every small graph, and large graphs only where our
 * own WebGL2 renderer cannot (no WebGL2, a lost context, or forced: GraphCanvas decides; the
 * large path is use-big-graph.ts). The instance is created once per size class (small or large
 * style) and kept in step with the `graph` prop through lib/graph's diffGraph + applyGraphDiff
 * on a cytoscape target, never by re-mounting, so positions and viewport survive refreshes.
 *
 * Placement, small graphs: nodes with a stored position (per user, cluster and saved view, in
 * the database) go exactly there; new nodes start next to their namespace (lib/graph
 * seedPositions) and fcose settles them — with everything already placed pinned, unless
 * containers opened or closed (then the rest may move aside). The first layout ever is
 * seeded, so the same graph gets the same picture. After a layout or a drag the positions are
 * handed to `onPositionsChange` to be stored.
 *
 * Placement, large graphs: the grouped grid, computed in a Web Worker; elements go in per
 * animation frame, as many as a time budget allows, styled as they go in, with the graph held
 * out of view (the canvas renderer culls it).
 */
import { useCallback, useEffect, useRef } from "react";
import type { RefObject } from "react";
import cytoscape from "cytoscape";
import type { Core, CytoscapeOptions, ElementDefinition, NodeSingular } from "cytoscape";
import fcose from "cytoscape-fcose";
import type { Graph, LargePlacement, Position } from "@/lib/graph";
import { applyGraphDiff, diffGraph, seedPositions } from "@/lib/graph";
import { cytoscapeTarget, edgeDefinition, maxFlowsOf } from "@/components/graph/cytoscape-target";
import { GRAPH_CORE_OPTIONS, LARGE_CANVAS_CORE_OPTIONS, LARGE_CONTAINER_INSET, fcoseLayout, fitViewportOf, isLargeGraph, styleFor } from "@/components/graph/graph-layout";
import { installGraphTestHook } from "@/components/graph/graph-test-hook";
import { firstLayout, fitClamped, leafPositions, runSeeded, separateOverlaps, showInitially } from "@/components/graph/canvas-helpers";
import type { PlacementReply, PlacementWorkerFactory } from "@/components/graph/placement-messages";
import { fromPlacementReply, placeOnThisThread, toPlacementRequest } from "@/components/graph/placement-messages";

cytoscape.use(fcose);

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
  /** Moves the viewport now and, when `afterLayout`, once more after the next placement. */
  setViewport(v: GraphViewport, options?: { readonly afterLayout?: boolean }): void;
  /** Marks a node or edge as selected (no tap event). */
  select(id: string | undefined): void;
  /** Where the drawn nodes are (leaves; containers follow their children). */
  positions(): Record<string, Position>;
  /** Lays the whole graph out afresh (ignoring stored positions) and reports the new positions. */
  relayout(): void;
}

export type GraphSelection = { readonly kind: "node"; readonly id: string } | { readonly kind: "edge"; readonly id: string };

export interface GraphCanvasProps {
  readonly graph: Graph;
  /** Stored positions for `layoutKey` (node id → model position). */
  readonly storedPositions?: ReadonlyMap<string, Position>;
  /** Which stored layout is in use (a saved view's id, or "" for none); a change re-places the graph. */
  readonly layoutKey?: string;
  readonly onSelect: (s: GraphSelection | undefined) => void;
  readonly onToggleNamespace: (namespace: string) => void;
  readonly onReady?: (controls: GraphControls) => void;
  /** Positions to store, after a layout or a drag (leaves only; containers follow their children). */
  readonly onPositionsChange?: (positions: Readonly<Record<string, Position>>) => void;
  /** Large graphs: our WebGL2 renderer whenever WebGL2 exists ("auto", the default), or forced either way (GraphCanvas). */
  readonly renderer?: "auto" | "webgl" | "canvas";
  /** Builds the Web Worker that places large graphs; without it they are placed on the main thread. */
  readonly createPlacementWorker?: PlacementWorkerFactory;
  /** Builds the Web Worker that draws large graphs (WebGL2 on an OffscreenCanvas); without it they are drawn on the main thread. */
  readonly createRenderWorker?: () => Worker;
}

/** How long a viewport waits for the placement of the graph it was set for. */
const PENDING_VIEWPORT_MS = 15_000;
/**
 * A large graph goes in per animation frame in sub-chunks of ELEMENT_SUBCHUNK elements, at least
 * MIN_CHUNK and then until the frame's budget is spent (the first chunk is small: cold JIT). The
 * canvas renderer still does per-frame work for what is in (out of view), so fewer, bigger
 * chunks load it faster.
 */
const ELEMENT_SUBCHUNK = 100;
const MIN_CHUNK = 300;
const CHUNK_BUDGET_MS = 20;
const FIRST_ELEMENT_CHUNK = 100;
/** A pan that puts any placed graph far outside the canvas. */
const OUT_OF_VIEW = -1e7;
const FIT_PADDING = 30;
const EMPTY: Graph = { nodes: [], edges: [] };

export function useGraphCanvas(container: RefObject<HTMLDivElement | null>, props: GraphCanvasProps): { readonly focusNode: (id: string | undefined) => void; readonly activate: (id: string) => void } {
  const cyRef = useRef<Core | null>(null);
  const shown = useRef<Graph>(EMPTY);
  const appliedKey = useRef<string | undefined>(undefined);
  const pendingViewport = useRef<{ readonly viewport: GraphViewport; readonly until: number } | null>(null);
  const pendingElements = useRef<{ elements: ElementDefinition[]; frame: number; done: () => void } | null>(null);
  const placementSeq = useRef(0);
  const worker = useRef<Worker | null>(null);
  const workerFailed = useRef(false);
  const relayoutRequested = useRef(false);
  const handlers = useRef(props);
  handlers.current = props;
  const large = isLargeGraph(props.graph);

  const applyPendingViewport = useCallback((cy: Core): boolean => {
    const pending = pendingViewport.current;
    if (pending === null) return false;
    pendingViewport.current = null;
    if (Date.now() > pending.until) return false;
    cy.viewport({ zoom: pending.viewport.zoom, pan: { ...pending.viewport.pan } });
    return true;
  }, []);

  // One instance per size class: small graphs as cards in compound containers, large ones as dots.
  useEffect(() => {
    if (container.current === null) return;
    const options: CytoscapeOptions = {
      container: container.current,
      style: styleFor(large),
      ...(large ? LARGE_CANVAS_CORE_OPTIONS : GRAPH_CORE_OPTIONS),
    };
    const cy = cytoscape(options);
    cyRef.current = cy;
    shown.current = EMPTY;
    appliedKey.current = undefined;
    cy.on("tap", (e) => {
      if (e.target === cy) handlers.current.onSelect(undefined);
      else handlers.current.onSelect({ kind: e.target.isNode() ? "node" : "edge", id: String(e.target.id()) });
    });
    cy.on("dbltap", "node", (e) => {
      const kind = String(e.target.data("kind"));
      const ns = String(e.target.data("namespace"));
      if (ns !== "" && (kind === "namespace" || e.target.data("parent") !== undefined || e.target.data("within") !== undefined)) handlers.current.onToggleNamespace(ns);
    });
    // A dragged node (or a dragged container, which moves its children) keeps its new place.
    cy.on("dragfree", "node", (e) => {
      const moved: Record<string, Position> = {};
      e.target.union(e.target.descendants()).forEach((n: NodeSingular) => {
        if (!n.isParent() && n.data("expanded") !== true) moved[n.id()] = { ...n.position() };
      });
      handlers.current.onPositionsChange?.(moved);
    });
    // The details panel opens beside the canvas and narrows it: cytoscape must re-measure.
    const resize = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(() => cy.resize());
    resize?.observe(container.current);
    const uninstall = installGraphTestHook(cy);
    handlers.current.onReady?.({
      fit: () => fitClamped(cy),
      zoom: (f) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      viewport: () => ({ zoom: cy.zoom(), pan: { ...cy.pan() } }),
      setViewport: (v, o) => {
        cy.viewport({ zoom: v.zoom, pan: { ...v.pan } });
        pendingViewport.current = o?.afterLayout === true ? { viewport: v, until: Date.now() + PENDING_VIEWPORT_MS } : null;
      },
      select: (id) => {
        cy.elements().unselect();
        if (id !== undefined) cy.getElementById(id).select();
      },
      positions: () => leafPositions(cy),
      relayout: () => {
        relayoutRequested.current = true;
        const g = shown.current;
        cy.elements().remove();
        shown.current = EMPTY;
        sync(cy, g, new Map());
      },
    });
    return () => {
      if (pendingElements.current !== null) cancelAnimationFrame(pendingElements.current.frame);
      pendingElements.current = null;
      worker.current?.terminate();
      worker.current = null;
      uninstall();
      resize?.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
    // `sync` is stable (it reads props through refs); the instance depends on the renderer only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [large]);

  /** Small graphs: diff, place new nodes (stored, seeded, or fcose), fit on first sight. */
  function syncSmall(cy: Core, next: Graph, stored: ReadonlyMap<string, Position>, keyChanged: boolean): void {
    const first = shown.current.nodes.length === 0;
    const diff = diffGraph(shown.current, next);
    // Where everything already drawn stands, plus the stored places: new nodes are seeded from both.
    const known = new Map<string, Position>(stored);
    if (!keyChanged) cy.nodes().forEach((n) => void (!n.isParent() && known.set(n.id(), { ...n.position() })));
    const seeds = seedPositions(next, known);
    const containersChanged = diff.addNodes.some((n) => n.expanded === true) || diff.removeNodes.some((id) => cy.getElementById(id).data("expanded") === true) || diff.updateNodes.some((n) => (cy.getElementById(n.id).data("parent") ?? undefined) !== n.parent || n.expanded !== (cy.getElementById(n.id).data("expanded") === true));
    cy.batch(() => {
      applyGraphDiff(cytoscapeTarget(cy, { maxFlows: maxFlowsOf(next.edges), positionOf: (id) => seeds.positions.get(id), placement: undefined }), diff);
      restyleEdges(cy, next, false);
      if (keyChanged) for (const [id, p] of stored) {
        const el = cy.getElementById(id);
        if (el.nonempty() && !el.isParent()) el.position({ ...p });
      }
    });
    shown.current = next;
    const newLeaves = next.nodes.filter((n) => n.expanded !== true && !seeds.stored.has(n.id));
    const needLayout = newLeaves.length > 0 || seeds.unplaced.length > 0;
    if (needLayout) {
      const anyPlaced = seeds.stored.size > 0;
      const fixed = containersChanged || keyChanged ? [] : next.nodes.filter((n) => seeds.stored.has(n.id)).map((n) => ({ nodeId: n.id, position: seeds.positions.get(n.id) ?? { x: 0, y: 0 } }));
      const layout = (seed?: number): void => runSeeded(() => cy.layout(fcoseLayout({ randomize: !anyPlaced, fixed })).run(), seed);
      if (!anyPlaced && fixed.length === 0) firstLayout(cy, layout);
      else layout();
      separateOverlaps(cy);
      handlers.current.onPositionsChange?.(leafPositions(cy));
    } else if ((diff.addNodes.length > 0 || keyChanged) && separateOverlaps(cy)) {
      // Stored places can collide once the graph has changed (a card grew, a container opened): fix and store.
      handlers.current.onPositionsChange?.(leafPositions(cy));
    }
    if (applyPendingViewport(cy)) return;
    if (first || keyChanged || (needLayout && containersChanged)) showInitially(cy);
  }

  /** Large graphs: the diff with a worker-made placement, added in chunks. */
  function syncLarge(cy: Core, next: Graph, placement: LargePlacement | undefined): void {
    const queued: ElementDefinition[] = [];
    const diff = diffGraph(shown.current, next);
    cy.batch(() => {
      applyGraphDiff(cytoscapeTarget(cy, { maxFlows: maxFlowsOf(next.edges), positionOf: () => undefined, placement: placement ?? { positions: new Map(), boxes: new Map() }, queue: (els) => queued.push(...els) }), diff);
      cy.add(queued.splice(0, FIRST_ELEMENT_CHUNK));
      // Edges just added have their look already; on a first load that is all of them.
      if (diff.addEdges.length < next.edges.length) restyleEdges(cy, next, true);
      if (placement !== undefined) {
        const added = new Set(diff.addNodes.map((n) => n.id));
        for (const n of next.nodes) {
          if (added.has(n.id)) continue;
          const el = cy.getElementById(n.id);
          const box = placement.boxes.get(n.id);
          const p = box ?? placement.positions.get(n.id);
          if (p !== undefined) el.position({ x: p.x, y: p.y });
          if (box !== undefined) el.data({ boxWidth: box.width, boxHeight: box.height });
        }
      }
    });
    shown.current = next;
    const fit = placement !== undefined ? fitViewportOf(placement.positions, { width: cy.width(), height: cy.height() }, FIT_PADDING) : undefined;
    const placed = (): void => {
      if (fit === undefined) return;
      cy.viewport(fit);
      applyPendingViewport(cy);
    };
    if (queued.length === 0) {
      placed();
      return;
    }
    // While chunks go in, the graph is kept out of view: each frame would redraw all that is in so far.
    if (fit !== undefined) cy.viewport({ zoom: fit.zoom, pan: { x: OUT_OF_VIEW, y: OUT_OF_VIEW } });
    const addChunk = (): void => {
      // Sub-chunks until the frame's budget is spent, so a slow machine takes more frames rather than longer ones.
      const start = performance.now();
      let added = 0;
      do {
        // Style applied now, in this frame, rather than all at once in the first drawn frame
        // (reading a style property applies the stylesheet to an element whose style is stale).
        added += cy.add(queued.splice(0, ELEMENT_SUBCHUNK)).forEach((el) => void el.numericStyle("z-index")).length;
      } while (queued.length > 0 && (added < MIN_CHUNK || performance.now() - start < CHUNK_BUDGET_MS));
      if (queued.length > 0) {
        if (pendingElements.current !== null) pendingElements.current.frame = requestAnimationFrame(addChunk);
        return;
      }
      pendingElements.current = null;
      placed();
    };
    pendingElements.current = { elements: queued, frame: requestAnimationFrame(addChunk), done: placed };
  }

  /** Edge widths are relative to the busiest edge: touch only edges whose look changed. */
  function restyleEdges(cy: Core, next: Graph, isLarge: boolean): void {
    const maxFlows = maxFlowsOf(next.edges);
    for (const e of next.edges) {
      const el = cy.getElementById(e.id);
      if (el.empty()) continue;
      const d = edgeDefinition(e, maxFlows, isLarge);
      if (el.data("cls") === d.data.cls && el.data("width") === d.data.width) continue;
      el.data({ cls: d.data.cls, width: d.data.width });
      el.classes(d.classes ?? "");
    }
  }

  function sync(cy: Core, next: Graph, stored: ReadonlyMap<string, Position>): void {
    // Elements still queued from the previous graph go in now, so the diff sees what is drawn.
    const queued = pendingElements.current;
    if (queued !== null) {
      cancelAnimationFrame(queued.frame);
      pendingElements.current = null;
      cy.add(queued.elements);
      queued.done();
    }
    const key = handlers.current.layoutKey ?? "";
    const keyChanged = appliedKey.current !== undefined && appliedKey.current !== key;
    appliedKey.current = key;
    if (!isLargeGraph(next)) {
      syncSmall(cy, next, stored, keyChanged);
      return;
    }
    const prev = shown.current;
    const nodesChanged = keyChanged || prev.nodes.length !== next.nodes.length || diffGraph({ nodes: prev.nodes, edges: [] }, { nodes: next.nodes, edges: [] }).addNodes.length > 0;
    if (!nodesChanged) {
      syncLarge(cy, next, undefined);
      return;
    }
    const seq = ++placementSeq.current;
    const req = toPlacementRequest(seq, next.nodes, stored, LARGE_CONTAINER_INSET);
    const factory = handlers.current.createPlacementWorker;
    if (worker.current === null && factory !== undefined && !workerFailed.current) {
      try {
        worker.current = factory();
      } catch {
        // No worker here (a file:// page, a strict CSP): place on this thread, as without a factory.
        workerFailed.current = true;
      }
    }
    if (worker.current === null) {
      syncLarge(cy, next, placeOnThisThread(req));
      return;
    }
    worker.current.onmessage = (e: MessageEvent<PlacementReply>) => {
      // A newer graph was asked for meanwhile, or the instance is gone: this placement is stale.
      if (e.data.seq !== placementSeq.current || cyRef.current !== cy) return;
      syncLarge(cy, next, fromPlacementReply(e.data));
    };
    worker.current.postMessage(req);
  }

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === null) return;
    sync(cy, props.graph, props.storedPositions ?? new Map());
    // `sync` reads the other props through refs; it runs when the graph, the renderer or the stored layout changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.graph, large, props.layoutKey]);

  const focusNode = useCallback((id: string | undefined) => {
    const cy = cyRef.current;
    if (cy === null) return;
    cy.nodes(".kbd-focus").removeClass("kbd-focus");
    if (id === undefined) return;
    const el = cy.getElementById(id);
    if (el.empty()) return;
    el.addClass("kbd-focus");
    // Bring a node that is out of view into view, at the current zoom.
    const bb = el.renderedBoundingBox();
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(el);
  }, []);

  const activate = useCallback((id: string) => {
    const cy = cyRef.current;
    if (cy === null) return;
    cy.elements().unselect();
    cy.getElementById(id).select();
    handlers.current.onSelect({ kind: "node", id });
  }, []);

  return { focusNode, activate };
}
