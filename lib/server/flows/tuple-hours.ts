import "server-only";
/**
 * The impact preview's distinct connections at scale (migration 0110_flow_tuple_hours). The
 * preview judges each distinct connection tuple — both endpoints with pod names and addresses,
 * the domains, protocol and destination port — once, with its record count. Pod names and
 * addresses are not rollup keys, so grouping a day of raw records took seconds at a million.
 *
 * Whole hours are summarised once: "FlowTupleHour" holds an hour's tuples with their record
 * counts, computed from the stored records the first time a read needs the hour (not at ingest:
 * the ingest transaction stays as it is). "FlowTupleHourState" keeps, per hour, which
 * computation's rows are current and the hour's record count in the hourly rollup (FlowRollup,
 * grain 3600, maintained at ingest in the same transaction as the records) as seen by that
 * computation — one statement, so one snapshot, counts both. Before each read the rollup counts
 * of the range's hours are compared with the states: an hour whose count changed (late records;
 * retention) is computed again, so a summary never answers with stale tuples. The ingest path
 * could instead add each batch's tuples to the open hour's rows in its transaction; it does not
 * today, and this module would then only skip the staleness check.
 *
 * A range [from, to) is read as the store's overlap rule says (where.ts): the whole hours inside
 * the rollups' bucket span (rollup.ts planRange) from the summaries, the records starting
 * outside them — the look-back edge before the first whole hour and the partial hour at the
 * end — raw, and both summed per tuple in one statement.
 */
import type { SqlQueryable } from "@/lib/server/db/sql";
import { planRange } from "@/lib/server/flows/rollup";
import { MAX_INTERVAL_SECONDS, WhereBuilder } from "@/lib/server/flows/where";

/** The tuple fields (FlowLog columns), in the order the preview's read returns them. */
export const TUPLE_KEYS = [
  "sourceType",
  "sourceNamespace",
  "sourceName",
  "sourceNameAggr",
  "sourceIp",
  "destType",
  "destNamespace",
  "destName",
  "destNameAggr",
  "destIp",
  "destDomains",
  "proto",
  "destPort",
] as const;

const q = (c: string): string => `"${c}"`;
const KEYS = TUPLE_KEYS.map(q).join(", ");
/** md5 over the tuple fields with NULL kept apart from every value (as rollup.ts's group key). */
const TUPLE_KEY_SQL = `md5(concat_ws(chr(31), ${TUPLE_KEYS.map((c) => `coalesce(${q(c)}::text, '\\N')`).join(", ")}))`;

const HOUR = 3600;
/**
 * Hour summaries computed at once by ensureTupleHours. A day of hours at a million records is
 * seconds of grouping in one backend; two at a time use two database cores and leave the rest
 * of the pool (ten connections) and of the server to everything else.
 */
const PARALLEL_HOURS = 2;
const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" ? Number(v) : 0);

/**
 * Computes hour `hour`'s tuples (UNIX seconds, a whole hour) from the stored records and makes
 * them current, in one statement; then deletes the rows it replaced. Two computations of the
 * same hour at once each write a consistent generation and the later state wins.
 */
async function computeHour(sql: SqlQueryable, clusterId: string, hour: number): Promise<void> {
  await sql.query(
    `WITH g AS (SELECT txid_current() AS gen),
          ins AS (
            INSERT INTO "FlowTupleHour" ("clusterId", "bucket", "generation", "tupleKey", ${KEYS}, "records")
            SELECT $1, to_timestamp($2), g.gen, ${TUPLE_KEY_SQL}, ${KEYS}, count(*)
              FROM "FlowLog", g
             WHERE "clusterId" = $1 AND "startTime" >= to_timestamp($2) AND "startTime" < to_timestamp($3)
             GROUP BY g.gen, ${KEYS})
     INSERT INTO "FlowTupleHourState" ("clusterId", "bucket", "generation", "rollupRecords", "computedAt")
     SELECT $1, to_timestamp($2), g.gen,
            (SELECT coalesce(sum("records"), 0) FROM "FlowRollup" WHERE "clusterId" = $1 AND "grain" = 3600 AND "bucket" = to_timestamp($2)), now()
       FROM g
     ON CONFLICT ("clusterId", "bucket") DO UPDATE SET "generation" = EXCLUDED."generation", "rollupRecords" = EXCLUDED."rollupRecords", "computedAt" = EXCLUDED."computedAt"`,
    [clusterId, hour, hour + HOUR],
  );
  await sql.query(
    `DELETE FROM "FlowTupleHour" t
      WHERE t."clusterId" = $1 AND t."bucket" = to_timestamp($2)
        AND t."generation" <> (SELECT s."generation" FROM "FlowTupleHourState" s WHERE s."clusterId" = $1 AND s."bucket" = to_timestamp($2))`,
    [clusterId, hour],
  );
}

/**
 * Makes the summaries of the whole hours [fromHour, toHour) current: computes those never
 * computed and those whose hourly rollup count differs from the one they were computed with.
 * Returns the hours computed. Throws on database errors.
 */
