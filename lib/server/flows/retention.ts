import "server-only";
/**
 * Retention: stored flow and DNS records whose interval ended before now − retention are
 * removed. The flow tables are partitioned by UTC day of startTime (partitions.ts): a partition
 * whose day ended at or before the cutoff and that holds no record ending after it goes whole
 * (DROP TABLE: no dead rows, no index bloat, no vacuum); what is left — records of the cutoff's
 * day and the few long records of earlier days — is deleted row by row in bounded batches, so
 * one prune never holds a long lock on a big table. Exactly the records that ended before the
 * cutoff go, as before partitioning.
 *
 * A rollup row (rollup.ts, and a day row of day-rollup.ts) goes once every record it sums has been pruned (its maxEnd is before
 * the cutoff), so it never loses a record still kept; until then a range reaching back to the
 * retention edge may still count, in that row's bucket, records already pruned. The impact
 * preview's hour summaries and the graph's group fields derived from them go the same way.
 */
import type { Sql } from "@/lib/server/db/sql";
import type { PartitionedTable } from "@/lib/server/flows/partitions";
import { forgetPartitions, listPartitions } from "@/lib/server/flows/partitions";

const BATCH = 50_000;

/**
 * Drops the partitions of `table` whose every record ended before `cutoff`; returns how many
 * records they held. The check and the drop run in one transaction holding the table's lock,
 * so no record written meanwhile can go with a partition.
 */
async function dropExpiredPartitions(sql: Sql, table: PartitionedTable, cutoff: string): Promise<number> {
  const cutoffSeconds = Date.parse(cutoff) / 1000;
  const candidates = (await listPartitions(sql, table)).filter((p) => p.to <= cutoffSeconds);
  let dropped = 0;
  for (const p of candidates) {
    const n = await sql.transaction(async (tx) => {
      await tx.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
      const live = await tx.query(`SELECT 1 FROM "${p.name}" WHERE "endTime" >= $1::timestamptz LIMIT 1`, [cutoff]);
      if (live.rows.length > 0) return 0; // a long record still kept: its expired neighbours go by DELETE below
      const { rows } = await tx.query<{ n: number | string }>(`SELECT count(*) AS n FROM "${p.name}"`);
      await tx.query(`DROP TABLE "${p.name}"`);
      return Number(rows[0]?.n ?? 0);
    });
    dropped += n;
  }
  if (candidates.length > 0) forgetPartitions(sql);
  return dropped;
}

/** Deletes expired rows; returns how many. Never deletes a record that ended after the cutoff. */
export async function pruneFlowLogs(sql: Sql, now: Date, retentionDays: number): Promise<{ flows: number; dns: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const prune = async (table: PartitionedTable): Promise<number> => {
    let total = await dropExpiredPartitions(sql, table, cutoff);
    for (;;) {
      // The row key is ("id", "startTime") since 0100 (startTime also picks the partition).
      const res = await sql.query(`DELETE FROM "${table}" WHERE ("id", "startTime") IN (SELECT "id", "startTime" FROM "${table}" WHERE "endTime" < $1::timestamptz LIMIT ${BATCH})`, [cutoff]);
      total += res.rowCount;
      if (res.rowCount < BATCH) return total;
    }
  };
  const flows = await prune("FlowLog");
  const dns = await prune("DnsLog");
  const rolled = await sql.query<{ grain: unknown }>(`DELETE FROM "FlowRollup" WHERE "bucket" < $1::timestamptz - interval '1 hour' AND "maxEnd" < $1::timestamptz RETURNING "grain"`, [cutoff]);
  // Day rows (day-rollup.ts) by the same rule; a range reaching back to the retention edge may
  // count, in a day still kept, records already pruned, as with the rollup rows above.
  await sql.query(`DELETE FROM "FlowDayRollup" WHERE "bucket" < $1::timestamptz - interval '1 hour' AND "maxEnd" < $1::timestamptz`, [cutoff]);
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
