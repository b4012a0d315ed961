/**
 * The Flows page in headless Chromium against the production build, with flows sent over HTTP
 * to the ingest endpoint like a shipper would (background jobs off, so the counts are exact):
 *
 * - 20,000 flows over the last hour, then 1,000,000 over the last day (`FLOWS_PAGE_BIG` sets
 *   the second figure; 0 skips it);
 * - first row: navigation start → the first flow row in the DOM, median of 3 cold loads
 *   (target ≤ 800 ms);
 * - oldest flow: from dragging the scrollbar to the end → the last row of the range on screen
 *   (reached by scrolling alone; no button, no cap);
 * - wheel scrolling: frames per second and the longest main-thread task while the wheel
 *   scrolls through loaded and unloaded pages (targets ≥ 55 fps, no task over 50 ms);
 * - filter: a namespace typed letter by letter (120 ms between keys); time from the last key to
 *   the table showing the filtered count (target ≤ 300 ms).
 *
 * Run directly: `npx tsx bench/flows-page.bench.ts` (prints the JSON); FLOWS_PAGE_PROFILE below.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.join(__dirname, "..");
const PASSWORD = "bench-Admin-Passw0rd";
const NAMESPACES = 20;
/**
 * FLOWS_PAGE_PROFILE=<folder>: a CPU profile of the page's main thread during the wheel phase
 * of each scenario (flows-page-<hour|day>-wheel.cpuprofile, for Chromium's DevTools), to find
 * what a long task was. The figures of a profiled run are slower: compare runs without it.
 */
const PROFILE_DIR = process.env.FLOWS_PAGE_PROFILE;

export interface FlowsPageScenario {
  readonly flows: number;
  readonly rangeSeconds: number;
  readonly ingestPerSecond: number;
  readonly firstRowMs: number;
  readonly firstRowRunsMs: readonly number[];
  readonly oldestMs: number;
  readonly oldestReached: boolean;
  readonly scrollFps: number;
  readonly scrollLongestTaskMs: number;
  readonly filterMs: number;
  readonly filterRunsMs: readonly number[];
}

