/**
 * What the database alone stores per second on this machine: the statements ingestion sends for
 * the flows-ingest bench's records (`record`), with every COPY text built before the clock
 * starts, so the console's process only hands strings to the driver while it runs. A console
 * spending no CPU of its own would reach these figures and no more: they bound what the ingest
 * targets (#14: ≥ 50,000 records/s on PostgreSQL, ≥ 25,000 on PGlite, acknowledged after
 * COMMIT, per-minute and per-hour rollups maintained at ingest) can reach on this hardware.
 *
 * Layouts, each in a fresh database (one transaction per 5,000-record batch, as ingestion):
 * - "records only": the records' COPY into FlowLog (its eight indexes), no rollups at all;
 * - "as ingested": the records' COPY, then the rollup staging COPY and the minute, hour and day
 *   upserts, exactly as ingest.ts sends them (rollup.ts addRollups, day-rollup.ts addDayRollups);
 * - "barest with rollups": the least the issue allows — FlowLog with only the three indexes
 *   ingestion itself needs (the row key, the idempotency key, the range index every read uses)
 *   and narrow minute and hour rollup rows (the group key and the sums: the grouping fields would
 *   live only in "FlowGroup"), no day rows. The readers do not support it: these tables exist
 *   only in the bench's throwaway database, to measure whether a different layout could reach
 *   the targets.
 *
 * Run directly: `node --conditions=react-server --import tsx bench/flows-ingest-floor.bench.ts [records]`.
 */
import { pathToFileURL } from "node:url";
import type { FlowLog } from "@/lib/flows";
import { copyField, copyTimestamp } from "@/lib/server/db/copy-text";
import { openDatabase } from "@/lib/server/db/open";
import type { DatabaseConfig } from "@/lib/server/db/open";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { addDayRollups } from "@/lib/server/flows/day-rollup";
import { daysOf, ensurePartitions } from "@/lib/server/flows/partitions";
import { RollupAccumulator, addRollups, stageRollups } from "@/lib/server/flows/rollup";
import type { RollupDelta, StagedRollups } from "@/lib/server/flows/rollup";
import { FLOW_INSERT_COLUMNS, flowCopyLine, flowIdempotencyKey } from "@/lib/server/flows/rows";
import { onBenchDatabases } from "./bench-databases";
import { record } from "./flows-ingest.bench";

const BATCH = 5000;

export type FloorLayout = "records only" | "as ingested" | "barest with rollups";

export interface FloorResult {
  readonly database: "pglite" | "postgres";
  readonly layout: FloorLayout;
  /** Batches in flight at once: PostgreSQL 2 (one per core), PGlite 1 (one transaction at a time). */
  readonly concurrency: number;
  readonly records: number;
  readonly recordsPerSecond: number;
}

export interface FlowIngestFloorResult {
  readonly results: readonly FloorResult[];
  readonly skipped: readonly string[];
}

/** A batch's statements' input, built before the clock starts. */
interface PreparedBatch {
  readonly count: number;
  readonly records: string;
  readonly staged: StagedRollups;
  /** The narrow minute rows of the "barest" layout (NARROW_COLUMNS). */
  readonly narrow: string;
}

const FLOW_TARGET = `"FlowLog" ("clusterId", ${FLOW_INSERT_COLUMNS.map(([c]) => `"${c}"`).join(", ")})`;

const NARROW_SUMS = ["records", "numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut"] as const;
const NARROW_COLUMNS = `"clusterId", "grain", "bucket", "groupKey", "minStart", "maxEnd", ${NARROW_SUMS.map((c) => `"${c}"`).join(", ")}`;

/** The "barest" layout: FlowLog's five indexes no write needs dropped, a narrow rollup table and its staging table. */
const BAREST_DDL = `
  DROP INDEX "FlowLog_clusterId_sourceNamespace_startTime_idx";
  DROP INDEX "FlowLog_clusterId_destNamespace_startTime_idx";
  DROP INDEX "FlowLog_endTime_idx";
  DROP INDEX "FlowLog_clusterId_action_startTime_idx";
  DROP INDEX "FlowLog_clusterId_pendingAction_startTime_idx";
  CREATE TABLE "NarrowRollup" ("clusterId" TEXT NOT NULL, "grain" INTEGER NOT NULL, "bucket" TIMESTAMPTZ(3) NOT NULL, "groupKey" TEXT NOT NULL,
    "minStart" TIMESTAMPTZ(3) NOT NULL, "maxEnd" TIMESTAMPTZ(3) NOT NULL, ${NARROW_SUMS.map((c) => `"${c}" BIGINT NOT NULL`).join(", ")},
    PRIMARY KEY ("clusterId", "grain", "bucket", "groupKey")) WITH (fillfactor = 70);
  CREATE INDEX ON "NarrowRollup" ("bucket");`;

const NARROW_MERGE = `ON CONFLICT ("clusterId", "grain", "bucket", "groupKey") DO UPDATE SET
  "minStart" = least("NarrowRollup"."minStart", EXCLUDED."minStart"), "maxEnd" = greatest("NarrowRollup"."maxEnd", EXCLUDED."maxEnd"),
  ${NARROW_SUMS.map((c) => `"${c}" = "NarrowRollup"."${c}" + EXCLUDED."${c}"`).join(", ")}`;
