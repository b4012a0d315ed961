import "server-only";
/**
 * Per-day flow rollups ("FlowDayRollup", migration 0140_flow_day_rollups): the sums of a UTC
 * day's hourly rollup rows (rollup.ts, "FlowRollup" grain 3600) per group key, with the same
 * grouping fields, minStart/maxEnd, record count and counters. rollup.ts rangeSource reads a
 * range's whole days from them, so a week's service graph sums about seven rows per group
 * instead of ~170.
 *
 * Exact by construction: ingestion (ingest.ts) calls addDayRollups right after the batch's
 * hourly deltas went from the staging table into "FlowRollup", in the same transaction, and it
 * adds those same staged rows, so a day row always equals the sum of its day's hourly rows (a
 * retried batch adds neither). Bulk loads rebuild both from the records
 * with ROLLUP_REBUILD_SQL then DAY_ROLLUP_REBUILD_SQL. Retention (retention.ts) deletes a day row
 * with the rollup rows' rule: once every record it sums has ended before the cutoff.
 */
import type { SqlQueryable } from "@/lib/server/db/sql";
import type { StagedRollups } from "@/lib/server/flows/rollup";
import { ROLLUP_KEYS, ROLLUP_STAGE_TABLE, ROLLUP_SUMS } from "@/lib/server/flows/rollup";

const q = (c: string): string => `"${c}"`;

/** The UTC day of a staged hour row. */
const DAY_BUCKET = `date_bin('1 day', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00')`;

/** Adds a day row's delta to the stored row of its key (min/max for the times). */
const DAY_MERGE = `ON CONFLICT ("clusterId", "bucket", "groupKey") DO UPDATE SET
      "minStart" = least("FlowDayRollup"."minStart", EXCLUDED."minStart"), "maxEnd" = greatest("FlowDayRollup"."maxEnd", EXCLUDED."maxEnd"), ${["records", ...ROLLUP_SUMS].map((c) => `${q(c)} = "FlowDayRollup".${q(c)} + EXCLUDED.${q(c)}`).join(", ")}`;

/**
 * Adds the hourly rows of the batch's rollup staging table (rollup.ts addRollups, same
 * transaction, just upserted into "FlowRollup") to the day rows: summed by UTC day and group in
 * SQL, so the day rows get exactly the hourly deltas, with no second copy of them sent. Rows are
 * written in (bucket, groupKey) order, the lock order of every writer (rollup.ts deltas).
 */
const DAY_STAGE_UPSERT = (() => {
  const keys = ROLLUP_KEYS.map(q).join(", ");
  return `INSERT INTO "FlowDayRollup" ("clusterId", "bucket", "groupKey", ${keys}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")})
    SELECT "clusterId", ${DAY_BUCKET}, "groupKey", ${keys}, min("minStart"), max("maxEnd"), sum("records"), ${ROLLUP_SUMS.map((c) => `sum(${q(c)})`).join(", ")}
      FROM ${ROLLUP_STAGE_TABLE} WHERE "grain" = 3600
     GROUP BY "clusterId", 2, "groupKey", ${keys}
     ORDER BY 2, 3
    ${DAY_MERGE}`;
})();

/**
 * The same when no group of the batch has two hour rows in one day (StagedRollups.oneHourPerDay,
 * the usual batch: a flush interval of records): each staged hour row is then its group's whole
 * delta of that day, so it is added as it is, with its bucket moved to the day's start — no
 * grouping and no sort of the wide rows (rollup.ts stages the hour rows in (day, groupKey)
 * order, the order they are written in).
 */
const dayStageUpsertUngrouped = (grain: 60 | 3600): string => {
  const keys = ROLLUP_KEYS.map(q).join(", ");
  return `INSERT INTO "FlowDayRollup" ("clusterId", "bucket", "groupKey", ${keys}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")})
    SELECT "clusterId", ${DAY_BUCKET}, "groupKey", ${keys}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")}
      FROM ${ROLLUP_STAGE_TABLE} WHERE "grain" = ${grain}
    ${DAY_MERGE}`;
};
const DAY_STAGE_UPSERT_UNGROUPED = dayStageUpsertUngrouped(3600);

/**
 * The same from the staged minute rows when only those were staged (StagedRollups.minutesOnly:
 * no group has two minute rows in one day, so each is its group's whole delta of its day).
 */
const DAY_STAGE_UPSERT_FROM_MINUTES = dayStageUpsertUngrouped(60);

/**
 * Adds a batch's hourly rollup deltas to the day rollups, in the caller's transaction, right
 * after addRollups(tx, staged) put them in the staging table. No-op for an empty batch.
 */
export async function addDayRollups(tx: SqlQueryable, staged: StagedRollups): Promise<void> {
  if (staged.rows === 0) return;
  await tx.query(staged.minutesOnly ? DAY_STAGE_UPSERT_FROM_MINUTES : staged.oneHourPerDay ? DAY_STAGE_UPSERT_UNGROUPED : DAY_STAGE_UPSERT);
}

/**
 * Rebuilds a cluster's day rows for the UTC days of [$2, $3) (UNIX seconds, whole days) from the
 * hourly rollup rows, in SQL (the migration's backfill). For bulk loads that rebuilt the hourly
 * rows with ROLLUP_REBUILD_SQL: run it after those, in the same transaction, after deleting the
 * range's day rows.
 */
export const DAY_ROLLUP_REBUILD_SQL = (() => {
  const keys = ROLLUP_KEYS.map(q).join(", ");
  const epoch = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;
  return `INSERT INTO "FlowDayRollup" ("clusterId", "bucket", "groupKey", ${keys}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")})
    SELECT "clusterId", date_bin('1 day', "bucket", ${epoch}), "groupKey", ${keys}, min("minStart"), max("maxEnd"), sum("records"), ${ROLLUP_SUMS.map((c) => `sum(${q(c)})`).join(", ")}
      FROM "FlowRollup" WHERE "clusterId" = $1 AND "grain" = 3600 AND "bucket" >= to_timestamp($2) AND "bucket" < to_timestamp($3)
     GROUP BY "clusterId", 2, "groupKey", ${keys}`;
})();