export interface FlowsPageBenchResult {
  readonly scenarios: readonly FlowsPageScenario[];
  readonly targets: { readonly firstRowMs: number; readonly fps: number; readonly longestTaskMs: number; readonly filterMs: number };
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? -1;
};
const round = (n: number): number => Math.round(n * 10) / 10;

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
    env: { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1", PALISADE_DATA_DIR: dataDir, PALISADE_BACKGROUND_JOBS: "0", PALISADE_ADMIN_PASSWORD: PASSWORD, PALISADE_LOG_LEVEL: "error" },
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

/** Record i of a scenario: spread evenly over the range, 20 namespaces, varied names and ports. */
function record(tag: string, i: number, count: number, newest: number, rangeSeconds: number): string {
  const start = newest - Math.floor((i * rangeSeconds) / count);
  const ns = `${tag}-ns-${String(i % NAMESPACES).padStart(2, "0")}`;
  return JSON.stringify({
    start_time: start,
    end_time: start + 15,
    source_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    source_name: `client-${i % 500}`,
    source_name_aggr: `client-${i % 50}-*`,
    source_namespace: ns,
    source_port: 30000 + (i % 30000),
    source_type: "wep",
    source_labels: { labels: [`app=client-${i % 50}`] },
    dest_ip: "10.200.0.10",
    dest_name: `server-${i % 40}`,
    dest_name_aggr: `server-${i % 40}-*`,
    dest_namespace: `${tag}-ns-${String((i * 7) % NAMESPACES).padStart(2, "0")}`,
    dest_port: [80, 443, 8080, 5432, 6379][i % 5],
    dest_type: "wep",
    dest_labels: { labels: [`app=server-${i % 40}`] },
    dest_service_namespace: "-",
    dest_service_name: "-",
    dest_service_port: "-",
    dest_service_port_num: null,
    dest_domains: null,
    proto: "tcp",
    action: i % 11 === 0 ? "deny" : "allow",
    reporter: i % 2 === 0 ? "src" : "dst",
    policies: null,
    bytes_in: 100 + (i % 900),
    bytes_out: 200 + (i % 700),
    packets_in: 1 + (i % 9),
    packets_out: 1 + (i % 7),
    num_flows: 1,
    num_flows_started: 1,
    num_flows_completed: 1,
  });
}

async function ingest(base: string, cookie: string, tag: string, count: number, rangeSeconds: number): Promise<number> {
  const newest = Math.floor(Date.now() / 1000) - 20;
  const batch = 5000;
  const started = performance.now();
  for (let i = 0; i < count; i += batch) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) lines.push(record(tag, j, count, newest, rangeSeconds));
    const res = await fetch(`${base}/api/v1/flowlogs?cluster=embedded`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/x-ndjson" }, body: lines.join("\n") });
    if (!res.ok) throw new Error(`ingest answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  return count / ((performance.now() - started) / 1000);
}

async function measure(base: string, cookie: string, tag: string, flows: number, rangeSeconds: number, ingestPerSecond: number): Promise<FlowsPageScenario> {
  const { chromium } = await import("playwright-core");
  // Safe: scripts/find-chromium.mjs is plain ESM exporting findChromium(): string | undefined.
  const { findChromium } = (await import(pathToFileURL(path.join(ROOT, "scripts", "find-chromium.mjs")).href)) as { findChromium: () => string | undefined };
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error("no Chromium found (apt-get install chromium or set CHROMIUM_PATH)");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  const range = rangeSeconds <= 3600 ? "1h" : "24h";
  // One namespace of the scenario: flows from or to it are the filtered view.
  const filterNs = `${tag}-ns-07`;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name: name ?? "", value: value ?? "", url: base }]);
    // Records when the first flow row enters the DOM, relative to navigation start.
    await context.addInitScript(() => {
      const w = window as unknown as { __firstRowAt?: number; __countChangedAt?: number };
      new MutationObserver(() => {
        if (w.__firstRowAt === undefined && document.querySelector('[data-testid="flow-row"]') !== null) w.__firstRowAt = performance.now();
        const count = document.querySelector('[data-testid="flow-count"]');
        if (count !== null && count.getAttribute("data-seen") !== count.textContent) {
          count.setAttribute("data-seen", count.textContent ?? "");
          w.__countChangedAt = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });

    const firstRows: number[] = [];
    for (let run = 0; run < 3; run++) {
      const page = await context.newPage();
      await page.goto(`/flows?range=${range}`);
      await page.waitForFunction(() => (window as unknown as { __firstRowAt?: number }).__firstRowAt !== undefined, undefined, { timeout: 60_000 });
      firstRows.push(await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt));
      await page.close();
    }

    const page = await context.newPage();
    await page.goto(`/flows?range=${range}`);
    const grid = page.getByRole("grid", { name: "Flows" });
    await grid.waitFor();
    await page.getByText(/flows in range/).waitFor({ timeout: 60_000 });

    // Wheel scrolling: frames and long tasks over 3 s of continuous wheel input.
    // A string, not a function: tsx (esbuild keepNames) would wrap the inner arrow in a __name()
    // helper that does not exist in the page.
    await page.evaluate(`(() => {
      window.__longest = 0;
      window.__frames = 0;
      window.__counting = false;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
      const tick = () => {
        if (window.__counting) window.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const box = await grid.boundingBox();
    await page.mouse.move((box?.x ?? 400) + 300, (box?.y ?? 400) + 200);
    await page.evaluate(() => {
      (window as unknown as { __counting: boolean }).__counting = true;
    });
    const profiler = PROFILE_DIR !== undefined ? await context.newCDPSession(page) : undefined;
    if (profiler !== undefined) {
      await profiler.send("Profiler.enable");
      await profiler.send("Profiler.start");
    }
    const wheelStart = Date.now();
    while (Date.now() - wheelStart < 3000) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
    }
    if (profiler !== undefined && PROFILE_DIR !== undefined) {
      const { profile } = await profiler.send("Profiler.stop");
      writeFileSync(path.join(PROFILE_DIR, `flows-page-${tag}-wheel.cpuprofile`), JSON.stringify(profile));
    }
    const wheel = await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __frames: number; __counting: boolean };
      w.__counting = false;
      return { frames: w.__frames, longest: w.__longest };
    });
    const wheelSeconds = (Date.now() - wheelStart) / 1000;

    // The oldest flow: drag the scrollbar to the end (scrollTop to the bottom), wait for the last row.
    const oldestStart = Date.now();
    await grid.evaluate((el) => {
      const scroller = el.parentElement;
      if (scroller !== null) scroller.scrollTop = scroller.scrollHeight;
    });
    let oldestReached = false;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const lastIndex = await page.evaluate(() => {
        const rows = document.querySelectorAll('[data-testid="flow-row"]');
        const last = rows[rows.length - 1];
        const grid = document.querySelector('[role="grid"]');
        return { row: last?.getAttribute("aria-rowindex") ?? "", total: grid?.getAttribute("aria-rowcount") ?? "", pending: document.querySelectorAll('[data-testid="flow-row-pending"]').length };
      });
      if (lastIndex.row !== "" && lastIndex.row === lastIndex.total && lastIndex.pending === 0) {
        oldestReached = true;
        break;
      }
      await page.waitForTimeout(20);
    }
    const oldestMs = Date.now() - oldestStart;

    // Typing a filter letter by letter; latency from the last key to the new count on screen.
    const filters: number[] = [];
    for (let run = 0; run < 3; run++) {
      const p = await context.newPage();
      await p.goto(`/flows?range=${range}`);
      await p.getByText(/flows in range/).waitFor({ timeout: 60_000 });
      const input = p.getByRole("combobox", { name: "Namespace (either side)", exact: true });
      await input.click();
      for (const ch of filterNs) await input.press(ch === "-" ? "Minus" : ch, { delay: 0 }).then(() => p.waitForTimeout(120));
      const lastKey = await p.evaluate(() => performance.now());
      await p.waitForFunction(
        (t) => {
          const w = window as unknown as { __countChangedAt?: number };
          const text = document.querySelector('[data-testid="flow-count"]')?.textContent ?? "";
          return (w.__countChangedAt ?? 0) > t && /flows in range/.test(text);
        },
        lastKey,
        { timeout: 60_000 },
      );
      const changed = await p.evaluate(() => (window as unknown as { __countChangedAt: number }).__countChangedAt);
      filters.push(changed - lastKey);
      await p.close();
    }
    await context.close();
    return {
      flows,
      rangeSeconds,
      ingestPerSecond: Math.round(ingestPerSecond),
      firstRowMs: round(median(firstRows)),
      firstRowRunsMs: firstRows.map(round),
      oldestMs,
      oldestReached,
      scrollFps: round(wheel.frames / wheelSeconds),
      scrollLongestTaskMs: round(wheel.longest),
      filterMs: round(median(filters)),
      filterRunsMs: filters.map(round),
    };
  } finally {
    await browser.close();
  }
}