export async function ensureTupleHours(sql: SqlQueryable, clusterId: string, fromHour: number, toHour: number): Promise<number[]> {
  if (toHour <= fromHour) return [];
  const { rows } = await sql.query<{ hour: unknown; rolled: unknown; summarised: unknown }>(
    `SELECT extract(epoch from coalesce(r."bucket", s."bucket"))::float8 AS "hour", coalesce(r."n", 0) AS "rolled", s."rollupRecords" AS "summarised"
       FROM (SELECT "bucket", sum("records") AS "n" FROM "FlowRollup"
              WHERE "clusterId" = $1 AND "grain" = 3600 AND "bucket" >= to_timestamp($2) AND "bucket" < to_timestamp($3) GROUP BY "bucket") AS r
       FULL JOIN (SELECT "bucket", "rollupRecords" FROM "FlowTupleHourState"
              WHERE "clusterId" = $1 AND "bucket" >= to_timestamp($2) AND "bucket" < to_timestamp($3)) AS s ON s."bucket" = r."bucket"`,
    [clusterId, fromHour, toHour],
  );
  const stale = rows.filter((r) => (r.summarised === null || r.summarised === undefined ? num(r.rolled) !== 0 : num(r.summarised) !== num(r.rolled))).map((r) => num(r.hour));
  stale.sort((a, b) => a - b);
  // Hours are independent (rows of their own bucket), so PARALLEL_HOURS of them are computed at
  // once on a pool: each statement is one backend's work. On a single connection (PGlite, a
  // transaction) the statements simply queue. Every computation is waited for, so the caller
  // never reads while one still runs; the first error is rethrown.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < stale.length) {
      const hour = stale[next++] as number; // next < length: defined
      await computeHour(sql, clusterId, hour);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL_HOURS, stale.length) }, worker));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return stale;
}

/**
 * A FROM source (`(...) AS src`) with one row per tuple and whole hour of the summaries plus one
 * per raw edge record of [from, to), each with the columns TUPLE_KEYS and `"records"`;
 * `extra(w)` adds a filter over TUPLE_KEYS columns to every part. The summaries of the whole
 * hours it reads must be current (`ensureTupleHours` with `tupleRangeHours`).
 */
export function tupleRangeSource(w: WhereBuilder, clusterId: string, from: number, to: number, extra?: (w: WhereBuilder) => string): string {
  const { fromHour, toHour } = tupleRangeHours(from, to);
  const cluster = w.param(clusterId);
  const filter = extra !== undefined ? ` AND ${extra(w)}` : "";
  const ts = (s: number): string => `to_timestamp(${w.param(s)})`;
  const rawRange = `"endTime" > ${ts(from)} AND "startTime" >= ${ts(from - MAX_INTERVAL_SECONDS)} AND "startTime" < ${ts(to)}`;
  const raw = `SELECT ${KEYS}, 1::bigint AS "records" FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange}`;
  if (toHour <= fromHour) return `(${raw}${filter}) AS src`;
  const plan = planRange(from, to);
  // The look-back edge as rollup.ts reads it: only minutes whose rollup rows end after `from`
  // can hold a record starting before the range that overlaps it, so the raw scan starts at the
  // first of those.
  const lookback = `(SELECT coalesce(min("bucket"), ${ts(plan.fromBucket)}) FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 60 AND "bucket" >= ${ts(from - MAX_INTERVAL_SECONDS - 60)} AND "bucket" < ${ts(plan.fromBucket)} AND "maxEnd" > ${ts(from)})`;
  const parts = [
    `${raw} AND "startTime" >= ${lookback} AND "startTime" < ${ts(fromHour)}${filter}`,
    `${raw} AND "startTime" >= ${ts(toHour)}${filter}`,
    // Per hour state, its generation's rows: one range of the primary key (clusterId, bucket,
    // generation, tupleKey) each. As a plain join the planner, with no statistics on a freshly
    // filled FlowTupleHour (the first preview of a day), chose a nested loop probing the state's
    // key once per tuple row: 160,000 probes, a third of the read at a million records.
    `SELECT ${TUPLE_KEYS.map((k) => `t.${q(k)}`).join(", ")}, t."records"
       FROM "FlowTupleHourState" s
       CROSS JOIN LATERAL (SELECT * FROM "FlowTupleHour" h
                            WHERE h."clusterId" = s."clusterId" AND h."bucket" = s."bucket" AND h."generation" = s."generation"${filter}) AS t
      WHERE s."clusterId" = ${cluster} AND s."bucket" >= ${ts(fromHour)} AND s."bucket" < ${ts(toHour)}`,
  ];
  return `(${parts.join("\n UNION ALL ")}) AS src`;
}

/**
 * The whole hours of [from, to) read from the summaries: those inside the rollups' bucket span
 * (rollup.ts planRange), where every record starting in them overlaps the range. Empty (equal
 * bounds) for a range shorter than that.
 */
export function tupleRangeHours(from: number, to: number): { fromHour: number; toHour: number } {
  const plan = planRange(from, to);
  return { fromHour: plan.fromHour, toHour: plan.toHour };
}

/**
 * Background work (the flow jobs' leader, background.ts): makes the tuple summaries of every
 * cluster's last 24 whole hours before `now` (UNIX s) current, so the first impact preview of the
 * day does not compute them; steady state computes the hour that just ended. Returns the hours
 * computed. Throws on database errors.
 */
export async function summariseRecentHours(sql: SqlQueryable, now: number): Promise<number> {
  const toHour = Math.floor(now / HOUR) * HOUR;
  const { rows } = await sql.query<{ id: unknown }>(`SELECT "id" FROM "Cluster" ORDER BY "id"`);
  let computed = 0;
  for (const r of rows) computed += (await ensureTupleHours(sql, String(r.id), toHour - 24 * HOUR, toHour)).length;
  return computed;
}
