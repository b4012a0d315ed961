/**
 * The flow store at scale, on PostgreSQL (started by the test helper) or PGlite: `records` flow
 * records spread over `days` days are generated IN SQL (generate_series: the figures are about
 * the queries, not about loading), rollups rebuilt from them with ROLLUP_REBUILD_SQL (the same
 * sums ingestion maintains; rollup.test.ts proves the two agree), ANALYZE, then the console's
 * read paths are timed through the functions the route handlers call:
 *   - the service graph of the whole range at namespace and workload level (queryGraph);
 *   - the first flows page, unfiltered and filtered by namespace (listFlows);
 *   - the board's traffic counters for the whole range (readTraceHitGroups);
 *   - the impact preview's read of the last 24 h: the distinct connections, grouped in SQL
 *     (readFlowTuples; judging them is the policy engine's part and not timed here).
 * Each figure is the median of 3 runs after one warm-up.
 *
 * Targets (the issue): 1,000,000 records over 24 h — namespace graph ≤ 500 ms, workload graph
 * ≤ 1 s, first page ≤ 50 ms, impact preview ≤ 3 s; 10,000,000 records over 7 days — the week's
 * namespace graph ≤ 1.5 s.
 *
 * Data: 80 namespaces × 25 workloads, 15-second intervals, both reporters, 10% denied,
 * labels and a one-entry policy trace per record (as bench/flows-query.bench.ts).
 *
 * Run directly: `node --conditions=react-server --import tsx bench/flows-scale.bench.ts postgres|pglite [records] [days]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const DAY = 86_400;
const CLUSTER = "bench";

export interface ScaleTiming {
  readonly name: string;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  readonly targetMs: number;
  readonly ok: boolean;
  readonly detail: string;
}

export interface FlowScaleBenchResult {
  readonly database: "postgres" | "pglite";
  readonly records: number;
  readonly days: number;
  readonly loadSeconds: number;
  readonly rollupRows: number;
  readonly queries: readonly ScaleTiming[];
}

/** The INSERT ... SELECT generating records offset..offset+n-1 of `total`, spread over `days` up to `end` (UNIX s). */
export function generateSql(offset: number, n: number, total: number, end: number, days: number): string {
  const span = days * DAY;
  // i → start time (even spread, 15-s steps), namespaces, workloads, deny (pseudo-random 10%).
  return `INSERT INTO "FlowLog" ("clusterId", "idempotencyKey", "startTime", "endTime", "host",
      "sourceType", "sourceNamespace", "sourceName", "sourceNameAggr", "sourceLabels", "sourceIp", "sourcePort",
      "destType", "destNamespace", "destName", "destNameAggr", "destLabels", "destIp", "destPort",
      "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains",
      "proto", "action", "pendingAction", "reporter", "enforcedPolicies", "pendingPolicies",
      "bytesIn", "bytesOut", "packetsIn", "packetsOut", "numFlows", "numFlowsStarted", "numFlowsCompleted")
    SELECT '${CLUSTER}', md5(i::text), to_timestamp(st), to_timestamp(st + 15), 'node-' || (i % 40),
      'wep', 'ns-' || (i % 80), '-', 'client-' || ((i >> 3) % 25) || '-*', jsonb_build_object('app', 'client-' || ((i >> 3) % 25), 'tier', 'web'), NULL, NULL,
      'wep', dns, '-', 'server-' || ((i >> 5) % 25) || '-*', jsonb_build_object('app', 'server-' || ((i >> 5) % 25)), NULL, 8080 + (i % 3),
      dns, 'server-' || ((i >> 5) % 25), 'http', 80, '[]'::jsonb,
      CASE WHEN i % 17 = 0 THEN 'udp' ELSE 'tcp' END, act, act, CASE WHEN i % 2 = 0 THEN 'src' ELSE 'dst' END, pol, pol,
      1000 + (i % 5000), 300, 5, 3, 1 + (i % 3), 1, 1
    FROM (
      SELECT i, st, dns, act,
             jsonb_build_array('0|default|' || dns || '/default.' || CASE WHEN act = 'deny' THEN 'deny-' ELSE 'allow-' END || 'server-' || ((i >> 5) % 25) || '|' || act || '|0') AS pol
        FROM (
          SELECT i, ${end - span} + floor(i::float8 / ${total} * ${span / 15}) * 15 AS st,
                 CASE WHEN i % 7 = 0 THEN 'ns-' || ((i * 31) % 80) ELSE 'ns-' || (i % 80) END AS dns,
                 CASE WHEN (hashint4(i::int) & 1023) < 102 THEN 'deny' ELSE 'allow' END AS act
            FROM generate_series(${offset}, ${offset + n - 1}) AS i) AS a) AS b`;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: Math.round((performance.now() - t) * 10) / 10, value };
}

