import "server-only";
/**
 * Ingestion: a batch of flow records goes into the database in ONE transaction, with COPY
 * (lib/server/db/copy-text.ts; DNS records with `INSERT ... SELECT FROM unnest(...) ON CONFLICT
 * (clusterId, idempotencyKey, startTime) DO NOTHING`).
 *
 * - Acknowledgement after commit: the function resolves only once COMMIT has returned, so a
 *   caller that acknowledges on resolution never acknowledges a record a crash could lose
 *   (PostgreSQL with synchronous_commit on; PGlite writes its WAL before COMMIT returns).
 * - Idempotent: a retried batch (or a record repeated inside one) maps onto the rows already
 *   written; the count of those is reported as `duplicates`. The unique key is
 *   (clusterId, idempotencyKey, startTime) since the tables are partitioned by startTime
 *   (0100_flow_partitions); the idempotency key hashes startTime, so it refuses the same rows.
 *   Flow records: repeats inside the batch are dropped here (the first copy is stored), the rest
 *   COPied in a savepoint; when the unique index refuses the COPY (the batch repeats stored
 *   records), the savepoint is rolled back and the batch is stored with the ON CONFLICT insert,
 *   which stores exactly the new ones (insertFlows).
 * - The cluster must exist: its row is locked FOR KEY SHARE once per batch (requireCluster) in
 *   place of the per-row foreign key 0130 dropped; removeCluster deletes the cluster's flows.
 * - Partitions: the days a batch needs are made to exist before its transaction (partitions.ts).
 * - The ON CONFLICT inserts send one statement per chunk of CHUNK rows, each column as ONE
 *   PostgreSQL array literal built here (`{"a","b",NULL}` as a text parameter, cast in SQL):
 *   the drivers' generic array serialisation cost more than the database's work. While the
 *   database runs one chunk, the next chunk's literals are built, so the two cores overlap.
 * - Rollups (rollup.ts) are maintained in the same transaction, from the records actually
 *   stored, with one COPY into a staging table and one upsert per grain. Concurrent ingestions
 *   of one cluster (shippers, the simulator, a second replica) run at once, their rollup upserts
 *   included: every batch writes its rollup rows in one order, (UTC day, groupKey, bucket) at
 *   every grain (RollupAccumulator.deltas), so two batches that touch the same rows take their
 *   row locks in the same order; the second waits for the first row they share, never in a
 *   cycle. (Until #14 a per-cluster advisory lock made the rollup upserts take turns; on 2
 *   cores that capped two concurrent batches at ~18,500 records/s in the flows-ingest bench,
 *   ~25,000 without it.)
 * - Two concurrent batches that repeat each other's records in different orders can deadlock on
 *   FlowLog's unique index (each waits for the other's uncommitted row); PostgreSQL then aborts
 *   one transaction (40P01), which is run again (retryOnDeadlock, up to 10 times, each logged)
 *   and finds the other's records stored. Nothing of the aborted attempt remains, so a retry
 *   adds exactly what a first try would have.
 */
import type { DnsLog, FlowLog } from "@/lib/flows";
import { NotFoundError } from "@/lib/errors";
import { log } from "@/lib/server/log";
import { afterFlowWrite } from "@/lib/server/flows/statistics";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";
import { addDayRollups } from "@/lib/server/flows/day-rollup";
import { RollupAccumulator, addRollups, stageRollups } from "@/lib/server/flows/rollup";
import { DNS_INSERT_COLUMNS, FLOW_INSERT_COLUMNS, dnsInsertValues, flowCopyLine, flowIdempotencyKey, flowInsertValues } from "@/lib/server/flows/rows";
import { copyField } from "@/lib/server/db/copy-text";
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

/** The COPY target of ingested flow records: FlowLog and its columns (cluster first). */
const FLOW_COPY_TARGET = `"FlowLog" ("clusterId", ${FLOW_INSERT_COLUMNS.map(([c]) => `"${c}"`).join(", ")})`;

/** Inserts flow rows unless stored (the fallback of a batch that repeats stored records). */
const FLOW_INSERT = `${insertSelect("FlowLog", FLOW_INSERT_COLUMNS)} RETURNING "idempotencyKey"`;

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (e: unknown): boolean => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";

/** Records per part of the batch's COPY written at once (see copyFlows). */
const COPY_PART = 1000;