const NARROW_SUM_LIST = NARROW_SUMS.map((c) => `"${c}"`).join(", ");

/** The barest layout's statements for one batch: staging COPY, minute upsert, hour upsert (each minute row with its bucket moved, as ingest does for a one-interval batch). */
async function addNarrow(tx: SqlQueryable, narrow: string): Promise<void> {
  await tx.query(`CREATE TEMPORARY TABLE IF NOT EXISTS "NarrowStage" (LIKE "NarrowRollup") ON COMMIT DELETE ROWS`);
  await tx.copyFrom(`pg_temp."NarrowStage" (${NARROW_COLUMNS})`, narrow);
  await tx.query(`INSERT INTO "NarrowRollup" (${NARROW_COLUMNS}) SELECT ${NARROW_COLUMNS} FROM pg_temp."NarrowStage" ${NARROW_MERGE}`);
  await tx.query(`INSERT INTO "NarrowRollup" (${NARROW_COLUMNS})
    SELECT "clusterId", 3600, date_bin('1 hour', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00'), "groupKey", "minStart", "maxEnd", ${NARROW_SUM_LIST}
      FROM pg_temp."NarrowStage" ${NARROW_MERGE}`);
}

function narrowLine(cluster: string, d: RollupDelta): string {
  return `${cluster}\t${d.grain}\t${copyTimestamp(d.bucket, "bucket")}\t${d.group.key}\t${copyTimestamp(d.minStart, "minStart")}\t${copyTimestamp(d.maxEnd, "maxEnd")}\t${d.records}\t${d.numFlows}\t${d.numFlowsStarted}\t${d.numFlowsCompleted}\t${d.bytesIn}\t${d.bytesOut}\t${d.packetsIn}\t${d.packetsOut}\n`;
}

function prepare(total: number): PreparedBatch[] {
  const cluster = copyField("bench", "clusterId");
  const batches: PreparedBatch[] = [];
  for (let i = 0; i < total; i += BATCH) {
    const flows: FlowLog[] = Array.from({ length: Math.min(BATCH, total - i) }, (_, k) => record(i + k));
    let records = "";
    for (const f of flows) records += flowCopyLine(cluster, flowIdempotencyKey(f), f);
    const rollups = new RollupAccumulator();
    rollups.add(flows);
    const deltas = rollups.deltas();
    // The bench's batches hold one interval: only minute rows (the hour rows are made from them).
    if (!deltas.oneMinutePerDay) throw new Error("flows-ingest-floor: a batch spans two minutes of a group");
    let narrow = "";
    for (const d of deltas.rows) narrow += narrowLine(cluster, d);
    batches.push({ count: flows.length, records, staged: stageRollups("bench", deltas), narrow });
  }
  return batches;
}

async function floorOne(database: FloorResult["database"], config: DatabaseConfig, layout: FloorLayout, batches: readonly PreparedBatch[], total: number, concurrency: number): Promise<FloorResult> {
  const db = await openDatabase(config);
  try {
    await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('bench', 'bench', 'embedded')`);
    const last = record(total - 1);
    await ensurePartitions(db.sql, "FlowLog", daysOf([record(0).startTime, last.startTime]));
    if (layout === "barest with rollups") await db.sql.exec(BAREST_DDL);
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < batches.length) {
        const b = batches[next++] as PreparedBatch;
        await db.sql.transaction(async (tx) => {
          const copied = await tx.copyFrom(FLOW_TARGET, b.records);
          if (copied !== b.count) throw new Error(`flows-ingest-floor: COPY stored ${copied} of ${b.count} rows`);
          if (layout === "as ingested") {
            await addRollups(tx, b.staged);
            await addDayRollups(tx, b.staged);
          } else if (layout === "barest with rollups") {
            await addNarrow(tx, b.narrow);
          }
        });
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, writer));
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "FlowLog"`);
    if (Number(rows[0]?.n) !== total) throw new Error(`flows-ingest-floor: ${rows[0]?.n} of ${total} records stored`);
    return { database, layout, concurrency, records: total, recordsPerSecond: Math.round(total / seconds) };
  } finally {
    await db.close();
  }
}

const LAYOUTS: readonly FloorLayout[] = ["records only", "as ingested", "barest with rollups"];

/** Each layout on PGlite (one writer) and, when available, PostgreSQL (two writers). */
export async function runFlowIngestFloorBench(total = 100_000): Promise<FlowIngestFloorResult> {
  const batches = prepare(total);
  const results: FloorResult[] = [];
  const skipped = await onBenchDatabases("palisade-ingest-floor-", {
    pglite: async (fresh) => {
      for (const layout of LAYOUTS) results.push(await floorOne("pglite", fresh(), layout, batches, total, 1));
    },
    postgres: async (fresh) => {
      for (const layout of LAYOUTS) results.push(await floorOne("postgres", await fresh(), layout, batches, total, 2));
    },
  });
  return { results, skipped };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFlowIngestFloorBench(Number(process.argv[2] ?? 100_000)).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
