import "server-only";
/**
 * Flow rollups (migration 0040_flow_rollups): per-minute and per-hour sums of the stored flow
 * records, grouped by exactly the fields the service graph (lib/graph buildGraph, at namespace
 * and workload level) and the board's traffic counters read. Ingestion maintains them in the
 * same statement that inserts the records (ingest.ts), from the rows the INSERT actually
 * added, so a retried batch adds nothing to them either.
 *
 * Reading a range [from, to) with the store's overlap rule (where.ts: endTime > from and
 * from − MAX_INTERVAL ≤ startTime < to) from rollups gives the same rows as the raw table:
 * - the rollup rows cover records by their startTime bucket;
 * - the buckets used lie in [A, B), A the first minute boundary strictly after `from` (every
 *   record starting at or after A ends after `from`) and B the last minute boundary at or
 *   before `to` (every record starting before B starts before `to`);
 * - records starting outside [A, B) — at most a minute at the end and the look-back window at
 *   the start — are read raw and summed in with the rollup rows.
 * Whole hours inside [A, B) come from the hourly rows, the rest from the minute rows.
 */
import type { WhereBuilder } from "@/lib/server/flows/where";
import { MAX_INTERVAL_SECONDS } from "@/lib/server/flows/where";

/** The grouping fields of a rollup row: the graph's and the board's keys (FlowLog columns). */
export const ROLLUP_KEYS = [
  "sourceType",
  "sourceNamespace",
  "sourceNameAggr",
  "destType",
  "destNamespace",
  "destNameAggr",
  "destServiceNamespace",
  "destServiceName",
  "destServicePortName",
  "destServicePort",
  "destDomains",
  "destPort",
  "proto",
  "action",
  "reporter",
  "enforcedPolicies",
  "pendingPolicies",
] as const;

/** The summed counters of a rollup row (FlowLog columns of the same name). */
export const ROLLUP_SUMS = ["numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut"] as const;

const q = (c: string): string => `"${c}"`;
const KEYS = ROLLUP_KEYS.map(q).join(", ");

/**
 * The group key hashed into a rollup row's primary key: every grouping field, NULL and '' kept
 * apart (the integer and JSON fields are the only nullable ones; NULL becomes '\N', which no
 * integer or JSON text is).
 */
const GROUP_KEY = `md5(concat_ws(chr(31), ${ROLLUP_KEYS.map((c) => `coalesce(${q(c)}::text, '\\N')`).join(", ")}))`;

const EPOCH = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;

/**
 * The rollup upkeep that follows the INSERT of a chunk: `ins` is the INSERT's RETURNING set
 * (startTime, endTime, the keys and the counters of the rows actually inserted). Returns the
 * CTEs to append after `ins AS (...)`; `$1` is the cluster id.
 */
export function rollupUpkeepCtes(): string {
  const sums = ROLLUP_SUMS.map((c) => `sum(${q(c)})::bigint AS ${q(c)}`).join(", ");
  const merge = ROLLUP_SUMS.map((c) => `${q(c)} = "FlowRollup".${q(c)} + EXCLUDED.${q(c)}`).join(", ");
  const cols = `"clusterId", "grain", "bucket", "groupKey", ${KEYS}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")}`;
  const conflict = `ON CONFLICT ("clusterId", "grain", "bucket", "groupKey") DO UPDATE SET
        "minStart" = least("FlowRollup"."minStart", EXCLUDED."minStart"), "maxEnd" = greatest("FlowRollup"."maxEnd", EXCLUDED."maxEnd"),
        "records" = "FlowRollup"."records" + EXCLUDED."records", ${merge}`;
  // Rows are written in primary-key order, and ingestion holds a per-cluster lock (ingest.ts),
  // so two writers never wait on each other's rollup rows in opposite orders.
  return `m AS (
      SELECT date_bin('1 minute', "startTime", ${EPOCH}) AS "bucket", ${GROUP_KEY} AS "groupKey", ${KEYS},
             min("startTime") AS "minStart", max("endTime") AS "maxEnd", count(*)::bigint AS "records", ${sums}
        FROM ins GROUP BY 1, ${KEYS}),
    um AS (
      INSERT INTO "FlowRollup" (${cols})
      SELECT $1, 60, "bucket", "groupKey", ${KEYS}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map(q).join(", ")} FROM m ORDER BY "bucket", "groupKey"
      ${conflict}),
    uh AS (
      INSERT INTO "FlowRollup" (${cols})
      SELECT $1, 3600, date_bin('1 hour', "bucket", ${EPOCH}), "groupKey", ${KEYS}, min("minStart"), max("maxEnd"), sum("records")::bigint, ${ROLLUP_SUMS.map((c) => `sum(${q(c)})::bigint`).join(", ")}
        FROM m GROUP BY 3, "groupKey", ${KEYS} ORDER BY 3, "groupKey"
      ${conflict})`;
}

