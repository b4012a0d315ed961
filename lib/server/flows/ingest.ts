import "server-only";
/**
 * Ingestion: a batch of flow (or DNS) records goes into the database in ONE transaction with
 * `INSERT ... SELECT FROM unnest(...) ON CONFLICT (clusterId, idempotencyKey, startTime) DO NOTHING`.
 *
 * - Acknowledgement after commit: the function resolves only once COMMIT has returned, so a
 *   caller that acknowledges on resolution never acknowledges a record a crash could lose
 *   (PostgreSQL with synchronous_commit on; PGlite writes its WAL before COMMIT returns).
 * - Idempotent: a retried batch (or a record repeated inside one) maps onto the rows already
 *   written; the count of those is reported as `duplicates`. The unique key is
 *   (clusterId, idempotencyKey, startTime) since the tables are partitioned by startTime
 *   (0100_flow_partitions); the idempotency key hashes startTime, so it refuses the same rows.
 * - Partitions: the days a batch needs are made to exist before its transaction (partitions.ts).
 * - One statement per chunk of CHUNK rows, each column sent as ONE PostgreSQL array literal
 *   built here (`{"a","b",NULL}` as a text parameter, cast in SQL): the drivers' generic array
 *   serialisation cost more than the database's work. While the database runs one chunk, the
 *   next chunk's literals are built, so the two cores overlap.
 * - Rollups (rollup.ts) are maintained in the same transaction, from the records whose keys the
 *   INSERT returned, i.e. only from rows actually inserted (a record repeated inside a batch
 *   counts once: the first copy is the one stored). A transaction-level advisory lock per
 *   cluster orders concurrent ingestions of one cluster (simulator, shippers, a second
 *   replica), so their rollup upserts never deadlock.
 */
import type { DnsLog, FlowLog } from "@/lib/flows";
import { afterFlowWrite } from "@/lib/server/flows/statistics";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";
import { addDayRollups } from "@/lib/server/flows/day-rollup";
import { ROLLUP_COLUMNS, ROLLUP_UPSERT, RollupAccumulator, rollupValues } from "@/lib/server/flows/rollup";
import { DNS_INSERT_COLUMNS, FLOW_INSERT_COLUMNS, dnsInsertValues, flowInsertValues } from "@/lib/server/flows/rows";
import { daysOf, ensurePartitions, forgetPartitions, isMissingPartition } from "@/lib/server/flows/partitions";

/**
 * Rows per INSERT statement (all chunks of one call share one transaction). 1,000 rather than
 * 5,000: a 5,000-record batch is then five statements, and the process builds the next chunk
 * while the database runs the current one. Measured with the flows-ingest bench in interleaved
 * runs on a shared 2-core machine (load 16–21): ~20% more records/s on both databases; later
 * runs at load 5–9 were within the noise either way.
 */
const CHUNK = 1000;

/** The outcome of one ingestion call, true once the transaction has committed. */
export interface IngestOutcome {
  /** Records stored by this call. */
  readonly accepted: number;
  /** Records already stored (a retried batch, or repeated inside the batch). */
  readonly duplicates: number;
}

type ColumnSpec = readonly (readonly [string, string])[];
type Cell = string | number | null;