/** Lets the event loop run (the driver sends what is queued, reads what arrived). */
const yieldToDriver = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The batch's records without repeats (the first copy of a key is the one kept) and their keys. */
interface CopyPlan {
  readonly keys: string[];
  readonly unique: FlowLog[];
  /** Resolves with the rows the COPY stored, or rejects with the server's error. */
  readonly copied: Promise<number>;
}

/**
 * Writes the batch's new records as ONE COPY into FlowLog, built in parts of COPY_PART lines;
 * on PostgreSQL each part goes to the server as soon as it is built (yielding to the driver in
 * between), so the server stores part k while this process builds part k+1. Resolves once every
 * part is written (the COPY may still be running: see `copied`). A record whose field COPY
 * cannot carry (NUL) throws before the COPY ends, which the transaction's ROLLBACK undoes.
 */
async function copyFlows(tx: SqlQueryable, pipelined: boolean, clusterId: string, records: readonly FlowLog[]): Promise<CopyPlan> {
  const seen = new Set<string>();
  const keys: string[] = [];
  const unique: FlowLog[] = [];
  const cluster = copyField(clusterId, "clusterId");
  const copy = tx.copyIn(FLOW_COPY_TARGET);
  let written = false;
  try {
    for (let i = 0; i < records.length; i += COPY_PART) {
      let part = "";
      for (let r = i; r < Math.min(records.length, i + COPY_PART); r++) {
        const f = records[r] as FlowLog;
        const key = flowIdempotencyKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        part += flowCopyLine(cluster, key, f);
        keys.push(key);
        unique.push(f);
      }
      if (part === "") continue;
      copy.write(part);
      if (pipelined) await yieldToDriver();
    }
    written = true;
  } finally {
    // On a throw the COPY is still ended (the connection must be free for the ROLLBACK), its outcome ignored.
    if (!written) await copy.end().catch(() => undefined);
  }
  const copied = copy.end();
  void copied.catch(() => undefined); // awaited by the caller
  return { keys, unique, copied };
}

/**
 * Stores the batch's new flow records and adds them to the rollups, with one upsert per batch
 * (each rollup key once).
 * Fast path: COPY every record (no per-row ON CONFLICT) inside a savepoint. A record repeating
 * an earlier one of the batch is dropped before (the first copy is the one stored). A batch
 * holding a record the cluster already stores (a retry) makes the unique index refuse the COPY:
 * the savepoint is rolled back and the rows go in with INSERT ... ON CONFLICT DO NOTHING
 * RETURNING instead, in chunks, which stores exactly the new ones, and only those are summed.
 * The batch is ONE COPY (copyFlows). On PostgreSQL its parts are sent as they are built, so the
 * server stores part k while this process builds part k+1, and sums the rollups and builds
 * their staging text while it stores the last ones. PGlite runs in this thread and reads a
 * COPY's input whole: there the parts go in together.
 */
async function insertFlows(tx: SqlQueryable, pipelined: boolean, clusterId: string, records: readonly FlowLog[]): Promise<number> {
  await tx.query("SAVEPOINT palisade_flow_copy");
  const plan = await copyFlows(tx, pipelined, clusterId, records);
  let rollups = new RollupAccumulator();
  rollups.add(plan.unique);
  let staged = stageRollups(clusterId, rollups.deltas());
  let failure: unknown;
  try {
    const copied = await plan.copied;
    if (copied !== plan.unique.length) throw new Error(`flow ingest: COPY stored ${copied} of ${plan.unique.length} records`);
  } catch (e) {
    failure = e;
  }
  let stored = plan.unique.length;
  if (failure === undefined) {
    await tx.query("RELEASE SAVEPOINT palisade_flow_copy");
  } else {
    if (!isUniqueViolation(failure)) throw failure;
    await tx.query("ROLLBACK TO SAVEPOINT palisade_flow_copy");
    const keys = await insertIfNew(tx, clusterId, plan.unique.map(flowInsertValues));
    const added = plan.unique.filter((_, i) => keys.has(plan.keys[i] as string));
    stored = added.length;
    if (stored === 0) return 0;
    rollups = new RollupAccumulator();
    rollups.add(added);
    staged = stageRollups(clusterId, rollups.deltas());
  }
  await addRollups(tx, staged);
  await addDayRollups(tx, staged);
  return stored;
}

