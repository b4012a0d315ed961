/**
 * The service graph in a real browser (issue "Service graph in the browser"). The page
 * bench/graph-browser/harness.tsx is bundled with esbuild — the app's GraphCanvas (its hook,
 * cytoscape style, core options, renderer choice and the placement Web Worker, bundled from
 * components/graph/graph-positions.worker.ts) and the graph page's client pipeline (the graph
 * fetched over HTTP and parsed with the API's zod contract, then filterGraph → aggregateLargeGraph)
 * — into a static page that headless Chromium (playwright-core, the
 * system Chromium from scripts/find-chromium.mjs) opens. Per case we measure:
 *
 * - first frame: navigation start until every element is drawn (target ≤ 3 s);
 * - main-thread long tasks (PerformanceObserver "longtask", from the first byte to the end of
 *   the pan/zoom phase): the longest must stay within the case's budget (2,000/10,000: 50 ms;
 *   10,000/50,000: 100 ms);
 * - pan/zoom frame rate: requestAnimationFrame callbacks while Playwright's mouse drags the
 *   graph around and turns the wheel for 3 s (target ≥ 30 fps) — real input events; the run
 *   fails if the viewport did not actually move;
 * - then (outside the figures) a click on the node drawn nearest the centre must select it: the
 *   renderer's hit test works.
 *
 * Large graphs are drawn by the app's own WebGL2 renderer (components/graph/big-graph-renderer.ts)
 * whenever a WebGL2 context can be made, else by cytoscape's canvas renderer (see
 * components/graph/DESIGN.md); the result names the one that drew. Headless Chromium here has
 * no GPU, so the browser runs WebGL on SwiftShader (`--use-angle=swiftshader
 * --enable-unsafe-swiftshader`): software rendering, so the figures are a floor.
 * GRAPH_BENCH_RENDERER=canvas (or =webgl) forces the renderer to compare the two. Each case runs
 * RUNS times in a fresh page and the figures reported are the medians (the raw runs are kept).
 * GRAPH_BENCH_SCREENSHOTS=<folder> saves each case's first run as drawn (fitted, then zoomed in
 * on the clicked selection) to look at; GRAPH_BENCH_MINIFY=0 keeps names for profiling.
 *
 * Run directly: `tsx bench/graph-browser.bench.ts` (prints the JSON).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import type { GraphViewport } from "@/components/graph/graph-canvas";
import type { GraphBenchPage } from "./graph-browser/harness";
import { generateReply } from "./graph-browser/generate";

const ROOT = path.join(__dirname, "..");
const FIRST_FRAME_TARGET_MS = 3000;
const FPS_TARGET = 30;
/**
 * The large-graph renderer: the app's own choice by default ("auto": our WebGL2 renderer whenever
 * WebGL2 exists, so on SwiftShader here); GRAPH_BENCH_RENDERER=canvas or =webgl forces one.
 */
const RENDERER = process.env.GRAPH_BENCH_RENDERER === "webgl" ? "webgl" : process.env.GRAPH_BENCH_RENDERER === "canvas" ? "canvas" : "auto";
/**
 * Where the WebGL2 renderer's painter runs: in its render worker on an OffscreenCanvas (default,
 * as the app) or, with GRAPH_BENCH_PAINT=page, on the page's main thread (the renderer's fallback).
 */
const PAINT = process.env.GRAPH_BENCH_PAINT === "page" ? "page" : "worker";
/** GRAPH_BENCH_SCREENSHOTS=<folder>: a screenshot of each case's first run after its first frame, and after the click (outside the figures). */
const SCREENSHOTS = process.env.GRAPH_BENCH_SCREENSHOTS;
/**
 * GRAPH_BENCH_MAX_NODES=<n>: fold graphs above n nodes instead of the app's limit (lib/graph
 * DEFAULT_MAX_NODES, 10,000, so both cases are drawn unfolded); e.g. 5000 folds the 10,000-node
 * case into its 500 namespaces. Reported with the figures.
 */
const MAX_NODES = process.env.GRAPH_BENCH_MAX_NODES;
/** Runs per case; the medians are reported. */
const RUNS = Number(process.env.GRAPH_BENCH_RUNS ?? 3);

