/**
 * Flow ingestion measured from outside, as a log shipper sees it: the production console started
 * fresh (`node scripts/start.mjs`, embedded cluster, simulator running), Calico flow-log records
 * (felix's JSON spelling) POSTed as JSON lines to /api/v1/flowlogs, 5,000 per request with
 * `CONCURRENCY` requests in flight, each answered only after its commit. The figure is records
 * acknowledged per second of wall time: HTTP, authentication, parsing and validation, key
 * hashing, the insert and the rollups. Targets as for bench/flows-ingest.bench.ts (the storage
 * path alone): ≥ 25,000/s on the embedded PGlite, ≥ 50,000/s on PostgreSQL.
 *
 * `node --conditions=react-server --import tsx bench/flows-ingest-http.bench.ts [records]` prints
 * the JSON: PGlite, then PostgreSQL on a server the test helper starts (skipped without one). The
 * bodies are built before the clock starts; a production build is made first if the sources
 * changed (not counted).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cpuSecondsOf, freePort, PASSWORD, startConsole, stopConsole } from "./console-process";

const ROOT = path.join(__dirname, "..");
const PER_REQUEST = 5000;
const CONCURRENCY = 2;
const TARGET: Readonly<Record<"pglite" | "postgres", number>> = { pglite: 25_000, postgres: 50_000 };

export interface FlowIngestHttpBenchResult {
  readonly database: "pglite" | "postgres";
  readonly records: number;
  readonly perRequest: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly accepted: number;
  readonly targetPerSecond: number;
  readonly loadAverage: readonly number[];
  /**
   * The console's CPU time (its processes, user + system) per record while the records were
   * sent: what the console itself spends, steadier than the rate on a shared machine (the
   * database's share is not in it; PGlite runs inside the console, so there it is).
   */
  readonly consoleCpuMicrosPerRecord: number;
}

/** Record i of the run: 50 namespaces, ~1,000 client workloads, 13 servers, the last hour. */
function record(i: number, now: number): Record<string, unknown> {
  const ns = `bench-${i % 50}`;
  const start = now - 3600 + Math.floor((i * 3600) / 1_000_000) % 3600;
  const client = `client-${i % 997}`;
  const server = `server-${i % 13}`;
  const policy = `0|default|${ns}/default.p-${i % 31}|${i % 10 === 0 ? "deny" : "allow"}|0`;
  return {
    start_time: start,
    end_time: start + 15,
    source_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    source_name: "-",
    source_name_aggr: `${client}-*`,
    source_namespace: ns,
    source_port: null,
    source_type: "wep",
    source_labels: { labels: [`app=${client}`, "tier=web"] },
    dest_ip: null,
    dest_name: "-",
    dest_name_aggr: `${server}-*`,
    dest_namespace: ns,
    dest_port: 8080 + (i % 7),
    dest_type: "wep",
    dest_labels: { labels: [`app=${server}`] },
    dest_service_namespace: ns,
    dest_service_name: server,
    dest_service_port: "http",
    dest_service_port_num: 80,
    dest_domains: null,
    proto: "tcp",
    action: i % 10 === 0 ? "deny" : "allow",
    reporter: i % 2 === 0 ? "src" : "dst",
    policies: { enforced_policies: [policy], pending_policies: [policy] },
    bytes_in: 1000 + (i % 500),
    bytes_out: 300,
    packets_in: 5,
    packets_out: 3,
    num_flows: 1,
    num_flows_started: 1,
    num_flows_completed: 1,
    host: `node-${i % 20}`,
  };
}

export async function runFlowIngestHttpBench(database: "pglite" | "postgres", records: number, databaseUrl?: string): Promise<FlowIngestHttpBenchResult> {
  const { buildIfNeeded } = (await import(pathToFileURL(path.join(ROOT, "scripts", "build-if-needed.mjs")).href)) as { buildIfNeeded: () => boolean };
  buildIfNeeded();
  const dataDir = mkdtempSync(path.join(tmpdir(), "palisade-ingest-http-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = await startConsole(dataDir, port, databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {});
  try {
    const login = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    if (!login.ok || cookie === "") throw new Error(`login failed: ${login.status}`);
    const now = Math.floor(Date.now() / 1000);
    // Bodies are made before the clock starts: the figure is the console's, not the generator's.
    const bodies: string[] = [];
    for (let from = 0; from < records; from += PER_REQUEST) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(records, from + PER_REQUEST); i++) lines.push(JSON.stringify(record(i, now)));
      bodies.push(lines.join("\n"));
    }
    let accepted = 0;
    let next = 0;
    const send = async (): Promise<void> => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const r = await fetch(`${base}/api/v1/flowlogs?cluster=embedded`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/x-ndjson" }, body });
        const text = await r.text();
        if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${text.slice(0, 500)}`);
        accepted += (JSON.parse(text) as { accepted: number }).accepted;
      }
    };
    const cpu0 = cpuSecondsOf(started.child.pid as number);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, send));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSecondsOf(started.child.pid as number) - cpu0;
    if (accepted !== records) throw new Error(`accepted ${accepted} of ${records} distinct records`);
    return {
      database,
      records,
      perRequest: PER_REQUEST,
      concurrency: CONCURRENCY,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: Math.round(records / seconds),
      accepted,
      targetPerSecond: TARGET[database],
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      consoleCpuMicrosPerRecord: Math.round((cpu * 1e6) / records),
    };
  } finally {
    await stopConsole(started.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Both databases: PGlite, then a PostgreSQL server of the test helper's (skipped, with the reason, when there is none). */
export async function runFlowIngestHttpBenches(records: number): Promise<{ results: FlowIngestHttpBenchResult[]; skipped: string[] }> {
  const results = [await runFlowIngestHttpBench("pglite", records)];
  const skipped: string[] = [];
  // The helper is server code ("server-only"): this file runs under --conditions=react-server.
  const { findPostgres, startPostgres } = await import("@/lib/server/db/testing/postgres-server");
  const found = findPostgres();
  if (!found.available) skipped.push(`postgres: ${found.reason}`);
  else {
    const server = await startPostgres();
    try {
      results.push(await runFlowIngestHttpBench("postgres", records, await server.createDatabase()));
    } finally {
      await server.stop();
    }
  }
  return { results, skipped };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runFlowIngestHttpBenches(Number(process.argv[2] ?? 100_000)).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
