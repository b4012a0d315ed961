/**
 * The page of the graph browser benchmark (bench/graph-browser.bench.ts bundles it with esbuild):
 * a generated service graph rendered through the app's own GraphCanvas (same renderer choice —
 * our WebGL2 renderer or cytoscape's canvas — styles and placement worker), after the same client pipeline as the graph page
 * (filterGraph, then aggregateLargeGraph). `?nodes=N&edges=M` sizes the graph; results land on
 * `window.__graphBench` for the driver to read.
 */
import { createRoot } from "react-dom/client";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph";
import { DEFAULT_MAX_NODES, aggregateLargeGraph, filterGraph } from "@/lib/graph";
import type { GraphControls } from "@/components/graph/graph-canvas";
import { GraphCanvas } from "@/components/graph/graph-canvas";
import { mulberry32 } from "@/lib/random";

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

/**
 * A workload-level graph: namespaces open as containers of 19 workloads each (so nodes are
 * namespaces + workloads), edges between random workloads, 10% denied, 5% staged-denied.
 */
function generate(totalNodes: number, totalEdges: number): Graph {
  const rand = mulberry32(42);
  const perNs = 20;
  const namespaces = Math.max(1, Math.round(totalNodes / perNs));
  const nodes: GraphNode[] = [];
  const workloads: string[] = [];
  for (let n = 0; n < namespaces && nodes.length < totalNodes; n++) {
    const ns = `ns-${n}`;
    nodes.push({ id: `ns:${ns}`, kind: "namespace", label: ns, namespace: ns, expanded: true });
    for (let w = 0; w < perNs - 1 && nodes.length < totalNodes; w++) {
      const id = `wl:${ns}/app-${w}-*`;
      nodes.push({ id, kind: "workload", label: `app-${w}-*`, namespace: ns, parent: `ns:${ns}` });
      workloads.push(id);
    }
  }
  const edges = new Map<string, GraphEdge>();
  while (edges.size < totalEdges) {
    const source = workloads[Math.floor(rand() * workloads.length)] ?? "";
    const target = workloads[Math.floor(rand() * workloads.length)] ?? "";
    const id = `${source}->${target}`;
    if (source === target || edges.has(id)) continue;
    const r = rand();
    const flows = 1 + Math.floor(rand() * 50);
    const denied = r < 0.1 ? flows : 0;
    const stagedDenied = r >= 0.1 && r < 0.15 ? flows : 0;
    const bytes = Math.floor(rand() * 1_000_000);
    edges.set(id, { id, source, target, stats: { flows, allowed: flows - denied, denied, stagedDenied, bytes, packets: Math.floor(bytes / 800) }, ports: ["tcp/8080"], policies: [], firstSeen: 0, lastSeen: 0 });
  }
  return { nodes, edges: [...edges.values()] };
}

const params = new URLSearchParams(location.search);
/** `?renderer=webgl|canvas` forces the large-graph renderer; default: the app's own choice. */
const rendererParam = params.get("renderer") === "webgl" ? "webgl" : params.get("renderer") === "canvas" ? "canvas" : "auto";
const generated = generate(Number(params.get("nodes") ?? 2000), Number(params.get("edges") ?? 10000));
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
  createRoot(container).render(<GraphCanvas graph={graph} onSelect={(sel) => (page.selected = sel?.id)} onToggleNamespace={() => undefined} onReady={(c) => (page.controls = c)} createPlacementWorker={createPlacementWorker} createRenderWorker={params.get("paint") === "page" ? undefined : createRenderWorker} renderer={rendererParam} />);
  requestAnimationFrame(waitForFirstFrame);
}