function insertSelect(table: string, columns: ColumnSpec): string {
  const names = columns.map(([c]) => `"${c}"`).join(", ");
  const params = columns.map(([, t], i) => `$${i + 2}::${t === "jsonb" ? "text" : t}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns
    .map(([, t], i) => (t === "jsonb" ? `c${i}::jsonb` : t === "float8" ? `to_timestamp(c${i})` : `c${i}`))
    .join(", ");
  return `INSERT INTO "${table}" ("clusterId", ${names})
    SELECT $1, ${select} FROM unnest(${params}) AS t(${aliases.join(", ")})
    ON CONFLICT ("clusterId", "idempotencyKey", "startTime") DO NOTHING`;
}

/** Inserts a chunk of flow records; returns the idempotency keys of the rows inserted. */
const FLOW_INSERT = `${insertSelect("FlowLog", FLOW_INSERT_COLUMNS)} RETURNING "idempotencyKey"`;
const DNS_INSERT = insertSelect("DnsLog", DNS_INSERT_COLUMNS);

const QUOTE = /["\\]/g;

/** A text element of an array literal: quoted, with `"` and `\` escaped (most values have neither). */
function quoted(v: string): string {
  return v.indexOf('"') === -1 && v.indexOf("\\") === -1 ? `"${v}"` : `"${v.replace(QUOTE, "\\$&")}"`;
}

/** One column of a chunk as a PostgreSQL array literal (text form; NULL for null). */
export function arrayLiteral(rows: readonly (readonly Cell[])[], column: number): string {
  let out = "{";
  for (let r = 0; r < rows.length; r++) {
    const v = (rows[r] as readonly Cell[])[column];
    if (r > 0) out += ",";
    out += v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : quoted(v);
  }
  return `${out}}`;
}

function chunkParams(clusterId: string, rows: readonly (readonly Cell[])[], width: number): unknown[] {
  const params: unknown[] = [clusterId];
  for (let c = 0; c < width; c++) params.push(arrayLiteral(rows, c));
  return params;
}

/** Runs `statement` per chunk, building chunk k+1's parameters while chunk k runs. Returns the rows inserted. */
async function insertChunks(tx: SqlQueryable, statement: string, width: number, clusterId: string, rows: readonly (readonly Cell[])[]): Promise<number> {
  let inserted = 0;
  let params = chunkParams(clusterId, rows.slice(0, CHUNK), width);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const running = tx.query(statement, params);
    if (i + CHUNK < rows.length) params = chunkParams(clusterId, rows.slice(i + CHUNK, i + 2 * CHUNK), width);
    inserted += (await running).rowCount;
  }
  return inserted;
}

/** Rollup rows per upsert statement (the keys of a batch are distinct, so slices never overlap). */
const ROLLUP_SLICE = 10_000;

/** Index of the idempotency key in FLOW_INSERT_COLUMNS. */
const KEY_COLUMN = 0;

/**
 * Inserts flow records chunk by chunk and adds the inserted ones to the rollups, with ONE upsert
 * per batch (each rollup key once). While the database runs a chunk's INSERT, this process
 * builds the next chunk's rows and parameters and sums the running chunk into rollup rows as if
 * every record were new; when the INSERT returns fewer keys than records (retries, repeats), that
 * guess is thrown away and only the records actually inserted are summed. On PostgreSQL the two
 * processes then work at the same time (PGlite runs in this thread: there it saves nothing but
 * costs nothing either).
 */
async function insertFlows(tx: SqlQueryable, clusterId: string, records: readonly FlowLog[]): Promise<number> {
  let inserted = 0;
  const width = FLOW_INSERT_COLUMNS.length;
  const rollups = new RollupAccumulator();
  let rows = records.slice(0, CHUNK).map(flowInsertValues);
  let params = chunkParams(clusterId, rows, width);
  for (let i = 0; i < records.length; i += CHUNK) {
    const running = tx.query<{ idempotencyKey: string }>(FLOW_INSERT, params);
    const chunk = records.slice(i, i + CHUNK);
    const guess = new RollupAccumulator();
    guess.add(chunk);
    const current = rows;
    if (i + CHUNK < records.length) {
      rows = records.slice(i + CHUNK, i + 2 * CHUNK).map(flowInsertValues);
      params = chunkParams(clusterId, rows, width);
    }
    const returned = (await running).rows;
    inserted += returned.length;
    if (returned.length === chunk.length) {
      rollups.merge(guess);
      continue;
    }
    if (returned.length === 0) continue;
    const keys = new Set(returned.map((r) => r.idempotencyKey));
    const added: FlowLog[] = [];
    for (let r = 0; r < chunk.length; r++) {
      const key = (current[r] as readonly Cell[])[KEY_COLUMN] as string;
      // delete: a copy repeated later in the batch was not inserted (the first one was).
      if (keys.delete(key)) added.push(chunk[r] as FlowLog);
    }
    rollups.add(added);
  }
  if (inserted === 0) return 0;
  // Each rollup key once per batch; in statements of ROLLUP_SLICE rows (in the sorted order), so
  // a 50,000-record body's parameters are not built in one stretch of the event loop.
  const deltas = rollups.deltas();
  for (let i = 0; i < deltas.length; i += ROLLUP_SLICE) {
    await tx.query(ROLLUP_UPSERT, chunkParams(clusterId, deltas.slice(i, i + ROLLUP_SLICE).map(rollupValues), ROLLUP_COLUMNS.length));
  }
  await addDayRollups(tx, clusterId, deltas);
  return inserted;
}

/** A time as stored (TIMESTAMPTZ(3)): the value the partition bounds are compared with. */
const storedSeconds = (s: number): number => Math.round(s * 1000) / 1000;

/**
 * Runs `write` once the partitions its rows need exist (partitions.ts). When another process
 * dropped a partition this process still believed in (retention), the write is refused whole
 * (nothing stored): the cache is forgotten, the partitions made again and the write retried once.
 */
async function withPartitions<T>(sql: Sql, ensure: () => Promise<void>, write: () => Promise<T>): Promise<T> {
  await ensure();
  try {
    return await write();
  } catch (e) {
    if (!isMissingPartition(e)) throw e;
    forgetPartitions(sql);
    await ensure();
    return write();
  }
}

/** Takes the per-cluster ingestion lock for the rest of the transaction. */
async function lockCluster(tx: SqlQueryable, clusterId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('palisade:ingest:' || $1, 0))`, [clusterId]);
}

/**
 * Stores flow records for a cluster (which must exist: the foreign key refuses others), all or
 * nothing. Resolves after COMMIT; throws the database error otherwise (nothing stored).
 */
export async function ingestFlowLogs(sql: Sql, clusterId: string, records: readonly FlowLog[], dns: readonly DnsLog[] = []): Promise<IngestOutcome> {
  if (records.length === 0 && dns.length === 0) return { accepted: 0, duplicates: 0 };
  const dnsRows = dns.map(dnsInsertValues);
  const accepted = await withPartitions(
    sql,
    async () => {
      await ensurePartitions(sql, "FlowLog", daysOf(records.map((f) => storedSeconds(f.startTime))));
      await ensurePartitions(sql, "DnsLog", daysOf(dns.map((d) => storedSeconds(d.startTime))));
    },
    () =>
      sql.transaction(async (tx) => {
        let flows = 0;
        if (records.length > 0) {
          await lockCluster(tx, clusterId);
          flows = await insertFlows(tx, clusterId, records);
        }
        if (dnsRows.length > 0) await insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, dnsRows);
        return flows;
      }),
  );
  await afterFlowWrite(sql);
  return { accepted, duplicates: records.length - accepted };
}

/** Stores DNS records for a cluster in one transaction. Same guarantees as ingestFlowLogs. */
export async function ingestDnsLogs(sql: Sql, clusterId: string, records: readonly DnsLog[]): Promise<IngestOutcome> {
  if (records.length === 0) return { accepted: 0, duplicates: 0 };
  const rows = records.map(dnsInsertValues);
  const accepted = await withPartitions(
    sql,
    () => ensurePartitions(sql, "DnsLog", daysOf(records.map((d) => storedSeconds(d.startTime)))),
    () => sql.transaction((tx) => insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, rows)),
  );
  await afterFlowWrite(sql);
  return { accepted, duplicates: records.length - accepted };
}
