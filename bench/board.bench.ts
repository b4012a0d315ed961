/**
 * Policy board at scale (issue "Policy board and policy editor", performance targets): 5,000
 * policies in 50 tiers are written into a throwaway PGlite folder, the production build is
 * started on it (background jobs off), and we measure
 *
 * - the board list API warm: median and p95 of 20 GET …/board (target ≤ 800 ms);
 * - the board page's largest contentful paint in headless Chromium (target ≤ 2.5 s);
 * - the largest DOM element count while expanding tiers and scrolling (target ≤ 1,400);
 * - drag-reorder persistence: 50 reorders through POST …/board/changes (what a drop sends),
 *   timed in the page from the request to the server's acknowledgement, p99 (target ≤ 1.5 s).
 *
 * Run directly: `node --conditions=react-server --import tsx bench/board.bench.ts` (prints the
 * JSON). The react-server condition lets the server-only seeding modules load outside Next.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CalicoResource } from "@/lib/calico/types";

const ROOT = path.join(__dirname, "..");
const TIERS = 50;
const PER_TIER = 100;
const PASSWORD = "bench-Admin-Passw0rd";

export interface BoardBenchResult {
  readonly policies: number;
  readonly tiers: number;
  readonly seedSeconds: number;
  readonly api: { readonly medianMs: number; readonly p95Ms: number; readonly calls: number; readonly targetMs: number };
  readonly lcp: { readonly ms: number; readonly targetMs: number };
  readonly dom: { readonly maxNodes: number; readonly collapsedNodes: number; readonly targetNodes: number; readonly steps: number; readonly expandedTiers: number };
  readonly reorder: { readonly p99Ms: number; readonly medianMs: number; readonly count: number; readonly targetMs: number };
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}
const round = (n: number): number => Math.round(n * 10) / 10;

/** The synthetic board: 50 tiers, each with 100 policies (global and namespaced, some staged). */
export function syntheticBoard(): CalicoResource[] {
  const out: CalicoResource[] = [];
  for (let t = 0; t < TIERS; t++) {
    const tier = `tier-${String(t).padStart(2, "0")}`;
    out.push({ kind: "Tier", metadata: { name: tier }, spec: { order: 100 + t * 10 } });
    for (let p = 0; p < PER_TIER; p++) {
      const name = `${tier}.policy-${String(p).padStart(3, "0")}`;
      const spec = {
        tier,
        order: (p + 1) * 10,
        selector: `app == "app-${(t * PER_TIER + p) % 37}"`,
        types: ["Ingress" as const, "Egress" as const],
        ingress: [{ action: "Allow" as const, protocol: "TCP" as const, source: { selector: `role == "r-${p % 7}"` }, destination: { ports: [8000 + (p % 50)] } }, { action: "Pass" as const }],
        egress: [{ action: "Allow" as const, protocol: "UDP" as const, destination: { ports: [53] } }],
      };
      if (p % 10 === 9) out.push({ kind: "StagedGlobalNetworkPolicy", metadata: { name }, spec });
      else if (p % 3 === 0) out.push({ kind: "NetworkPolicy", metadata: { name, namespace: p % 2 === 0 ? "dev" : "default" }, spec });
      else out.push({ kind: "GlobalNetworkPolicy", metadata: { name }, spec });
    }
  }
  return out;
}

async function seed(dataDir: string): Promise<number> {
  process.env.PALISADE_DATA_DIR = dataDir;
  process.env.PALISADE_BACKGROUND_JOBS = "0"; // else closeDatabase waits for the compaction loop's sleep
  delete process.env.DATABASE_URL;
  const { getClusterBackend, EMBEDDED_CLUSTER_ID } = await import("@/lib/server/cluster/registry");
  const { closeDatabase } = await import("@/lib/server/db");
  const started = performance.now();
  const backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
  const all = syntheticBoard();
  for (let i = 0; i < all.length; i += 500) await backend.apply(all.slice(i, i + 500), { actor: "bench" });
  // PGlite's close settles without holding the event loop open: keep a timer until it does.
  const keepAlive = setInterval(() => undefined, 1000);
  await closeDatabase();
  clearInterval(keepAlive);
  return (performance.now() - started) / 1000;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1", PALISADE_DATA_DIR: dataDir, PALISADE_BACKGROUND_JOBS: "0", PALISADE_ADMIN_PASSWORD: PASSWORD },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  child.kill();
  throw new Error("next start did not become healthy within 120 s");
}