/** The cases of the issue: size, and the longest main-thread task allowed. */
const CASES = [
  { name: "2,000 nodes / 10,000 edges", nodes: 2000, edges: 10_000, longestTaskMs: 50 },
  { name: "10,000 nodes / 50,000 edges", nodes: 10_000, edges: 50_000, longestTaskMs: 100 },
] as const;
const MOTION_MS = 3000;
/** The canvas in the harness page: 1280 px wide, 800 px high, at the top left. */
const CANVAS = { width: 1280, height: 800 } as const;

export interface GraphBrowserRun {
  readonly generatedNodes: number;
  readonly generatedEdges: number;
  /** What the canvas drew (after aggregateLargeGraph). */
  readonly nodes: number;
  readonly edges: number;
  readonly aggregated: boolean;
  readonly renderer: string;
  readonly firstFrameMs: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  /**
   * Informational split of the long tasks (the target reads longestTaskMs, all of them): the
   * longest that started before the page asked for its graph — evaluating the page's scripts
   * (React, react-dom, the app's modules), work the graph code does not do — and the longest
   * from then on (the answer's parse, the pipeline, rendering, placement, drawing, input).
   */
  readonly scriptsLongestTaskMs?: number;
  readonly graphLongestTaskMs?: number;
  readonly panZoomFps?: number;
  /**
   * Frames the WebGL2 renderer's painter put on screen per second during the pan/zoom phase (it
   * draws in a worker, so the page's requestAnimationFrame rate above is not its frame rate).
   * Informational: no target; a painter draws only when the view changed, so it is capped by the input rate too.
   */
  readonly paintedFps?: number;
  /** Why the run failed: no figures (e.g. no first frame within 120 s), or a click that selected the wrong element. */
  readonly error?: string;
}

/** One case: the medians of its runs, the targets, and the runs themselves. */
export interface GraphBrowserCase {
  readonly name: string;
  readonly targets: { readonly firstFrameMs: number; readonly longestTaskMs: number; readonly fps: number };
  readonly median: { readonly firstFrameMs: number; readonly longestTaskMs: number; readonly scriptsLongestTaskMs: number; readonly graphLongestTaskMs: number; readonly panZoomFps: number };
  readonly ok: boolean;
  readonly runs: readonly GraphBrowserRun[];
}

