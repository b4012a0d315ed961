/**
 * `npm start` start-up time and idle memory, measured from outside like a user would:
 *
 * - builds once if the sources changed (scripts/build-if-needed.mjs; not counted);
 * - fresh: `node scripts/start.mjs` on an empty data folder (migrations, admin user, embedded
 *   cluster seed) → time until GET /api/v1/healthz answers 200;
 * - existing: the same folder again after a clean stop, median of 3 starts (target ≤ 5 s);
 * - idle: after the last start, with the traffic simulator running (background jobs on, the
 *   default), VmRSS of the Next.js server process sampled every second for
 *   `STARTUP_MEMORY_IDLE_SECONDS` (default 120); the median of the last half and the peak are
 *   reported (target: median ≤ 350 MB).
 *
 * The figures are wall-clock on a shared machine: the load average is printed beside them.
 * Run directly: `npx tsx bench/startup-memory.bench.ts` (prints the JSON).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Started } from "./console-process";
import { descendants, freePort, PASSWORD, rssMb, startConsole, stopConsole } from "./console-process";

const ROOT = path.join(__dirname, "..");

export interface StartupMemoryBenchResult {
  readonly freshReadyMs: number;
  readonly existingReadyMs: number;
  readonly existingRunsMs: readonly number[];
  readonly idleSeconds: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
  readonly rssSamplesMb: readonly number[];
  /** Whether the simulator stored an interval ending during the idle window (it is running). */
  readonly simulatorRan: boolean;
  readonly loadAverage: readonly number[];
  readonly targets: { readonly existingReadyMs: number; readonly idleRssMb: number };
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? -1;
};

/** The Next.js server: the start script's descendant holding the most memory. */
function serverPid(starter: number): number {
  const pids = descendants(starter);
  if (pids.length === 0) throw new Error("npm start has no server process");
  return pids.reduce((best, p) => (rssMb(p) > rssMb(best) ? p : best));
}

/** The end (unix seconds) of the simulator's last stored interval on the embedded cluster, or -1. */
async function lastSimulatedEnd(port: number): Promise<number> {
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (!login.ok || cookie === "") throw new Error(`login failed: ${login.status}`);
  const r = await fetch(`${base}/api/v1/clusters/embedded/simulator`, { headers: { cookie } });
  if (!r.ok) throw new Error(`simulator state: ${r.status}`);
  const body = (await r.json()) as { lastRun?: { end: number } | null };
  return body.lastRun?.end ?? -1;
}

export async function runStartupMemoryBench(idleSeconds = Number(process.env.STARTUP_MEMORY_IDLE_SECONDS ?? 120)): Promise<StartupMemoryBenchResult> {
  const { buildIfNeeded } = (await import(pathToFileURL(path.join(ROOT, "scripts", "build-if-needed.mjs")).href)) as { buildIfNeeded: () => boolean };
  buildIfNeeded();
  const dataDir = mkdtempSync(path.join(tmpdir(), "palisade-startup-bench-"));
  const port = await freePort();
  try {
    const fresh = await startConsole(dataDir, port);
    await stopConsole(fresh.child);
    const existingRunsMs: number[] = [];
    let last: Started | undefined;
    for (let i = 0; i < 3; i++) {
      if (last) await stopConsole(last.child);
      last = await startConsole(dataDir, port);
      existingRunsMs.push(last.readyMs);
    }
    const server = serverPid(last!.child.pid!);
    const idleFrom = Math.floor(Date.now() / 1000);
    const samples: number[] = [];
    for (let s = 0; s < idleSeconds; s++) {
      await sleep(1000);
      samples.push(rssMb(server));
    }
    const simulatedUntil = await lastSimulatedEnd(port);
    await stopConsole(last!.child);
    return {
      freshReadyMs: fresh.readyMs,
      existingReadyMs: median(existingRunsMs),
      existingRunsMs,
      idleSeconds,
      idleRssMb: median(samples.slice(Math.floor(samples.length / 2))),
      peakRssMb: Math.max(...samples),
      rssSamplesMb: samples,
      simulatorRan: simulatedUntil >= idleFrom,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      targets: { existingReadyMs: 5000, idleRssMb: 350 },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runStartupMemoryBench().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