async function measure(base: string): Promise<Omit<BoardBenchResult, "policies" | "tiers" | "seedSeconds">> {
  const { chromium } = await import("playwright-core");
  // Safe: scripts/find-chromium.mjs is plain ESM exporting findChromium(): string | undefined.
  const { findChromium } = (await import(pathToFileURL(path.join(ROOT, "scripts", "find-chromium.mjs")).href)) as { findChromium: () => string | undefined };
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error("no Chromium found (apt-get install chromium or set CHROMIUM_PATH)");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
    const login = await context.request.post("/api/v1/session", { data: { username: "admin", password: PASSWORD } });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);

    // Board list API, warm: two warm-up calls, then 20 timed ones.
    const boardUrl = "/api/v1/clusters/embedded/board";
    for (let i = 0; i < 2; i++) await context.request.get(boardUrl);
    const apiTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const r = await context.request.get(boardUrl);
      await r.body();
      apiTimes.push(performance.now() - t);
    }

    // Largest contentful paint of /board (the server is warm; the browser cache is not).
    const page = await context.newPage();
    await page.goto("/board");
    await page.getByTestId("board").waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1]?.startTime ?? 0);
          }).observe({ type: "largest-contentful-paint", buffered: true });
          setTimeout(() => resolve(-1), 3000);
        }),
    );

    // DOM size while expanding tiers one by one and scrolling through them.
    const count = () => page.evaluate(() => document.getElementsByTagName("*").length);
    const collapsedNodes = await count();
    let maxNodes = collapsedNodes;
    let steps = 0;
    // Walk down the page: expand the first collapsed tier in view (up to 12), open "show more"
    // once per tier, and scroll a screen at a time until the end of the board.
    const expanders = page.getByRole("button", { name: /^Expand tier / });
    const more = page.getByRole("button", { name: /^Show \d+ more/ });
    // The console scrolls its main column, not the window.
    const scrollTop = () => page.evaluate(() => document.querySelector("main")?.scrollTop ?? window.scrollY);
    let expanded = 0;
    for (let i = 0; i < 400; i++) {
      if (expanded < 12 && (await expanders.count()) > 0) {
        await expanders.first().click();
        expanded++;
        await page.waitForTimeout(50);
        maxNodes = Math.max(maxNodes, await count());
      }
      if ((await more.count()) > 0 && i % 5 === 4) {
        await more.first().click();
        await page.waitForTimeout(50);
        maxNodes = Math.max(maxNodes, await count());
      }
      const before = await scrollTop();
      await page.mouse.move(900, 600);
      await page.mouse.wheel(0, 800);
      await page.waitForTimeout(80);
      maxNodes = Math.max(maxNodes, await count());
      steps++;
      if ((await scrollTop()) === before && (expanded >= 12 || (await expanders.count()) === 0)) break;
    }
    await page.evaluate(() => document.querySelector("main")?.scrollTo(0, 0));
    await page.waitForTimeout(100);
    maxNodes = Math.max(maxNodes, await count());

    // Reorder persistence: what a drop sends (POST …/board/changes), timed in the page.
    const snapshot = (await (await context.request.get(boardUrl)).json()) as { resources: { kind: string; metadata: { name: string; resourceVersion?: string }; spec: { tier?: string; order?: number } }[] };
    const movable = snapshot.resources.filter((r) => r.kind === "GlobalNetworkPolicy" && r.spec.tier === "tier-00").slice(0, 10);
    const versions = new Map(movable.map((r) => [r.metadata.name, r.metadata.resourceVersion ?? ""]));
    const reorderTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const target = movable[i % movable.length];
      if (target === undefined) break;
      const name = target.metadata.name;
      const change = { key: `GlobalNetworkPolicy/${name}`, resourceVersion: versions.get(name) ?? "", order: 1 + i * 0.5 };
      const res = await page.evaluate(async (body) => {
        const t = performance.now();
        const r = await fetch("/api/v1/clusters/embedded/board/changes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const json = (await r.json()) as { written?: { resourceVersion?: string }[] };
        return { ms: performance.now() - t, status: r.status, rv: json.written?.[0]?.resourceVersion };
      }, { changes: [change] });
      if (res.status !== 200 || res.rv === undefined) throw new Error(`reorder ${i} answered ${res.status}`);
      versions.set(name, res.rv);
      reorderTimes.push(res.ms);
    }
    await context.close();
    return {
      api: { medianMs: round(quantile(apiTimes, 0.5)), p95Ms: round(quantile(apiTimes, 0.95)), calls: apiTimes.length, targetMs: 800 },
      lcp: { ms: round(lcp), targetMs: 2500 },
      dom: { maxNodes, collapsedNodes, targetNodes: 1400, steps, expandedTiers: expanded },
      reorder: { p99Ms: round(quantile(reorderTimes, 0.99)), medianMs: round(quantile(reorderTimes, 0.5)), count: reorderTimes.length, targetMs: 1500 },
    };
  } finally {
    await browser.close();
  }
}

/** Builds if needed, seeds, starts the server, measures, cleans up. Throws when a step fails. */
export async function runBoardBench(): Promise<BoardBenchResult> {
  // Safe: scripts/build-if-needed.mjs is plain ESM exporting buildIfNeeded(): boolean.
  const { buildIfNeeded } = (await import(pathToFileURL(path.join(ROOT, "scripts", "build-if-needed.mjs")).href)) as { buildIfNeeded: () => boolean };
  buildIfNeeded();
  const dataDir = mkdtempSync(path.join(tmpdir(), "palisade-board-bench-"));
  let server: ChildProcess | undefined;
  try {
    const seedSeconds = await seed(dataDir);
    const port = await freePort();
    server = await startServer(dataDir, port);
    const figures = await measure(`http://127.0.0.1:${port}`);
    return { policies: TIERS * PER_TIER, tiers: TIERS, seedSeconds: round(seedSeconds), ...figures };
  } finally {
    server?.kill("SIGTERM");
    if (server !== undefined) await new Promise((r) => server?.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runBoardBench().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