export interface GraphBrowserBenchResult {
  readonly browser: string;
  readonly runsPerCase: number;
  readonly cases: readonly GraphBrowserCase[];
  readonly ok: boolean;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Observes long tasks before any script runs, so the bundle's own work is counted. */
const LONG_TASK_PROBE = `<script>
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
  .observe({ type: "longtask", buffered: true });
</script>`;

async function buildHarness(dir: string): Promise<string> {
  // ES modules with code splitting, as Next ships the page: what the app loads on demand (the
  // cytoscape surface, React.lazy in graph-canvas.tsx) is a chunk of its own that a large graph on
  // the WebGL2 renderer never fetches. (One IIFE would hold it too: never evaluated, but its ~570 kB
  // compiled on the main thread when the IIFE runs, ~50 ms of the first task on a busy machine.)
  await build({
    entryPoints: [path.join(__dirname, "graph-browser", "harness.tsx")],
    bundle: true,
    format: "esm",
    splitting: true,
    entryNames: "harness",
    chunkNames: "chunk-[hash]",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    minify: process.env.GRAPH_BENCH_MINIFY !== "0",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    define: { "process.env.NODE_ENV": '"production"', "process.env.NEXT_PUBLIC_PALISADE_TEST_HOOKS": '"1"' },
    outdir: dir,
    logLevel: "error",
  });
  for (const worker of ["graph-positions.worker", "big-graph-render.worker"]) {
    await build({
      entryPoints: [path.join(ROOT, "components", "graph", `${worker}.ts`)],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2022",
      minify: process.env.GRAPH_BENCH_MINIFY !== "0",
      tsconfig: path.join(ROOT, "tsconfig.json"),
      outfile: path.join(dir, `${worker}.js`),
      logLevel: "error",
    });
  }
  const css = readFileSync(path.join(ROOT, "components", "graph", "graph.css"), "utf8");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>graph bench</title>${LONG_TASK_PROBE}
<style>${css} body { margin: 0; } .graph-canvas { height: 800px; }</style></head>
<body><div id="root" style="width: 1280px"></div><script type="module" src="harness.js"></script></body></html>`;
  writeFileSync(path.join(dir, "index.html"), html);
  return dir;
}

/**
 * Serves the harness folder on 127.0.0.1 (a page from file:// may not start a Web Worker).
 * Only the bench's temporary folder is served: its page, and the scripts it wrote there (the
 * harness, its chunks and the two workers); and /graph.json?nodes=N&edges=M, the page's graph
 * as the graph API would answer it (bench/graph-browser/generate.ts).
 */
async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const replies = new Map<string, string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = url.pathname;
    if (name === "/graph.json") {
      // The page's graph, as the graph API would answer (generated once per size, then served).
      const nodes = Number(url.searchParams.get("nodes"));
      const edges = Number(url.searchParams.get("edges"));
      if (!Number.isInteger(nodes) || !Number.isInteger(edges) || nodes < 1 || edges < 0) {
        res.writeHead(400).end();
        return;
      }
      const key = `${nodes}/${edges}`;
      let body = replies.get(key);
      if (body === undefined) {
        body = JSON.stringify(generateReply(nodes, edges));
        replies.set(key, body);
      }
      res.writeHead(200, { "content-type": "application/json" }).end(body);
      return;
    }
    const file = name === "/" ? "/index.html" : name;
    const type = file === "/index.html" ? "text/html" : /^\/[\w.-]+\.js$/.test(file) ? "text/javascript" : undefined;
    if (type === undefined || !existsSync(path.join(dir, file))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": type }).end(readFileSync(path.join(dir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("bench server has no port");
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/**
 * Real user input for `ms`: alternately a drag (press on the graph, move in a circle, release)
 * and a burst of wheel zooms in and out, each event dispatched through Playwright's mouse as
 * the browser would deliver it. Returns the page's frame rate over that time.
 */
async function panZoomWithMouse(page: Page, ms: number): Promise<number> {
  const cx = CANVAS.width / 2;
  const cy = CANVAS.height / 2;
  const before = await page.evaluate(() => window.__graphBench?.controls?.viewport());
  await page.mouse.move(cx, cy);
  await page.evaluate(() => (window.__graphBench as GraphBenchPage).startFrames());
  let midDrag: GraphViewport | undefined;
  /** The viewport before the first wheel burst and after its zooms in (the burst zooms back out after). */
  let wheel: { before: GraphViewport | undefined; zoomedIn: GraphViewport | undefined } | undefined;
  const t0 = Date.now();
  for (let round = 0; Date.now() - t0 < ms; round++) {
    if (round % 2 === 0) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 1; i <= 30 && Date.now() - t0 < ms; i++) {
        const a = (i / 30) * 2 * Math.PI;
        await page.mouse.move(cx + 150 * Math.sin(a), cy + 100 * (1 - Math.cos(a)));
        if (round === 0 && i === 15) midDrag = await page.evaluate(() => window.__graphBench?.controls?.viewport());
      }
      await page.mouse.up();
    } else {
      const first = wheel === undefined;
      if (first) wheel = { before: await page.evaluate(() => window.__graphBench?.controls?.viewport()), zoomedIn: undefined };
      for (let i = 0; i < 20 && Date.now() - t0 < ms; i++) {
        await page.mouse.wheel(0, i < 10 ? -100 : 100);
        if (first && i === 9 && wheel !== undefined) wheel.zoomedIn = await page.evaluate(() => window.__graphBench?.controls?.viewport());
      }
    }
  }
  const fps = await page.evaluate(() => (window.__graphBench as GraphBenchPage).stopFrames());
  const after = await page.evaluate(() => window.__graphBench?.controls?.viewport());
  // A drag that landed on a node (which moves the node) or input that missed the canvas would
  // measure an idle page: halfway round the first circle the graph must have moved down.
  // On a machine too slow to reach the middle of the first circle within the time, the figure
  // is still reported (it is low); the case fails on fps, not on an exception.
  if (before === undefined || (midDrag !== undefined && Math.abs(midDrag.pan.y - before.pan.y) < 100)) throw new Error(`pan/zoom: dragging did not pan the viewport (before ${JSON.stringify(before)}, mid-drag ${JSON.stringify(midDrag)})`);
  // Ten notches in and ten out may bring the zoom back exactly: the check is halfway through the first burst.
  if (after === undefined || (wheel?.zoomedIn !== undefined && wheel.zoomedIn.zoom <= (wheel.before?.zoom ?? Infinity))) throw new Error("pan/zoom: the wheel did not zoom in");
  return fps;
}

/**
 * After the measurements: a real click on the node drawn nearest the canvas centre must select
 * that node (the renderer's hit test — on WebGL2 the app's own, components/graph/big-graph-view.ts).
 */
async function clickANode(page: Page): Promise<void> {
  const target = await page.evaluate((canvas) => {
    const hook = window.__palisadeGraph;
    const v = window.__graphBench?.controls?.viewport();
    if (hook === undefined || v === undefined) return undefined;
    // Dots and closed namespaces (a dot with its name below: under 60 units high), not the open namespaces' boxes (their centre may be on a dot).
    const boxes = hook.boxes();
    let best: { id: string; x: number; y: number; d: number } | undefined;
    for (const [id, p] of Object.entries(hook.positions())) {
      const b = boxes[id];
      if (b === undefined || b.y2 - b.y1 > 60) continue;
      const x = p.x * v.zoom + v.pan.x;
      const y = p.y * v.zoom + v.pan.y;
      const d = Math.hypot(x - canvas.width / 2, y - canvas.height / 2);
      if (best !== undefined && d >= best.d) continue;
      best = { id, x, y, d };
    }
    return best;
  }, CANVAS);
  if (target === undefined) throw new Error("click: no node to click");
  await page.mouse.click(target.x, target.y);
  await page.waitForFunction((id) => window.__graphBench?.selected === id, target.id, { timeout: 30_000, polling: 100 }).catch(async () => {
    const selected = await page.evaluate(() => window.__graphBench?.selected);
    throw new Error(`click: clicking node ${target.id} at (${Math.round(target.x)}, ${Math.round(target.y)}) selected ${selected ?? "nothing"}`);
  });
}

async function runOne(page: Page, url: string, nodes: number, edges: number, motion: boolean, screenshots: string | undefined): Promise<GraphBrowserRun> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  await page.goto(`${url}?nodes=${nodes}&edges=${edges}&renderer=${RENDERER}&paint=${PAINT}${MAX_NODES !== undefined ? `&maxNodes=${Number(MAX_NODES)}` : ""}`);
  await page.waitForFunction(() => window.__graphBench?.firstFrameMs !== undefined, undefined, { timeout: 120_000, polling: 100 }).catch((e: unknown) => {
    throw new Error(`${nodes}/${edges}: no first frame (${e instanceof Error ? e.message : String(e)}); page errors: ${errors.join(" | ") || "none"}`);
  });
  // Let any deferred work after the first frame show up as long tasks too.
  await page.waitForTimeout(500);
  if (screenshots !== undefined) await page.screenshot({ path: path.join(screenshots, `graph-${nodes}-${edges}-first.png`) });
  const panZoomFps = motion ? await panZoomWithMouse(page, MOTION_MS) : undefined;
  // The harness sets these fields; read as plain JSON (controls are functions and stay behind).
  const info = await page.evaluate(() => {
    const b = window.__graphBench as GraphBenchPage;
    const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks;
    // When the page asked for its graph (the harness's fetch, right after its scripts ran).
    const asked = performance.getEntriesByType("resource").find((r) => r.name.includes("/graph.json"))?.startTime ?? Number.POSITIVE_INFINITY;
    const split = { scripts: tasks.filter((t) => t.start < asked).map((t) => t.duration), graph: tasks.filter((t) => t.start >= asked).map((t) => t.duration) };
    return { nodes: b.nodes, edges: b.edges, aggregated: b.aggregated, renderer: b.renderer ?? "?", firstFrameMs: b.firstFrameMs ?? -1, durations: tasks.map((t) => t.duration), split, paintedFps: b.paintedFps };
  });
  // A wrong selection fails the run but keeps its figures.
  const clickError = motion ? await clickANode(page).then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e))) : undefined;
  if (screenshots !== undefined) {
    // Zoomed in on the selection, where names are drawn (labels settle 150 ms after the gesture).
    await page.evaluate(() => window.__graphBench?.controls?.zoom(4));
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(screenshots, `graph-${nodes}-${edges}-selected.png`) });
  }
  return {
    generatedNodes: nodes,
    generatedEdges: edges,
    nodes: info.nodes,
    edges: info.edges,
    aggregated: info.aggregated,
    renderer: info.renderer,
    firstFrameMs: Math.round(info.firstFrameMs),
    longTasks: info.durations.length,
    longestTaskMs: Math.round(Math.max(0, ...info.durations)),
    scriptsLongestTaskMs: Math.round(Math.max(0, ...info.split.scripts)),
    graphLongestTaskMs: Math.round(Math.max(0, ...info.split.graph)),
    ...(panZoomFps !== undefined ? { panZoomFps: Math.round(panZoomFps * 10) / 10 } : {}),
    ...(info.paintedFps !== undefined ? { paintedFps: Math.round(info.paintedFps * 10) / 10 } : {}),
    ...(clickError !== undefined ? { error: clickError } : {}),
  };
}

/** Builds the harness, runs every case RUNS times in headless Chromium (SwiftShader WebGL), returns the medians. */
export async function runGraphBrowserBench(): Promise<GraphBrowserBenchResult> {
  const { chromium } = await import("playwright-core");
  // Safe: scripts/find-chromium.mjs is plain ESM exporting findChromium(): string | undefined.
  const { findChromium } = (await import(pathToFileURL(path.join(ROOT, "scripts", "find-chromium.mjs")).href)) as { findChromium: () => string | undefined };
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error("no Chromium found (apt-get install chromium or set CHROMIUM_PATH)");
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-graph-bench-"));
  // No GPU here: WebGL through SwiftShader (software). Not --disable-gpu, which turns WebGL off.
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--disable-background-networking", "--no-first-run"] });
  try {
    const { url, server } = await serve(await buildHarness(dir));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const cases: GraphBrowserCase[] = [];
    for (const c of CASES) {
      const runs: GraphBrowserRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await context.newPage();
        try {
          runs.push(await runOne(page, url, c.nodes, c.edges, true, i === 0 ? SCREENSHOTS : undefined));
        } catch (e) {
          // A run that never drew (timeout) counts as a failed run with its reason, not a crash of the bench.
          runs.push({ generatedNodes: c.nodes, generatedEdges: c.edges, nodes: 0, edges: 0, aggregated: false, renderer: "?", firstFrameMs: -1, longTasks: 0, longestTaskMs: -1, error: e instanceof Error ? e.message : String(e) });
        }
        await page.close();
      }
      const m = {
        firstFrameMs: median(runs.map((r) => r.firstFrameMs)),
        longestTaskMs: median(runs.map((r) => r.longestTaskMs)),
        scriptsLongestTaskMs: median(runs.map((r) => r.scriptsLongestTaskMs ?? -1)),
        graphLongestTaskMs: median(runs.map((r) => r.graphLongestTaskMs ?? -1)),
        panZoomFps: median(runs.map((r) => r.panZoomFps ?? 0)),
      };
      const ok = runs.every((r) => r.firstFrameMs >= 0 && r.error === undefined) && m.firstFrameMs <= FIRST_FRAME_TARGET_MS && m.longestTaskMs <= c.longestTaskMs && m.panZoomFps >= FPS_TARGET;
      cases.push({ name: c.name, targets: { firstFrameMs: FIRST_FRAME_TARGET_MS, longestTaskMs: c.longestTaskMs, fps: FPS_TARGET }, median: m, ok, runs });
    }
    server.close();
    return { browser: `${browser.version()} (headless, WebGL on SwiftShader; large-graph renderer: ${RENDERER}, painting in the ${PAINT === "page" ? "page" : "render worker"}${MAX_NODES !== undefined ? `; folded above ${Number(MAX_NODES)} nodes` : ""})`, runsPerCase: RUNS, cases, ok: cases.every((c) => c.ok) };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tsx bench/graph-browser.bench.ts --serve`: builds and serves the harness only (for profiling by hand). */
async function serveOnly(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-graph-bench-"));
  const { url } = await serve(await buildHarness(dir));
  process.stdout.write(`${url}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes("--serve")) {
  void serveOnly();
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGraphBrowserBench().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
