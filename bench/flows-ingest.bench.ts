/**
 * Flow ingestion throughput (the scale issue: ≥ 50,000 flow records/s on PostgreSQL and ≥ 25,000
 * on PGlite, acknowledged only after COMMIT, rollups maintained in the same transaction). Distinct records in batches of
 * 5,000 go through lib/server/flows ingestFlowLogs (idempotency keys, one transaction per batch,
 * COPY with the unique index refusing stored records, rollups through a staging COPY) into a
 * fresh PGlite folder and, when available, a real PostgreSQL
 * started by the test helper. The time covers key hashing, row building and the commit. Every
 * record of the usual run is its own rollup group (all rollup rows inserted); one more run on
 * PostgreSQL sends steady traffic, whose groups repeat every interval (rollup rows updated).
 * flows-ingest-floor.bench.ts runs the same records' statements with nothing else to do: the
 * ceiling these figures can reach on the machine.
 *
 * Run directly: `node --conditions=react-server --import tsx bench/flows-ingest.bench.ts`
 * (the react-server condition lets the server-only modules load outside Next).
 */
import { pathToFileURL } from "node:url";
import type { FlowLog } from "@/lib/flows";
import { openDatabase } from "@/lib/server/db/open";
import type { DatabaseConfig } from "@/lib/server/db/open";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { onBenchDatabases } from "./bench-databases";

const BATCH = 5000;
const TARGET_PER_SECOND: Readonly<Record<IngestBenchTarget["database"], number>> = { postgres: 50_000, pglite: 25_000 };

export function record(i: number): FlowLog {
  const ns = `ns-${i % 50}`;
  return {
    startTime: 1_700_000_000 + Math.floor(i / 20_000) * 15,
    endTime: 1_700_000_015 + Math.floor(i / 20_000) * 15,
    host: `node-${i % 20}`,
    source: { type: "wep", namespace: ns, name: "-", nameAggr: `client-${i % 997}-*`, ip: null, port: null, labels: { app: `client-${i % 997}`, tier: "web" } },
    dest: { type: "wep", namespace: ns, name: "-", nameAggr: `server-${i % 13}-*`, ip: null, port: 8080 + (i % 7), labels: { app: `server-${i % 13}` } },
    destService: { namespace: ns, name: `server-${i % 13}`, portName: "http", portNum: 80 },
    destDomains: [],
    proto: "tcp",
    action: i % 10 === 0 ? "deny" : "allow",
    reporter: i % 2 === 0 ? "src" : "dst",
    policies: { enforced: [`0|default|${ns}/default.p-${i % 31}|allow|0`], pending: [`0|default|${ns}/default.p-${i % 31}|allow|0`] },
    bytesIn: 1000 + (i % 500),
    bytesOut: 300,
    packetsIn: 5,
    packetsOut: 3,
    numFlows: 1 + (i % 3),
    numFlowsStarted: 1,
    numFlowsCompleted: 1,
  };
}

/**
 * Steady traffic: the groups of `record` repeat every REPEAT records (one flush interval of a
 * cluster's connections), each interval 15 s after the last, so most of a batch's rollup rows
 * already exist and are updated (hour and day rows every batch, minute rows three times in four)
 * instead of inserted. The records themselves are all distinct (their times differ).
 */
const REPEAT = 20_000;
export function repeatingRecord(i: number): FlowLog {
  const r = record(i % REPEAT);
  const shift = Math.floor(i / REPEAT) * 15;
  return { ...r, startTime: r.startTime + shift, endTime: r.endTime + shift };
}

/** Which records a run sends: every group new (record), or groups repeating each interval (repeatingRecord). */
export type IngestShape = "new groups" | "repeating groups";

export interface IngestBenchTarget {
  readonly database: "pglite" | "postgres";
  readonly shape: IngestShape;
  /**
   * Batches in flight at once (one writer after another: 1). Shippers send concurrently — one
   * per node in a Calico cluster — and on PostgreSQL concurrent batches run at once, rollup
   * upserts included (ingest.ts). PGlite runs one transaction at a time.
   */
  readonly concurrency: number;
  readonly records: number;
  readonly batches: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Slowest batch from call to acknowledgement (after COMMIT). */
  readonly maxAckMs: number;
  readonly p99AckMs: number;
  readonly meetsTarget: boolean;
}

export interface FlowIngestBenchResult {
  readonly targetPerSecond: Readonly<Record<IngestBenchTarget["database"], number>>;
  readonly results: readonly IngestBenchTarget[];
  readonly skipped: readonly string[];
}

async function benchOne(database: IngestBenchTarget["database"], config: DatabaseConfig, total: number, concurrency = 1, shape: IngestShape = "new groups"): Promise<IngestBenchTarget> {
  const make = shape === "new groups" ? record : repeatingRecord;
  const db = await openDatabase(config);
  try {
    await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('bench', 'bench', 'embedded') ON CONFLICT DO NOTHING`);
    const batches: FlowLog[][] = [];
    for (let i = 0; i < total; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, total - i) }, (_, k) => make(i + k)));
    await ingestFlowLogs(db.sql, "bench", batches[0]?.slice(0, 10).map((f) => ({ ...f, startTime: 1, endTime: 2 })) ?? []); // warm-up
    const acks: number[] = [];
    let stored = 0;
    const started = performance.now();
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as FlowLog[];
        const t = performance.now();
        const { accepted } = await ingestFlowLogs(db.sql, "bench", batch); // (not `stored += await`: that reads `stored` before the await)
        stored += accepted;
        acks.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, writer));
    const seconds = (performance.now() - started) / 1000;
    if (stored !== total) throw new Error(`stored ${stored} of ${total} records`);
    const sorted = [...acks].sort((a, b) => a - b);
    const rate = Math.round(total / seconds);
    return {
      database,
      shape,
      concurrency,
      records: total,
      batches: batches.length,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: rate,
      maxAckMs: Math.round(sorted[sorted.length - 1] ?? 0),
      p99AckMs: Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0),
      meetsTarget: rate >= TARGET_PER_SECOND[database],
    };
  } finally {
    await db.close();
  }
}

/** Runs the benchmark on PGlite and (when available) PostgreSQL. `total` records per database. */
export async function runFlowIngestBench(total = 100_000): Promise<FlowIngestBenchResult> {
  const results: IngestBenchTarget[] = [];
  const skipped = await onBenchDatabases("palisade-ingest-bench-", {
    pglite: async (fresh) => {
      results.push(await benchOne("pglite", fresh(), total));
    },
    postgres: async (fresh) => {
      results.push(await benchOne("postgres", await fresh(), total));
      results.push(await benchOne("postgres", await fresh(), total, 2));
      results.push(await benchOne("postgres", await fresh(), total, 4));
      results.push(await benchOne("postgres", await fresh(), total, 2, "repeating groups"));
    },
  });
  return { targetPerSecond: TARGET_PER_SECOND, results, skipped };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFlowIngestBench(Number(process.argv[2] ?? 100_000)).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