/** How a range is read: raw-row bounds and the rollup buckets (all UNIX seconds). */
export interface RangePlan {
  /** Rollup buckets cover records starting in [fromBucket, toBucket); empty when equal. */
  readonly fromBucket: number;
  readonly toBucket: number;
  /** Whole hours inside [fromBucket, toBucket) read from the hourly rows; empty when equal. */
  readonly fromHour: number;
  readonly toHour: number;
}

/** Splits [from, to) into the rollup part and the raw edges (see the header). */
export function planRange(from: number, to: number): RangePlan {
  const a = Math.floor(from / 60) * 60 + 60;
  const b = Math.max(a, Math.floor(to / 60) * 60);
  const h0 = Math.ceil(a / 3600) * 3600;
  const h1 = Math.floor(b / 3600) * 3600;
  return h1 > h0 ? { fromBucket: a, toBucket: b, fromHour: h0, toHour: h1 } : { fromBucket: a, toBucket: b, fromHour: a, toHour: a };
}

/**
 * A FROM source (`(...) AS src`) holding, for the records of [from, to) of a cluster, one row per
 * raw edge record or rollup row with the columns `select` names — written once over the FlowLog
 * column names (ROLLUP_KEYS and `"records"`, `"minStart"`, `"maxEnd"` and ROLLUP_SUMS). A raw
 * record counts as `records` 1, minStart = startTime, maxEnd = endTime. `extra(w)` adds filters
 * on ROLLUP_KEYS to both parts.
 */
export function rangeSource(w: WhereBuilder, clusterId: string, from: number, to: number, select: readonly string[], extra?: (w: WhereBuilder) => string): string {
  const plan = planRange(from, to);
  const cluster = w.param(clusterId);
  const filter = extra !== undefined ? ` AND ${extra(w)}` : "";
  const rawCol = (c: string): string => (c === "records" ? `1::bigint AS "records"` : c === "minStart" ? `"startTime" AS "minStart"` : c === "maxEnd" ? `"endTime" AS "maxEnd"` : q(c));
  const rawSelect = select.map(rawCol).join(", ");
  const rollSelect = select.map(q).join(", ");
  const ts = (s: number): string => `to_timestamp(${w.param(s)})`;
  const rawRange = `"endTime" > ${ts(from)} AND "startTime" >= ${ts(from - MAX_INTERVAL_SECONDS)} AND "startTime" < ${ts(to)}`;
  const parts: string[] = [];
  if (plan.toBucket <= plan.fromBucket) {
    parts.push(`SELECT ${rawSelect} FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange}${filter}`);
  } else {
    parts.push(`SELECT ${rawSelect} FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange} AND ("startTime" < ${ts(plan.fromBucket)} OR "startTime" >= ${ts(plan.toBucket)})${filter}`);
    if (plan.toHour > plan.fromHour) {
      parts.push(`SELECT ${rollSelect} FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 3600 AND "bucket" >= ${ts(plan.fromHour)} AND "bucket" < ${ts(plan.toHour)}${filter}`);
      const minutes: string[] = [];
      if (plan.fromHour > plan.fromBucket) minutes.push(`("bucket" >= ${ts(plan.fromBucket)} AND "bucket" < ${ts(plan.fromHour)})`);
      if (plan.toBucket > plan.toHour) minutes.push(`("bucket" >= ${ts(plan.toHour)} AND "bucket" < ${ts(plan.toBucket)})`);
      if (minutes.length > 0) parts.push(`SELECT ${rollSelect} FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 60 AND (${minutes.join(" OR ")})${filter}`);
    } else {
      parts.push(`SELECT ${rollSelect} FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 60 AND "bucket" >= ${ts(plan.fromBucket)} AND "bucket" < ${ts(plan.toBucket)}${filter}`);
    }
  }
  return `(${parts.join("\n UNION ALL ")}) AS src`;
}
