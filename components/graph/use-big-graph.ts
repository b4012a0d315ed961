"use client";
/**
 * The large service graph on our own WebGL2 renderer (big-graph-renderer.ts): the React side.
 * Same props, controls, selection callbacks and test hook as the cytoscape canvas
 * (use-graph-canvas.ts), so the page, its filters, the side panel and saved views do not know
 * which one draws. The model is the `graph` prop itself (plain lib/graph data) plus the packed
 * scene; positions come from the placement Web Worker (graph-positions.worker.ts), never from
 * a layout on this thread. See DESIGN.md in this folder for why there is no cytoscape instance here.
 */
import { useCallback, useEffect, useRef } from "react";
import type { RefObject } from "react";
import type { Graph, LargePlacement, Position } from "@/lib/graph";
import { diffGraph, edgeStyleClass } from "@/lib/graph";
import type { BigScene } from "@/components/graph/big-graph-scene";
import { NODE_FLOATS, bigScenePacker, nodeBoxOf } from "@/components/graph/big-graph-scene";
import type { BigHit, Viewport } from "@/components/graph/big-graph-view";
import { zoomAround } from "@/components/graph/big-graph-view";
import type { Mark } from "@/components/graph/big-graph-renderer";
import { BigGraphRenderer } from "@/components/graph/big-graph-renderer";
import { LARGE_CONTAINER_INSET, LARGE_LOOK, fitViewportOf } from "@/components/graph/graph-layout";
import { installTestHook } from "@/components/graph/graph-test-hook";
import type { GraphCanvasProps, GraphSelection } from "@/components/graph/use-graph-canvas";
import type { PlacementReply } from "@/components/graph/placement-messages";
import { fromPlacementReply, placeOnThisThread, toPlacementRequest } from "@/components/graph/placement-messages";
import { inNextTask } from "@/lib/next-task";

/** How long a viewport waits for the placement of the graph it was set for (as on the canvas). */
const PENDING_VIEWPORT_MS = 15_000;
const FIT_PADDING = 30;
/** Edges packed per slice, and the time one task may spend packing slices. */
const PACK_SLICE = 2000;
const PACK_BUDGET_MS = 12;

/** Width of a label character at the large style's 10 px (for the test hook's label boxes). */
const LABEL_CHAR_WIDTH = 5.8;

/** Why the big renderer gave up: the caller draws with cytoscape's canvas renderer instead. */
export type BigGraphFallback = "no-webgl2" | "context-lost";

