/**
 * A console process for the benchmarks that measure from outside: `node scripts/start.mjs` on a
 * data folder and a free loopback port, started until its health route answers and stopped
 * cleanly (SIGTERM, then SIGKILL of the whole tree after 20 s).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
/** The admin password the benchmarks start the console with. */
export const PASSWORD = "bench-Admin-Passw0rd";

export function freePort(): Promise<number> {
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
export function descendants(pid: number): number[] {
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

/**
 * CPU seconds (user + system) the process and its descendants have used so far, from
 * /proc/<pid>/stat (clock ticks of 1/100 s: Linux's USER_HZ); 0 for processes already gone.
 */
export function cpuSecondsOf(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // After "pid (comm)": state is field 3, utime field 14 and stime field 15 (1-based).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

/** Resident memory of a process in MB (VmRSS), or 0 when it is gone. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export interface Started {
  readonly child: ChildProcess;
  readonly readyMs: number;
}

/** `node scripts/start.mjs` on `dataDir`; resolves when the health route answers 200. */
export async function startConsole(dataDir: string, port: number, extraEnv: Readonly<Record<string, string>> = {}): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", PORT: String(port), HOSTNAME: "127.0.0.1", PALISADE_DATA_DIR: dataDir, PALISADE_ADMIN_PASSWORD: PASSWORD, PALISADE_LOG_LEVEL: "error", ...extraEnv },
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

export async function stopConsole(child: ChildProcess): Promise<void> {
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

