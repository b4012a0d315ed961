import "server-only";
/**
 * Planner statistics of the flow tables. On a PostgreSQL server autovacuum keeps them fresh;
 * the embedded PGlite has no autovacuum, and a table that was never analysed looks small to the
 * planner: with a day of 1,000,000 records it read the first Flows page with a bitmap scan and a
 * sort of every record of the range (~8 s) instead of the newest 101 entries of the
 * (clusterId, startTime, id) index (~2 ms). So after ingestion the store analyses a flow table
 * whose size has grown by half since its statistics were taken (or that has none yet). The
 * planner scales row estimates by the table's current size, and probes the index for the newest
 * startTime, so statistics taken at half the size still give the right plans. Migration 0090
 * keeps one ANALYZE cheap (a 3,000-row sample).
 */
import type { Sql } from "@/lib/server/db/sql";
import { log, toErrorFields } from "@/lib/server/log";

/** The tables analysed (fixed names: they are interpolated into ANALYZE). */
const FLOW_TABLES = ["FlowLog", "FlowRollup", "FlowDayRollup", "DnsLog"] as const;

/** Smallest table (in 8 KiB pages) worth analysing: below it every plan reads a few pages. */
const MIN_PAGES = 32;

/** Checks at most this often per process (each check is one catalog query). */
const CHECK_INTERVAL_MS = 5_000;

/** Whether a table of `pages` pages whose statistics were taken at `analyzedPages` needs new ones. */
export function needsAnalyze(analyzedPages: number, pages: number): boolean {
  if (pages < MIN_PAGES) return false;
  return analyzedPages <= 0 || pages >= analyzedPages * 1.5;
}

/**
 * Analyses the flow tables that need it; returns their names. FlowLog and DnsLog are partitioned
 * (0100_flow_partitions): their statistics live on each daily partition, which is analysed on
 * its own when it needs it (the planner reads a partition's statistics for every scan of it;
 * analysing the parent would sample every partition again each time) and reported under its
 * table's name.
 */
export async function refreshFlowStatistics(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ relname: string; table: string; relpages: number | string; pages: number | string }>(
    `SELECT c.relname, coalesce(p.relname, c.relname) AS "table", c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::int AS pages
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND coalesce(p.relname, c.relname) = ANY($1::text[])
      ORDER BY c.relname`,
    [[...FLOW_TABLES]],
  );
  const stale = rows.filter((r) => needsAnalyze(Number(r.relpages), Number(r.pages)));
  const analysed: string[] = [];
  for (const table of FLOW_TABLES) {
    for (const r of stale.filter((x) => x.table === table)) {
      // The name comes from the catalog (a flow table or one of its partitions), quoted as an identifier.
      await sql.query(`ANALYZE "${r.relname.replaceAll('"', '""')}"`);
      if (!analysed.includes(table)) analysed.push(table);
    }
  }
  return analysed;
}

let lastCheck = 0;

/**
 * After a commit of flow records: refreshes the statistics when due. Never throws (a failure is
 * logged; the records are stored either way). Throttled per process; several processes checking
 * at once at worst analyse a table twice.
 */
export async function afterFlowWrite(sql: Sql): Promise<void> {
  const now = Date.now();
  if (now - lastCheck < CHECK_INTERVAL_MS) return;
  lastCheck = now;
  try {
    const analysed = await refreshFlowStatistics(sql);
    if (analysed.length > 0) log.info("flow statistics refreshed", { tables: analysed });
  } catch (e) {
    log.warn("flow statistics refresh failed", toErrorFields(e));
  }
}
