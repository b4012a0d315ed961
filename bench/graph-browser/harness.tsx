/**
 * The page of the graph browser benchmark (bench/graph-browser.bench.ts bundles it with esbuild):
 * a generated service graph (fetched from the bench's server, parsed as the app parses it) rendered through the app's own GraphCanvas (same renderer choice —
 * our WebGL2 renderer or cytoscape's canvas — styles and placement worker), after the same client pipeline as the graph page
 * (filterGraph, then aggregateLargeGraph). `?nodes=N&edges=M` sizes the graph; results land on
 * `window.__graphBench` for the driver to read.
 */
import { createRoot } from "react-dom/client";
import type { Graph } from "@/lib/graph";
import { GraphReplySchema } from "@/lib/contracts/flows";
import { apiFetch } from "@/lib/hooks/fetcher";
import { DEFAULT_MAX_NODES, aggregateLargeGraph, filterGraph } from "@/lib/graph";
import { Suspense, lazy } from "react";
import type { GraphControls } from "@/components/graph/graph-canvas";

/**
 * The canvas on demand, as the graph page loads it (components/graph/graph-view.tsx: its module asked
 * for as the page mounts, next/dynamic rendered once the graph is in): its modules are evaluated in a
 * task of their own, not with the page's scripts.
 */
const canvasModule = import("@/components/graph/graph-canvas");
const GraphCanvas = lazy(() => canvasModule.then((m) => ({ default: m.GraphCanvas })));

/** The placement and render workers, bundled beside the page by the bench (the app's are built by Next). */
const createPlacementWorker = (): Worker => new Worker("graph-positions.worker.js");
const createRenderWorker = (): Worker => new Worker("big-graph-render.worker.js");

export interface GraphBenchPage {
  /** Which renderer drew it ("webgl (worker)", "webgl (page)" or "canvas"). */
  renderer?: string;
  /** Graph handed to the canvas. */
  readonly nodes: number;
  readonly edges: number;
  readonly aggregated: boolean;
  /** ms from navigation start until the first frame with every element drawn. */
  firstFrameMs?: number;
  controls?: GraphControls;
  /** The id of the node or edge last selected by a click (through the canvas's onSelect). */
  selected?: string;
  /** Starts counting animation frames (the driver then pans and zooms with real mouse input). */
  startFrames(): void;
  /** Stops counting; the frames per second since startFrames. */
  stopFrames(): number;
  /**
   * Frames per second the WebGL2 renderer's painter put on screen between startFrames and
   * stopFrames (it may draw in a worker, whose frames the page's requestAnimationFrame does not
   * count); undefined for cytoscape.
   */
  paintedFps?: number;
}

declare global {
  interface Window {
    __graphBench?: GraphBenchPage;
  }
}

const params = new URLSearchParams(location.search);
/** `?renderer=webgl|canvas` forces the large-graph renderer; default: the app's own choice. */
const rendererParam = params.get("renderer") === "webgl" ? "webgl" : params.get("renderer") === "canvas" ? "canvas" : "auto";
// The graph arrives as the graph page's does (lib/hooks/use-graph.ts): an HTTP answer (made by
// the bench's server, bench/graph-browser/generate.ts) read by the app's apiFetch, which parses
// it with the API's zod contract, after the page's scripts ran.
const generated: Graph = await apiFetch(`graph.json?nodes=${Number(params.get("nodes") ?? 2000)}&edges=${Number(params.get("edges") ?? 10000)}`, { schema: GraphReplySchema });
// The graph page's client pipeline: filters (none here), then the large-graph guard.
// `?maxNodes=N` folds above N nodes instead of the app's limit (to draw a graph unfolded; the default measures the app).
const maxNodes = Number(params.get("maxNodes") ?? DEFAULT_MAX_NODES);
const { graph, stage } = aggregateLargeGraph(filterGraph(generated, {}), maxNodes);
const page: GraphBenchPage = { nodes: graph.nodes.length, edges: graph.edges.length, aggregated: stage > 0, startFrames, stopFrames };
window.__graphBench = page;

/** rAF callbacks counted while the driver moves the viewport: the frames the page could paint. */
const frameCounter = { frames: 0, start: 0, running: false, painted: 0 };

function countFrame(): void {
  if (!frameCounter.running) return;
  frameCounter.frames++;
  requestAnimationFrame(countFrame);
}

function startFrames(): void {
  frameCounter.frames = 0;
  frameCounter.painted = window.__palisadeGraph?.framesPainted?.() ?? 0;
  frameCounter.start = performance.now();
  frameCounter.running = true;
  requestAnimationFrame(countFrame);
}

function stopFrames(): number {
  frameCounter.running = false;
  const ms = performance.now() - frameCounter.start;
  const painted = window.__palisadeGraph?.framesPainted?.();
  page.paintedFps = painted === undefined ? undefined : ((painted - frameCounter.painted) * 1000) / ms;
  return (frameCounter.frames * 1000) / ms;
}

function waitForFirstFrame(): void {
  const drawn = window.__palisadeGraph?.counts() ?? { nodes: 0, edges: 0 };
  if (drawn.nodes < graph.nodes.length || drawn.edges < graph.edges.length) {
    requestAnimationFrame(waitForFirstFrame);
    return;
  }
  // Elements are in; the renderer draws them in its next animation frame.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      page.firstFrameMs = performance.now();
      const hook = window.__palisadeGraph;
      // "webgl (worker)" or "webgl (page)": where the WebGL2 renderer's painter ran.
      page.renderer = hook === undefined ? undefined : `${hook.renderer()}${hook.paintsIn !== undefined ? ` (${hook.paintsIn()})` : ""}`;
    }),
  );
}

const container = document.getElementById("root");
if (container !== null) {
  createRoot(container).render(
    <Suspense fallback={null}>
      <GraphCanvas graph={graph} onSelect={(sel) => (page.selected = sel?.id)} onToggleNamespace={() => undefined} onReady={(c) => (page.controls = c)} createPlacementWorker={createPlacementWorker} createRenderWorker={params.get("paint") === "page" ? undefined : createRenderWorker} renderer={rendererParam} />
    </Suspense>,
  );
  requestAnimationFrame(waitForFirstFrame);
}
