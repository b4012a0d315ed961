import "server-only";
/**
 * Retention: stored flow and DNS records whose interval ended before now − retention are
 * deleted, in bounded batches so one prune never holds a long lock on a big table. A rollup row
 * (rollup.ts) goes once every record it sums has been pruned (its maxEnd is before the cutoff),
 * so it never loses a record still kept; until then a range reaching back to the retention edge
 * may still count, in that row's bucket, records already pruned. The impact preview's hour
 * summaries and the graph's group fields derived from them go the same way.
 */
import type { Sql } from "@/lib/server/db/sql";

const BATCH = 50_000;

/** Deletes expired rows; returns how many. Never deletes a record that ended after the cutoff. */
export async function pruneFlowLogs(sql: Sql, now: Date, retentionDays: number): Promise<{ flows: number; dns: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const prune = async (table: "FlowLog" | "DnsLog"): Promise<number> => {
    let total = 0;
    for (;;) {
      const res = await sql.query(`DELETE FROM "${table}" WHERE "id" IN (SELECT "id" FROM "${table}" WHERE "endTime" < $1::timestamptz LIMIT ${BATCH})`, [cutoff]);
      total += res.rowCount;
      if (res.rowCount < BATCH) return total;
    }
  };
  const flows = await prune("FlowLog");
  const dns = await prune("DnsLog");
  const rolled = await sql.query<{ grain: unknown }>(`DELETE FROM "FlowRollup" WHERE "bucket" < $1::timestamptz - interval '1 hour' AND "maxEnd" < $1::timestamptz RETURNING "grain"`, [cutoff]);
  // The impact preview's hour summaries (tuple-hours.ts): deleting one is always safe, a read
  // computes a missing hour again from the records still stored.
  await sql.query(`DELETE FROM "FlowTupleHourState" WHERE "bucket" < $1::timestamptz - interval '1 hour'`, [cutoff]);
  await sql.query(`DELETE FROM "FlowTupleHour" WHERE "bucket" < $1::timestamptz - interval '1 hour'`, [cutoff]);
  // Group fields (groups.ts) no rollup row holds any more: once an hourly rollup row went (about
  // once an hour), as this walks every rollup row of the database.
  if (rolled.rows.some((r) => Number(r.grain) === 3600)) {
    await sql.query(`DELETE FROM "FlowGroup" g WHERE NOT EXISTS (SELECT 1 FROM "FlowRollup" r WHERE r."clusterId" = g."clusterId" AND r."groupKey" = g."groupKey")`);
  }
  return { flows, dns };
}