/** INSERT ... ON CONFLICT DO NOTHING of `rows` in chunks; the keys of the rows inserted. */
async function insertIfNew(tx: SqlQueryable, clusterId: string, rows: readonly (readonly Cell[])[]): Promise<Set<string>> {
  const stored = new Set<string>();
  let params = chunkParams(clusterId, rows.slice(0, CHUNK), FLOW_INSERT_COLUMNS.length);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const running = tx.query<{ idempotencyKey: string }>(FLOW_INSERT, params);
    if (i + CHUNK < rows.length) params = chunkParams(clusterId, rows.slice(i + CHUNK, i + 2 * CHUNK), FLOW_INSERT_COLUMNS.length);
    for (const r of (await running).rows) stored.add(r.idempotencyKey);
  }
  return stored;
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

/** PostgreSQL's deadlock_detected. */
const isDeadlock = (e: unknown): boolean => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "40P01";

/**
 * Attempts of a transaction PostgreSQL aborted as a deadlock victim (see the header). Each
 * deadlock lets the other side go on, but with several overlapping batches a retried one can
 * meet another (three at once in ingest.test.ts went past three attempts under load).
 */
const DEADLOCK_ATTEMPTS = 10;

/** Runs `write` (one whole transaction) again when PostgreSQL aborted it to break a deadlock. */
async function retryOnDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!isDeadlock(e) || attempt >= DEADLOCK_ATTEMPTS) throw e;
      log.warn("flow ingest: deadlock, batch run again", { attempt });
    }
  }
}

/**
 * What the foreign key to Cluster did per row (0130_flow_ingest_no_cluster_fk), once per batch:
 * the cluster's row is locked FOR KEY SHARE until COMMIT, so a concurrent removeCluster waits
 * for this batch and then deletes its rows too; a cluster that does not exist (or was removed
 * meanwhile) fails the whole batch.
 */
async function requireCluster(tx: SqlQueryable, clusterId: string): Promise<void> {
  const { rows } = await tx.query(`SELECT 1 FROM "Cluster" WHERE "id" = $1 FOR KEY SHARE`, [clusterId]);
  if (rows.length === 0) throw new NotFoundError(`cluster "${clusterId}" not found: no flow or DNS record stored`);
}

export interface IngestOptions {
  /**
   * Runs in the records' transaction after they are written, with what the batch stored: writes
   * that must commit with the records or not at all (the simulator's last interval, so a process
   * killed after the commit never leaves a state that makes the next leader simulate the same
   * time again). Runs again if the transaction is retried.
   */
  readonly inTransaction?: (tx: SqlQueryable, outcome: IngestOutcome) => Promise<void>;
}

/**
 * Stores flow records for a cluster (which must exist: others are refused), all or nothing.
 * Resolves after COMMIT; throws the database error otherwise (nothing stored).
 */
export async function ingestFlowLogs(sql: Sql, clusterId: string, records: readonly FlowLog[], dns: readonly DnsLog[] = [], options: IngestOptions = {}): Promise<IngestOutcome> {
  const { inTransaction } = options;
  if (records.length === 0 && dns.length === 0) {
    const none = { accepted: 0, duplicates: 0 };
    if (inTransaction !== undefined) await sql.transaction((tx) => inTransaction(tx, none));
    return none;
  }
  const dnsRows = dns.map(dnsInsertValues);
  const accepted = await withPartitions(
    sql,
    async () => {
      await ensurePartitions(sql, "FlowLog", daysOf(records.map((f) => storedSeconds(f.startTime))));
      await ensurePartitions(sql, "DnsLog", daysOf(dns.map((d) => storedSeconds(d.startTime))));
    },
    () =>
      retryOnDeadlock(() =>
        sql.transaction(async (tx) => {
          let flows = 0;
          await requireCluster(tx, clusterId);
          if (records.length > 0) flows = await insertFlows(tx, sql.dialect === "postgres", clusterId, records);
          if (dnsRows.length > 0) await insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, dnsRows);
          if (inTransaction !== undefined) await inTransaction(tx, { accepted: flows, duplicates: records.length - flows });
          return flows;
        }),
      ),
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
    () =>
      retryOnDeadlock(() =>
        sql.transaction(async (tx) => {
          await requireCluster(tx, clusterId);
          return insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, rows);
        }),
      ),
  );
  await afterFlowWrite(sql);
  return { accepted, duplicates: records.length - accepted };
}