/** Builds if needed, starts the server, sends the flows, measures, cleans up. Throws when a step fails. */
export async function runFlowsPageBench(): Promise<FlowsPageBenchResult> {
  // Safe: scripts/build-if-needed.mjs is plain ESM exporting buildIfNeeded(): boolean.
  const { buildIfNeeded } = (await import(pathToFileURL(path.join(ROOT, "scripts", "build-if-needed.mjs")).href)) as { buildIfNeeded: () => boolean };
  buildIfNeeded();
  const big = Number(process.env.FLOWS_PAGE_BIG ?? 1_000_000);
  const scenarios: FlowsPageScenario[] = [];
  for (const [tag, flows, rangeSeconds] of [["hour", 20_000, 3600], ["day", big, 86_400]] as const) {
    if (flows <= 0) continue;
    const dataDir = mkdtempSync(path.join(tmpdir(), "palisade-flows-page-bench-"));
    let server: ChildProcess | undefined;
    try {
      const port = await freePort();
      server = await startServer(dataDir, port);
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      if (!login.ok || cookie === "") throw new Error(`login failed: ${login.status}`);
      const rate = await ingest(base, cookie, tag, flows, rangeSeconds);
      const scenario = await measure(base, cookie, tag, flows, rangeSeconds, rate);
      // Each scenario's figures as soon as they exist: a later scenario that fails keeps them.
      process.stderr.write(`[flows-page] ${JSON.stringify(scenario)}\n`);
      scenarios.push(scenario);
    } finally {
      server?.kill("SIGTERM");
      if (server !== undefined) await new Promise((r) => server?.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { scenarios, targets: { firstRowMs: 800, fps: 55, longestTaskMs: 50, filterMs: 300 } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runFlowsPageBench().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