export function useBigGraph(container: RefObject<HTMLDivElement | null>, props: GraphCanvasProps, onFallback: (why: BigGraphFallback) => void): { readonly focusNode: (id: string | undefined) => void; readonly activate: (id: string) => void } {
  const rendererRef = useRef<BigGraphRenderer | null>(null);
  const shown = useRef<{ graph: Graph; scene: BigScene | undefined; placement: LargePlacement | undefined }>({ graph: { nodes: [], edges: [] }, scene: undefined, placement: undefined });
  const selected = useRef<GraphSelection | undefined>(undefined);
  const focused = useRef<string | undefined>(undefined);
  const appliedKey = useRef<string | undefined>(undefined);
  const pendingViewport = useRef<{ readonly viewport: Viewport; readonly until: number } | null>(null);
  const placementSeq = useRef(0);
  const worker = useRef<Worker | null>(null);
  const workerFailed = useRef(false);
  const handlers = useRef(props);
  handlers.current = props;
  const fallback = useRef(onFallback);
  fallback.current = onFallback;

  const markOf = (sel: GraphSelection | undefined): Mark => {
    const scene = shown.current.scene;
    if (sel === undefined || scene === undefined) return undefined;
    const index = (sel.kind === "node" ? scene.nodeIndex : scene.edgeIndex).get(sel.id);
    return index === undefined ? undefined : { kind: sel.kind, index };
  };

  /** Selects as a click on the element (or the background) does on the canvas: the mark, then onSelect. */
  const selectAndReport = (sel: GraphSelection | undefined): void => {
    selected.current = sel;
    rendererRef.current?.setSelected(markOf(sel));
    handlers.current.onSelect(sel);
  };

  const selectionOf = (hit: BigHit): GraphSelection | undefined => {
    const scene = shown.current.scene;
    if (hit === undefined || scene === undefined) return undefined;
    const id = hit.kind === "node" ? scene.nodeIds[hit.index] : scene.edgeIds[hit.index];
    return id === undefined ? undefined : { kind: hit.kind, id };
  };

  /**
   * Packs the scene (the nodes in one task, the edges in slices of at most PACK_BUDGET_MS per
   * task, so a 50,000-edge graph is no long task), then shows it in a task of its own. A newer
   * sync meanwhile (`seq`) drops this one.
   */
  const show = (r: BigGraphRenderer, graph: Graph, placement: LargePlacement, first: boolean, seq: number): void => {
    const stale = (): boolean => seq !== placementSeq.current || rendererRef.current !== r;
    // The nodes in a task of their own (10,000 of them take tens of ms on a slow machine), the edges in slices, the hand-over in another.
    inNextTask(() => {
      if (stale()) return;
      const packer = bigScenePacker(graph, placement);
      let next = 0;
      const step = (): void => {
        if (stale()) return;
        const start = performance.now();
        while (next < graph.edges.length && performance.now() - start < PACK_BUDGET_MS) {
          packer.packEdges(next, next + PACK_SLICE);
          next += PACK_SLICE;
        }
        if (next < graph.edges.length) inNextTask(step);
        else
          inNextTask(() => {
            if (!stale()) present(r, graph, placement, packer.scene, first);
          });
      };
      inNextTask(step);
    });
  };

  const present = (r: BigGraphRenderer, graph: Graph, placement: LargePlacement, scene: BigScene, first: boolean): void => {
    shown.current = { graph, scene, placement };
    r.setScene(scene);
    r.remeasure();
    r.setSelected(markOf(selected.current));
    r.setFocused(markOf(focused.current === undefined ? undefined : { kind: "node", id: focused.current }));
    const pending = pendingViewport.current;
    pendingViewport.current = null;
    if (pending !== null && Date.now() <= pending.until) r.setViewport(pending.viewport);
    else if (first) r.setViewport(fitViewportOf(placement.positions, { width: r.width(), height: r.height() }, FIT_PADDING));
  };

  const sync = (r: BigGraphRenderer, next: Graph, stored: ReadonlyMap<string, Position>, forceFit: boolean): void => {
    const key = handlers.current.layoutKey ?? "";
    const keyChanged = appliedKey.current !== undefined && appliedKey.current !== key;
    appliedKey.current = key;
    const prev = shown.current;
    const first = prev.scene === undefined || forceFit || keyChanged;
    const nodesChanged = keyChanged || forceFit || prev.placement === undefined || prev.graph.nodes.length !== next.nodes.length || diffGraph({ nodes: prev.graph.nodes, edges: [] }, { nodes: next.nodes, edges: [] }).addNodes.length > 0;
    const seq = ++placementSeq.current;
    if (!nodesChanged && prev.placement !== undefined) {
      // Same nodes: same places; only edges (and their looks) changed.
      show(r, next, prev.placement, false, seq);
      return;
    }
    const req = toPlacementRequest(seq, next.nodes, stored, LARGE_CONTAINER_INSET);
    const factory = handlers.current.createPlacementWorker;
    if (worker.current === null && factory !== undefined && !workerFailed.current) {
      try {
        worker.current = factory();
      } catch {
        // No worker here (a file:// page, a strict CSP): place on this thread, as the canvas does.
        workerFailed.current = true;
      }
    }
    if (worker.current === null) {
      show(r, next, placeOnThisThread(req), first, seq);
      return;
    }
    worker.current.onmessage = (e: MessageEvent<PlacementReply>) => {
      // A newer graph was asked for meanwhile, or the renderer is gone: this placement is stale.
      if (e.data.seq !== placementSeq.current || rendererRef.current !== r) return;
      show(r, next, fromPlacementReply(e.data), first, seq);
    };
    // Copying 10,000 nodes into the message takes a while: in a task of its own, not the caller's (a React commit).
    const w = worker.current;
    inNextTask(() => {
      if (seq === placementSeq.current && worker.current === w) w.postMessage(req);
    });
  };

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const r = BigGraphRenderer.create(
      el,
      {
        onTap: (hit) => selectAndReport(selectionOf(hit)),
        onDoubleTap: (hit) => {
          const sel = selectionOf(hit);
          if (sel?.kind !== "node") return;
          const n = shown.current.graph.nodes.find((x) => x.id === sel.id);
          const ns = n?.namespace ?? "";
          if (n !== undefined && ns !== "" && (n.kind === "namespace" || n.parent !== undefined)) handlers.current.onToggleNamespace(ns);
        },
        onContextLost: () => fallback.current("context-lost"),
        onUnavailable: (reason) => {
          console.error(`service graph: WebGL2 renderer unavailable (${reason}); drawing with the canvas renderer`);
          fallback.current("no-webgl2");
        },
      },
      handlers.current.createRenderWorker,
    );
    if (r === undefined) {
      fallback.current("no-webgl2");
      return;
    }
    rendererRef.current = r;
    shown.current = { graph: { nodes: [], edges: [] }, scene: undefined, placement: undefined };
    appliedKey.current = undefined;
    const uninstall = installTestHook({
      nodes: () => [...(shown.current.scene?.nodeIds ?? [])],
      edges: () => shown.current.graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, class: edgeStyleClass(e) })),
      parents: () => Object.fromEntries(shown.current.graph.nodes.flatMap((n) => (n.parent !== undefined ? [[n.id, n.parent]] : []))),
      // What is on screen: nothing until the painter (in its worker, maybe) has drawn the scene.
      counts: () => (r.sceneDrawn() ? { nodes: shown.current.scene?.nodeIds.length ?? 0, edges: shown.current.scene?.edgeIds.length ?? 0 } : { nodes: 0, edges: 0 }),
      framesPainted: () => r.framesPainted(),
      paintsIn: () => r.paintsIn(),
      renderer: () => "webgl",
      positions: () => leafPositions(shown.current.scene),
      boxes: () => {
        const scene = shown.current.scene;
        const out: Record<string, { x1: number; y1: number; x2: number; y2: number }> = {};
        if (scene === undefined) return out;
        for (let i = scene.containers; i < scene.nodeIds.length; i++) {
          const b = nodeBoxOf(scene, i);
          const half = Math.max(b.width, (scene.labels[i] ?? "").length * LABEL_CHAR_WIDTH) / 2;
          out[scene.nodeIds[i] ?? ""] = { x1: b.x - half, y1: b.y - b.height / 2, x2: b.x + half, y2: b.y + b.height / 2 + LARGE_LOOK.label.marginY + LARGE_LOOK.label.fontSize };
        }
        return out;
      },
      zoom: () => r.viewport().zoom,
      select: (id) => {
        const scene = shown.current.scene;
        if (scene === undefined) return;
        if (scene.nodeIndex.has(id)) selectAndReport({ kind: "node", id });
        else if (scene.edgeIndex.has(id)) selectAndReport({ kind: "edge", id });
      },
    });
    const fit = (): void => {
      const scene = shown.current.scene;
      if (scene === undefined || Number.isNaN(scene.bounds.x1)) return;
      const corners = new Map([
        ["a", { x: scene.bounds.x1, y: scene.bounds.y1 }],
        ["b", { x: scene.bounds.x2, y: scene.bounds.y2 }],
      ]);
      r.setViewport(fitViewportOf(corners, { width: r.width(), height: r.height() }, FIT_PADDING));
    };
    handlers.current.onReady?.({
      fit,
      zoom: (f) => r.setViewport(zoomAround(r.viewport(), f, r.width() / 2, r.height() / 2)),
      viewport: () => r.viewport(),
      setViewport: (v, o) => {
        r.setViewport(v);
        pendingViewport.current = o?.afterLayout === true ? { viewport: v, until: Date.now() + PENDING_VIEWPORT_MS } : null;
      },
      select: (id) => {
        const scene = shown.current.scene;
        selected.current = id === undefined ? undefined : scene?.edgeIndex.has(id) === true ? { kind: "edge", id } : { kind: "node", id };
        r.setSelected(markOf(selected.current));
      },
      positions: () => leafPositions(shown.current.scene),
      relayout: () => sync(r, shown.current.graph, new Map(), true),
    });
    const seq = placementSeq;
    return () => {
      worker.current?.terminate();
      worker.current = null;
      // Any packing still under way belongs to this renderer: stop it.
      seq.current++;
      uninstall();
      r.destroy();
      rendererRef.current = null;
    };
    // The handlers read props through refs: one renderer per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const r = rendererRef.current;
    if (r === null) return;
    sync(r, props.graph, props.storedPositions ?? new Map(), false);
    // `sync` reads the other props through refs; it runs when the graph or the stored layout changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.graph, props.layoutKey]);

  const focusNode = useCallback((id: string | undefined) => {
    const r = rendererRef.current;
    const scene = shown.current.scene;
    focused.current = id;
    if (r === null || scene === undefined) return;
    const mark = markOf(id === undefined ? undefined : { kind: "node", id });
    r.setFocused(mark);
    if (mark === undefined) return;
    // Bring a node that is out of view into view, at the current zoom.
    const b = nodeBoxOf(scene, mark.index);
    const v = r.viewport();
    const x = b.x * v.zoom + v.pan.x;
    const y = b.y * v.zoom + v.pan.y;
    if (x < 0 || y < 0 || x > r.width() || y > r.height()) r.setViewport({ zoom: v.zoom, pan: { x: r.width() / 2 - b.x * v.zoom, y: r.height() / 2 - b.y * v.zoom } });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const activate = useCallback((id: string) => selectAndReport({ kind: "node", id }), []); // eslint-disable-line react-hooks/exhaustive-deps

  return { focusNode, activate };
}

/** Where the drawn leaves are (containers follow their children). */
function leafPositions(scene: BigScene | undefined): Record<string, Position> {
  const out: Record<string, Position> = {};
  if (scene === undefined) return out;
  for (let i = scene.containers; i < scene.nodeIds.length; i++) {
    const x = scene.nodes[i * NODE_FLOATS] ?? NaN;
    const y = scene.nodes[i * NODE_FLOATS + 1] ?? NaN;
    if (Number.isFinite(x) && Number.isFinite(y)) out[scene.nodeIds[i] ?? ""] = { x, y };
  }
  return out;
}
