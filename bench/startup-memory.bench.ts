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
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.join(__dirname, "..");
const PASSWORD = "bench-Admin-Passw0rd";

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

/** The pids of `pid`'s descendants (Linux /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const p = frontier.pop()!;
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      out.push(child);
      frontier.push(child);
    }
  }
  return out;
}

/** Resident memory of a process in MB (VmRSS), or 0 when it is gone. */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

interface Started {
  readonly child: ChildProcess;
  readonly readyMs: number;
}

/** `node scripts/start.mjs` on `dataDir`; resolves when the health route answers 200. */
async function start(dataDir: string, port: number): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", PORT: String(port), HOSTNAME: "127.0.0.1", PALISADE_DATA_DIR: dataDir, PALISADE_ADMIN_PASSWORD: PASSWORD, PALISADE_LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/healthz`)).ok) return { child, readyMs: Math.round(performance.now() - t0) };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  child.kill("SIGTERM");
  throw new Error("npm start did not become healthy within 180 s");
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timeout = sleep(20_000).then(() => "timeout" as const);
  if ((await Promise.race([exited, timeout])) === "timeout") {
    for (const pid of descendants(child.pid!)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    child.kill("SIGKILL");
    await exited;
  }
}

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
    const fresh = await start(dataDir, port);
    await stop(fresh.child);
    const existingRunsMs: number[] = [];
    let last: Started | undefined;
    for (let i = 0; i < 3; i++) {
      if (last) await stop(last.child);
      last = await start(dataDir, port);
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
    await stop(last!.child);
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