async function measure<T>(name: string, targetMs: number, fn: () => Promise<T>, describe: (v: T) => string): Promise<ScaleTiming> {
  await fn();
  const runs: number[] = [];
  let detail = "";
  for (let k = 0; k < 3; k++) {
    const { ms, value } = await timed(fn);
    runs.push(ms);
    detail = describe(value);
  }
  const medianMs = [...runs].sort((a, b) => a - b)[1] ?? 0;
  return { name, medianMs, runsMs: runs, targetMs, ok: medianMs <= targetMs, detail };
}

/** Loads and times one database; `url` for PostgreSQL, else PGlite in a temporary folder. */
export async function runFlowScaleBench(database: "postgres" | "pglite", records: number, days: number, url?: string): Promise<FlowScaleBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-flows-scale-"));
  // lib/server/env parses the environment when first imported: set it before the imports below.
  process.env.PALISADE_DATA_DIR = dir;
  process.env.PALISADE_BACKGROUND_JOBS = "0";
  process.env.PALISADE_LOG_LEVEL = "warn";
  if (url !== undefined) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  const { getSql, closeDatabase } = await import("@/lib/server/db");
  const { ROLLUP_REBUILD_SQL } = await import("@/lib/server/flows/rollup");
  const { listFlows } = await import("@/lib/server/flows/query");
  const { queryGraph } = await import("@/lib/server/flows/graph");
  const { readFlowTuples, readTraceHitGroups } = await import("@/lib/server/flows/policy-reads");
  const { ensurePartitions, dayOf } = await import("@/lib/server/flows/partitions");
  try {
    const sql = await getSql();
    await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded') ON CONFLICT DO NOTHING`, [CLUSTER]);
    const now = Math.floor(Date.now() / 1000);
    const end = now - (now % 15);
    // FlowLog is partitioned by day (0100_flow_partitions): the SQL load below needs its days made first.
    await ensurePartitions(sql, "FlowLog", Array.from({ length: days + 2 }, (_, d) => dayOf(end - (days - d + 1) * DAY)));
    const started = performance.now();
    const step = 1_000_000;
    for (let i = 0; i < records; i += step) {
      // One statement per million rows keeps each transaction's memory bounded.
      const n = Math.min(step, records - i);
      await sql.query(generateSql(i, n, records, end, days));
      if (process.env.BENCH_PROGRESS === "1") process.stderr.write(`generated ${i + n}\n`);
    }
    const fromHour = Math.floor((end - days * DAY) / 3600) * 3600 - 3600;
    const toHour = Math.ceil((end + 60) / 3600) * 3600;
    await sql.transaction(async (tx) => {
      for (const statement of ROLLUP_REBUILD_SQL) await tx.query(statement, [CLUSTER, fromHour, toHour]);
    });
    await sql.query(`ANALYZE "FlowLog"`);
    await sql.query(`ANALYZE "FlowRollup"`);
    const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    const rollupRows = Number((await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowRollup"`)).rows[0]?.n ?? 0);

    const range = { from: end - days * DAY, to: end + 1 };
    const label = days === 1 ? "the day's" : `${days} days'`;
    const graphDetail = (g: { nodes: readonly unknown[]; edges: readonly unknown[]; groups: number }) => `${g.nodes.length} nodes, ${g.edges.length} edges from ${g.groups} groups`;
    const rows = (p: { items: readonly unknown[] }) => `${p.items.length} rows`;
    const big = records >= 5_000_000;
    const queries: ScaleTiming[] = [];
    queries.push(await measure(`graph: ${label} namespace level`, big ? 1500 : 500, () => queryGraph(CLUSTER, { level: "namespace", ...range }, end), graphDetail));
    if (!big) {
      queries.push(await measure(`graph: ${label} workload level`, 1000, () => queryGraph(CLUSTER, { level: "workload", ...range }, end), graphDetail));
      queries.push(await measure("flows: first page", 50, () => listFlows(CLUSTER, { limit: 100 }), rows));
      queries.push(await measure("flows: first page, namespace ns-7", 50, () => listFlows(CLUSTER, { limit: 100, namespace: ["ns-7"] }), rows));
      queries.push(await measure(`board: traffic counters, ${label}`, 500, () => readTraceHitGroups(CLUSTER, range), (h) => `${h.groups.length} trace entries, ${h.records} records`));
      queries.push(await measure("impact preview: distinct connections of the last 24 h (SQL read)", 3000, () => readFlowTuples(CLUSTER, { from: end - DAY, to: end + 1 }, 20_000), (r) => `${r.tuples.length} connections from ${r.records} records`));
    }
    return { database, records, days, loadSeconds, rollupRows, queries };
  } finally {
    await closeDatabase();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const database = process.argv[2] === "pglite" ? "pglite" : "postgres";
  const records = Number(process.argv[3] ?? 1_000_000);
  const days = Number(process.argv[4] ?? 1);
  (async () => {
    if (database === "pglite") return runFlowScaleBench("pglite", records, days);
    const { startPostgres } = await import("@/lib/server/db/testing/postgres-server");
    const server = await startPostgres();
    try {
      return await runFlowScaleBench("postgres", records, days, await server.createDatabase());
    } finally {
      await server.stop();
    }
  })().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
