import "server-only";
/**
 * Per-day flow rollups ("FlowDayRollup", migration 0140_flow_day_rollups): the sums of a UTC
 * day's hourly rollup rows (rollup.ts, "FlowRollup" grain 3600) per group key, with the same
 * grouping fields, minStart/maxEnd, record count and counters. rollup.ts rangeSource reads a
 * range's whole days from them, so a week's service graph sums about seven rows per group
 * instead of ~170.
 *
 * Exact by construction: ingestion (ingest.ts) calls addDayRollups with the same hourly deltas it
 * has just added to "FlowRollup", in the same transaction, so a day row always equals the sum of
 * its day's hourly rows (a retried batch adds neither). Bulk loads rebuild both from the records
 * with ROLLUP_REBUILD_SQL then DAY_ROLLUP_REBUILD_SQL. Retention (retention.ts) deletes a day row
 * with the rollup rows' rule: once every record it sums has ended before the cutoff.
 */
import type { SqlQueryable } from "@/lib/server/db/sql";
import type { RollupDelta } from "@/lib/server/flows/rollup";
import { DAY_SECONDS, ROLLUP_KEYS, ROLLUP_SUMS } from "@/lib/server/flows/rollup";

type Cell = string | number | null;

/** One day row to add: the day's start (UNIX s), the group, min/max times (s), records and sums. */
export interface DayRollupDelta {
  readonly bucket: number;
  readonly groupKey: string;
  readonly keys: readonly Cell[];
  minStart: number;
  maxEnd: number;
  records: number;
  readonly sums: number[];
}

/**
 * The day rows a batch adds: its hourly deltas (grain 3600; the minute ones are skipped) summed
 * by day and group key, sorted by (bucket, groupKey) so that concurrent writers update the rows
 * in one order (ingestion also holds the cluster's lock).
 */
export function dayDeltasOf(deltas: Iterable<RollupDelta>): DayRollupDelta[] {
  const rows = new Map<string, DayRollupDelta>();
  for (const d of deltas) {
    if (d.grain !== 3600) continue;
    const bucket = Math.floor(d.bucket / DAY_SECONDS) * DAY_SECONDS;
    const id = `${bucket}/${d.groupKey}`;
    const row = rows.get(id);
    if (row === undefined) {
      rows.set(id, { bucket, groupKey: d.groupKey, keys: d.keys, minStart: d.minStart, maxEnd: d.maxEnd, records: d.records, sums: [...d.sums] });
      continue;
    }
    if (d.minStart < row.minStart) row.minStart = d.minStart;
    if (d.maxEnd > row.maxEnd) row.maxEnd = d.maxEnd;
    row.records += d.records;
    for (let i = 0; i < d.sums.length; i++) row.sums[i] = (row.sums[i] ?? 0) + (d.sums[i] ?? 0);
  }
  return [...rows.values()].sort((a, b) => a.bucket - b.bucket || (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0));
}

const q = (c: string): string => `"${c}"`;

/** The day-row columns of DAY_UPSERT's parameters after `$1` (cluster), with their types. */
const DAY_COLUMNS: readonly (readonly [string, string])[] = [
  ["bucket", "float8"],
  ["groupKey", "text"],
  ...ROLLUP_KEYS.map((k): readonly [string, string] => [k, k === "destServicePort" || k === "destPort" ? "int4" : k === "destDomains" || k === "enforcedPolicies" || k === "pendingPolicies" ? "jsonb" : "text"]),
  ["minStart", "float8"],
  ["maxEnd", "float8"],
  ["records", "int8"],
  ...ROLLUP_SUMS.map((k): readonly [string, string] => [k, "int8"]),
];

const dayValues = (d: DayRollupDelta): Cell[] => [d.bucket, d.groupKey, ...d.keys, d.minStart, d.maxEnd, d.records, ...d.sums];

/** Adds day rows (one array parameter per column, each a PostgreSQL array literal). */
const DAY_UPSERT = (() => {
  const names = DAY_COLUMNS.map(([c]) => q(c)).join(", ");
  const params = DAY_COLUMNS.map(([, t], i) => `$${i + 2}::${t === "jsonb" ? "text" : t}[]`).join(", ");
  const select = DAY_COLUMNS.map(([, t], i) => (t === "jsonb" ? `c${i}::jsonb` : t === "float8" ? `to_timestamp(c${i})` : `c${i}`)).join(", ");
  const merge = ["records", ...ROLLUP_SUMS].map((c) => `${q(c)} = "FlowDayRollup".${q(c)} + EXCLUDED.${q(c)}`).join(", ");
  return `INSERT INTO "FlowDayRollup" ("clusterId", ${names})
    SELECT $1, ${select} FROM unnest(${params}) AS t(${DAY_COLUMNS.map((_, i) => `c${i}`).join(", ")})
    ON CONFLICT ("clusterId", "bucket", "groupKey") DO UPDATE SET
      "minStart" = least("FlowDayRollup"."minStart", EXCLUDED."minStart"), "maxEnd" = greatest("FlowDayRollup"."maxEnd", EXCLUDED."maxEnd"), ${merge}`;
})();

/** A text element of an array literal: quoted, with `"` and `\` escaped. */
const quoted = (v: string): string => (v.indexOf('"') === -1 && v.indexOf("\\") === -1 ? `"${v}"` : `"${v.replace(/["\\]/g, "\\$&")}"`);

/** One column of the rows as a PostgreSQL array literal (NULL for null). */
function columnLiteral(rows: readonly (readonly Cell[])[], column: number): string {
  let out = "{";
  for (let r = 0; r < rows.length; r++) {
    const v = (rows[r] as readonly Cell[])[column];
    if (r > 0) out += ",";
    out += v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : quoted(v);
  }
  return `${out}}`;
}

/** Day rows per upsert statement (the rows of a batch are distinct, so slices never overlap). */
const SLICE = 10_000;

/**
 * Adds a batch's hourly rollup deltas to the day rollups, in the caller's transaction (the one
 * that added the same deltas to "FlowRollup"). No-op without hourly deltas.
 */
export async function addDayRollups(tx: SqlQueryable, clusterId: string, deltas: Iterable<RollupDelta>): Promise<void> {
  const days = dayDeltasOf(deltas);
  for (let i = 0; i < days.length; i += SLICE) {
    const rows = days.slice(i, i + SLICE).map(dayValues);
    await tx.query(DAY_UPSERT, [clusterId, ...DAY_COLUMNS.map((_, c) => columnLiteral(rows, c))]);
  }
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
