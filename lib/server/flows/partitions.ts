import "server-only";
/**
 * Daily partitions of the flow tables (migration 0100_flow_partitions): "FlowLog" and "DnsLog"
 * are partitioned by range of "startTime", one partition per UTC day named `<table>_pYYYYMMDD`.
 * A row whose day has no partition is refused by the database, so:
 * - ingestion (ingest.ts) makes sure the days of a batch exist before its transaction
 *   (`ensurePartitionsFor`), from a per-process cache of the partitions known to exist;
 * - the background job creates today's and the next days' ahead (`ensurePartitionsAhead`), so
 *   the creation (which locks the parent table briefly) normally happens off the ingest path;
 * - retention (retention.ts) drops a whole partition once every record in it has expired.
 * Creation runs in its own short transaction under a transaction-level advisory lock, so two
 * processes (or replicas) creating the same day queue instead of failing; `IF NOT EXISTS`
 * makes the second one a no-op.
 */
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";

/** The partitioned flow tables (fixed names: they are interpolated into DDL). */
export type PartitionedTable = "FlowLog" | "DnsLog";

export const PARTITIONED_TABLES: readonly PartitionedTable[] = ["FlowLog", "DnsLog"];

const DAY_SECONDS = 86_400;

/** Partitions created ahead of today by the background job (today, tomorrow, the day after). */
export const DAYS_AHEAD = 2;

/** The UTC day (its start, UNIX seconds) a startTime in seconds falls in. */
export function dayOf(seconds: number): number {
  return Math.floor(seconds / DAY_SECONDS) * DAY_SECONDS;
}

/** `<table>_pYYYYMMDD` for the day starting at `day` (UNIX seconds). */
export function partitionName(table: PartitionedTable, day: number): string {
  return `${table}_p${new Date(day * 1000).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** Per database: the partition names known to exist (created or seen by this process). */
const known = new WeakMap<Sql, Set<string>>();

function knownOf(sql: Sql): Set<string> {
  let set = known.get(sql);
  if (set === undefined) {
    set = new Set();
    known.set(sql, set);
  }
  return set;
}

/** Forgets what this process knew about a database's partitions (after a drop, or a refused row). */
export function forgetPartitions(sql: Sql): void {
  known.delete(sql);
}

const isoUtc = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** The partitions of `table` that exist now, by name. */
async function existingPartitions(q: SqlQueryable, table: PartitionedTable): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
      WHERE n.nspname = current_schema() AND p.relname = $1`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** The columns of `table`, for the statistics target of a new partition (0090's 10). */
async function columnsOf(q: SqlQueryable, table: PartitionedTable): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

/**
 * Makes sure `table` has a partition for each of `days` (UNIX seconds of UTC day starts).
 * Cheap when they are all known to this process (no query); otherwise one short transaction.
 */
export async function ensurePartitions(sql: Sql, table: PartitionedTable, days: Iterable<number>): Promise<void> {
  const cache = knownOf(sql);
  const missing = [...new Set(days)].filter((d) => !cache.has(partitionName(table, d)));
  if (missing.length === 0) return;
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('palisade:partitions', 0))`);
    const existing = new Set(await existingPartitions(tx, table));
    const toCreate = missing.filter((d) => !existing.has(partitionName(table, d))).sort((a, b) => a - b);
    const columns = toCreate.length > 0 ? await columnsOf(tx, table) : [];
    for (const day of toCreate) {
      const name = partitionName(table, day);
      await tx.query(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${table}" FOR VALUES FROM ('${isoUtc(day)}') TO ('${isoUtc(day + DAY_SECONDS)}')`);
      await tx.query(`ALTER TABLE "${name}" ${columns.map((c) => `ALTER COLUMN "${c}" SET STATISTICS 10`).join(", ")}`);
    }
    for (const name of existing) cache.add(name);
  });
  for (const d of missing) cache.add(partitionName(table, d));
}

/** The UTC days a batch's start times fall in. */
export function daysOf(startTimes: Iterable<number>): Set<number> {
  const days = new Set<number>();
  for (const s of startTimes) days.add(dayOf(s));
  return days;
}

/** Creates the partitions of today and the DAYS_AHEAD next days for both tables (background job). */
export async function ensurePartitionsAhead(sql: Sql, now: Date): Promise<void> {
  const today = dayOf(now.getTime() / 1000);
  const days = Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => today + i * DAY_SECONDS);
  for (const table of PARTITIONED_TABLES) await ensurePartitions(sql, table, days);
}

/** A partition and the range of startTime it holds ([from, to), UNIX seconds). */
export interface PartitionRange {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

const NAME_DAY = /_p(\d{4})(\d{2})(\d{2})$/;

/** The partitions of `table` with their day ranges, oldest first (names not of ours are left out). */
export async function listPartitions(q: SqlQueryable, table: PartitionedTable): Promise<PartitionRange[]> {
  const out: PartitionRange[] = [];
  for (const name of await existingPartitions(q, table)) {
    const m = NAME_DAY.exec(name);
    if (m === null || !name.startsWith(`${table}_p`)) continue;
    const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
    out.push({ name, from, to: from + DAY_SECONDS });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Whether a database error is PostgreSQL's "no partition of relation … found for row". */
export function isMissingPartition(e: unknown): boolean {
  return e instanceof Error && /no partition of relation .* found for row/.test(e.message);
}
