import "server-only";
/**
 * Flow rollups (migration 0040_flow_rollups): per-minute and per-hour sums of the stored flow
 * records, grouped by exactly the fields the service graph (lib/graph buildGraph, at namespace
 * and workload level) and the board's traffic counters read. Ingestion maintains them in the
 * transaction that inserts the records (ingest.ts): the records actually stored are summed here
 * in JavaScript (grouping on jsonb in SQL cost as much as the insert itself) and added with one
 * COPY into a staging table and one upsert from it (addRollups), so a retried batch adds
 * nothing to them.
 *
 * Reading a range [from, to) with the store's overlap rule (where.ts: endTime > from and
 * from − MAX_INTERVAL ≤ startTime < to) from rollups gives the same rows as the raw table:
 * - the rollup rows cover records by their startTime bucket;
 * - the buckets used lie in [A, B), A the first minute boundary strictly after `from` (every
 *   record starting at or after A ends after `from`) and B the last minute boundary at or
 *   before `to` (every record starting before B starts before `to`);
 * - records starting outside [A, B) — at most a minute at the end and the look-back window at
 *   the start — are read raw and summed in with the rollup rows.
 * Whole UTC days inside [A, B) come from the per-day rows ("FlowDayRollup", day-rollup.ts: each
 * the sum of its day's hourly rows), the other whole hours from the hourly rows, the rest from
 * the minute rows.
 */
import { hash } from "node:crypto";
import type { FlowLog } from "@/lib/flows";
import { copyField, copyTimestamp } from "@/lib/server/db/copy-text";
import type { SqlQueryable } from "@/lib/server/db/sql";
import type { WhereBuilder } from "@/lib/server/flows/where";
import { MAX_INTERVAL_SECONDS } from "@/lib/server/flows/where";

/** Seconds in a day rollup's bucket (day-rollup.ts; UTC days: UNIX time has no leap seconds). */
export const DAY_SECONDS = 86_400;

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

type Cell = string | number | null;

/** A record's grouping values in ROLLUP_KEYS order, as stored (JSON fields as JSON text). */
function keyValues(f: FlowLog): Cell[] {
  return [
    f.source.type,
    f.source.namespace,
    f.source.nameAggr,
    f.dest.type,
    f.dest.namespace,
    f.dest.nameAggr,
    f.destService.namespace,
    f.destService.name,
    f.destService.portName,
    f.destService.portNum,
    JSON.stringify(f.destDomains),
    f.dest.port,
    f.proto,
    f.action,
    f.reporter,
    f.policies === null ? null : JSON.stringify(f.policies.enforced),
    f.policies === null ? null : JSON.stringify(f.policies.pending),
  ];
}

/** PostgreSQL's jsonb text form of an array of strings (`["a", "b"]`: a space after each comma). */
function jsonbArrayText(values: readonly string[]): string {
  if (values.length === 0) return "[]";
  let out = `[${JSON.stringify(values[0])}`;
  for (let i = 1; i < values.length; i++) out += `, ${JSON.stringify(values[i])}`;
  return `${out}]`;
}

const NULL_TEXT = "\\N";
const SEP = "\u001f";

/**
 * The group text hashed into "groupKey": exactly what 0040's backfill hashes in SQL —
 * `concat_ws(chr(31), coalesce(field::text, '\N'), ...)` — so rows written here and rows
 * backfilled there merge. The JSON fields are arrays of strings, whose jsonb text is rebuilt.
 * (String concatenation rather than an array join: this runs once per ingested record.)
 */
function groupText(f: FlowLog): string {
  const s = f.source;
  const d = f.dest;
  const svc = f.destService;
  const p = f.policies;
  return (
    s.type + SEP + s.namespace + SEP + s.nameAggr + SEP +
    d.type + SEP + d.namespace + SEP + d.nameAggr + SEP +
    svc.namespace + SEP + svc.name + SEP + svc.portName + SEP + (svc.portNum === null ? NULL_TEXT : String(svc.portNum)) + SEP +
    jsonbArrayText(f.destDomains) + SEP + (d.port === null ? NULL_TEXT : String(d.port)) + SEP +
    f.proto + SEP + f.action + SEP + f.reporter + SEP +
    (p === null ? NULL_TEXT : jsonbArrayText(p.enforced)) + SEP + (p === null ? NULL_TEXT : jsonbArrayText(p.pending))
  );
}

/** node:crypto's one-shot digest (no Hash object per call). */
const md5 = (text: string): string => hash("md5", text, "hex");

/** A group of a batch: its key, its key fields as COPY text, and its rows per minute and per hour bucket. */
interface BatchGroup {
  readonly key: string;
  /** ROLLUP_KEYS' fields as one run of COPY fields (escaped, tab-separated): built once per group. */
  readonly keysText: string;
  readonly minutes: Map<number, RollupDelta>;
}

/** One rollup row to add: grain, bucket start (s), its group, min/max times (s), records and ROLLUP_SUMS. */
export interface RollupDelta {
  readonly grain: 60 | 3600;
  readonly bucket: number;
  readonly group: BatchGroup;
  minStart: number;
  maxEnd: number;
  records: number;
  numFlows: number;
  numFlowsStarted: number;
  numFlowsCompleted: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** Times as stored (TIMESTAMPTZ(3): milliseconds). */
const stored = (s: number): number => Math.round(s * 1000) / 1000;

/** The counters a record and a rollup row share (FlowLog's and RollupDelta's fields of the same names). */
type Sums = Pick<RollupDelta, "numFlows" | "numFlowsStarted" | "numFlowsCompleted" | "bytesIn" | "bytesOut" | "packetsIn" | "packetsOut">;

/** Adds `records` records spanning [start, end] with counters `sums` to `row`. */
function addInto(row: RollupDelta, start: number, end: number, records: number, sums: Sums): void {
  if (start < row.minStart) row.minStart = start;
  if (end > row.maxEnd) row.maxEnd = end;
  row.records += records;
  row.numFlows += sums.numFlows;
  row.numFlowsStarted += sums.numFlowsStarted;
  row.numFlowsCompleted += sums.numFlowsCompleted;
  row.bytesIn += sums.bytesIn;
  row.bytesOut += sums.bytesOut;
  row.packetsIn += sums.packetsIn;
  row.packetsOut += sums.packetsOut;
}

/** Adds one record (start and end as stored) to its group's minute row of `bucket`. */
function addToMinute(rows: Map<number, RollupDelta>, group: BatchGroup, bucket: number, start: number, end: number, f: FlowLog): void {
  const row = rows.get(bucket);
  if (row !== undefined) return addInto(row, start, end, 1, f);
  rows.set(bucket, {
    grain: 60,
    bucket,
    group,
    minStart: start,
    maxEnd: end,
    records: 1,
    numFlows: f.numFlows,
    numFlowsStarted: f.numFlowsStarted,
    numFlowsCompleted: f.numFlowsCompleted,
    bytesIn: f.bytesIn,
    bytesOut: f.bytesOut,
    packetsIn: f.packetsIn,
    packetsOut: f.packetsOut,
  });
}

/** A record's grouping fields in ROLLUP_KEYS order as COPY fields (JSON fields as JSON text). */
function keysCopyText(f: FlowLog): string {
  const values = keyValues(f);
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += "\t";
    out += copyField(values[i] ?? null, ROLLUP_KEYS[i] as string);
  }
  return out;
}

/**
 * The rollup rows a batch adds, summed in JavaScript so that each rollup key is upserted once
 * per batch whatever the number of records and statement chunks. Records are added with `add`.
 * A group's key fields are turned into COPY text once, however many records and rows it has.
 */
export class RollupAccumulator {
  /** Groups by their group text (the text their key hashes). */
  private readonly groups = new Map<string, BatchGroup>();

  add(records: Iterable<FlowLog>): void {
    for (const f of records) {
      const text = groupText(f);
      let group = this.groups.get(text);
      if (group === undefined) {
        group = { key: md5(text), keysText: keysCopyText(f), minutes: new Map() };
        this.groups.set(text, group);
      }
      const start = stored(f.startTime);
      const end = stored(f.endTime);
      addToMinute(group.minutes, group, Math.floor(start / 60) * 60, start, end, f);
    }
  }

  /**
   * The rows: the minute rows, then the hour rows, each sorted by (UTC day, groupKey, bucket).
   * That one order is the lock order of every writer: the hour rows summed from the minute rows
   * (here or in SQL) and the day rows summed from those come out in (day, groupKey) order too,
   * so two ingestions of one cluster that touch the same rollup rows take their row locks in
   * the same order at every grain and never deadlock (ingest.ts takes no cluster lock). The
   * hour rows are summed from the minute rows here, and left out when no group has two minute
   * rows in one day (oneMinutePerDay: the database makes them from the minute rows).
   */
  deltas(): RollupDeltas {
    const minutes: RollupDelta[] = [];
    let oneMinutePerDay = true;
    for (const g of this.groups.values()) {
      for (const d of g.minutes.values()) minutes.push(d);
      if (oneMinutePerDay && g.minutes.size > 1) oneMinutePerDay = distinctDays(g.minutes);
    }
    minutes.sort(byDayOrder);
    // Each hour row would be a minute row with its bucket moved: the database makes them (stageRollups).
    if (oneMinutePerDay) return { rows: minutes, oneHourPerDay: true, oneMinutePerDay };
    const hours: RollupDelta[] = [];
    let oneHourPerDay = true;
    for (const g of this.groups.values()) {
      const groupHours = hoursOf(g.minutes);
      for (const d of groupHours.values()) hours.push(d);
      if (oneHourPerDay && groupHours.size > 1) oneHourPerDay = distinctDays(groupHours);
    }
    hours.sort(byDayOrder);
    for (const h of hours) minutes.push(h);
    return { rows: minutes, oneHourPerDay, oneMinutePerDay };
  }
}

/** A group's hour rows: the sums of its minute rows by hour (summed here rather than per record). */
function hoursOf(minutes: ReadonlyMap<number, RollupDelta>): Map<number, RollupDelta> {
  const hours = new Map<number, RollupDelta>();
  for (const m of minutes.values()) {
    const bucket = Math.floor(m.bucket / 3600) * 3600;
    const h = hours.get(bucket);
    if (h === undefined) hours.set(bucket, { ...m, grain: 3600, bucket });
    else addInto(h, m.minStart, m.maxEnd, m.records, m);
  }
  return hours;
}

/** The UTC day (its start, UNIX seconds) of a time. */
const dayOf = (s: number): number => Math.floor(s / DAY_SECONDS) * DAY_SECONDS;

/** Whether no two of a group's rows (by bucket) fall in one UTC day. */
function distinctDays(rows: ReadonlyMap<number, RollupDelta>): boolean {
  const days = new Set<number>();
  for (const bucket of rows.keys()) {
    const day = dayOf(bucket);
    if (days.has(day)) return false;
    days.add(day);
  }
  return true;
}

/** (UTC day, groupKey, bucket): the order rollup rows are written in (RollupAccumulator.deltas). */
const byDayOrder = (a: RollupDelta, b: RollupDelta): number =>
  dayOf(a.bucket) - dayOf(b.bucket) || (a.group.key < b.group.key ? -1 : a.group.key > b.group.key ? 1 : 0) || a.bucket - b.bucket;

/** A batch's rollup rows (RollupAccumulator.deltas). */
export interface RollupDeltas {
  /** The minute rows, then the hour rows — none when oneMinutePerDay. */
  readonly rows: readonly RollupDelta[];
  /**
   * True when no group has two hour rows in one UTC day: each day row to add is then one hour
   * row with its bucket moved to the day's start (day-rollup.ts adds them without grouping).
   */
  readonly oneHourPerDay: boolean;
  /**
   * True when no group has two minute rows in one UTC day (so none in one hour either): each
   * hour row and each day row to add is then one minute row with its bucket moved to the hour's
   * or the day's start, and only the minute rows are staged (the usual batch: one flush
   * interval, whose records start together).
   */
  readonly oneMinutePerDay: boolean;
}

/** The rollup-row columns ingestion writes, after "clusterId", with their types. */
const ROLLUP_COLUMNS: readonly (readonly [string, "int" | "time" | "text"])[] = [
  ["grain", "int"],
  ["bucket", "time"],
  ["groupKey", "text"],
  ...ROLLUP_KEYS.map((k): readonly [string, "int" | "text"] => [k, k === "destServicePort" || k === "destPort" ? "int" : "text"]),
  ["minStart", "time"],
  ["maxEnd", "time"],
  ["records", "int"],
  ...ROLLUP_SUMS.map((k): readonly [string, "int"] => [k, "int"]),
];

/**
 * The staging table of a batch's rollup rows: a temporary table of the session (each pooled
 * PostgreSQL connection has its own; PGlite has one), created on a session's first batch and
 * emptied at every COMMIT (and gone with a ROLLBACK of the transaction that filled it). Same
 * columns and types as FlowRollup, no constraints.
 */
const STAGE = "FlowRollupStage";
/** The staging table, qualified: day-rollup.ts sums its hourly rows into the day rows. */
export const ROLLUP_STAGE_TABLE = `pg_temp."${STAGE}"`;
const CREATE_STAGE = `CREATE TEMPORARY TABLE IF NOT EXISTS "${STAGE}" (LIKE "FlowRollup") ON COMMIT DELETE ROWS`;
const STAGE_TARGET = `pg_temp."${STAGE}" ("clusterId", ${ROLLUP_COLUMNS.map(([c]) => q(c)).join(", ")})`;

/** Adds a staged row's delta to the stored FlowRollup row of its key (min/max for the times). */
const ROLLUP_MERGE = `ON CONFLICT ("clusterId", "grain", "bucket", "groupKey") DO UPDATE SET
      "minStart" = least("FlowRollup"."minStart", EXCLUDED."minStart"), "maxEnd" = greatest("FlowRollup"."maxEnd", EXCLUDED."maxEnd"), ${["records", ...ROLLUP_SUMS].map((c) => `${q(c)} = "FlowRollup".${q(c)} + EXCLUDED.${q(c)}`).join(", ")}`;

/**
 * An upsert of the staged rows into FlowRollup: new keys inserted, existing ones summed. As
 * staged (`asHours` false), or the staged minute rows as hour rows, each as it is with its
 * bucket moved to its hour: right only when no group has two staged minute rows in one hour
 * (StagedRollups.minutesOnly).
 */
function stageUpsert(asHours: boolean): string {
  const names = ROLLUP_COLUMNS.map(([c]) => q(c)).join(", ");
  const select = asHours ? ROLLUP_COLUMNS.map(([c]) => (c === "grain" ? "3600" : c === "bucket" ? `date_bin('1 hour', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00')` : q(c))).join(", ") : names;
  return `INSERT INTO "FlowRollup" ("clusterId", ${names})
    SELECT "clusterId", ${select} FROM pg_temp."${STAGE}"
    ${ROLLUP_MERGE}`;
}
const STAGE_UPSERT = stageUpsert(false);
const STAGE_HOUR_UPSERT = stageUpsert(true);

/** A delta as a COPY line of STAGE_TARGET (lib/server/db/copy-text.ts), after the cluster's field. */
function stageLine(d: RollupDelta): string {
  return `\t${d.grain}\t${copyTimestamp(d.bucket, "bucket")}\t${d.group.key}\t${d.group.keysText}\t${copyTimestamp(d.minStart, "minStart")}\t${copyTimestamp(d.maxEnd, "maxEnd")}\t${d.records}\t${d.numFlows}\t${d.numFlowsStarted}\t${d.numFlowsCompleted}\t${d.bytesIn}\t${d.bytesOut}\t${d.packetsIn}\t${d.packetsOut}\n`;
}

/** A batch's rollup rows as COPY text for the staging table (stageRollups). */
export interface StagedRollups {
  readonly rows: number;
  readonly text: string;
  /** RollupDeltas.oneHourPerDay. */
  readonly oneHourPerDay: boolean;
  /**
   * Only the minute rows are staged (RollupDeltas.oneMinutePerDay): addRollups adds them as the
   * hour rows too, and day-rollup.ts as the day rows, each with its bucket moved.
   */
  readonly minutesOnly: boolean;
}

/**
 * The deltas as COPY text of the staging table: built while the database stores the records.
 * When no group has two minute rows in one day, only the minute rows are staged: each hour row
 * then equals its one minute row but for the bucket, and the database makes it from that row
 * (half the rows to send and parse).
 */
export function stageRollups(clusterId: string, deltas: RollupDeltas): StagedRollups {
  const cluster = copyField(clusterId, "clusterId");
  let text = "";
  for (const d of deltas.rows) text += cluster + stageLine(d);
  return { rows: deltas.rows.length, text, oneHourPerDay: deltas.oneHourPerDay, minutesOnly: deltas.oneMinutePerDay };
}

/**
 * Adds a batch's staged deltas to the cluster's rollup rows in the caller's transaction: one
 * COPY into the session's staging table and ONE upsert from it (the deltas' keys are distinct,
 * and their sorted order is the order the rows are written in). Measured against one upsert
 * from unnest() of array parameters (flows-ingest records, 10,000 rollup rows a batch,
 * interleaved runs): the COPY route took about 30% less time on both databases.
 */
export async function addRollups(tx: SqlQueryable, staged: StagedRollups): Promise<void> {
  if (staged.rows === 0) return;
  await tx.query(CREATE_STAGE);
  await tx.copyFrom(STAGE_TARGET, staged.text);
  await tx.query(STAGE_UPSERT);
  if (staged.minutesOnly) await tx.query(STAGE_HOUR_UPSERT);
}

/**
 * Rebuilds a cluster's rollup rows for records starting in [$2, $3) (UNIX seconds) from the
 * stored records, in SQL (the same sums and group key as ingestion; 0040 backfills the same
 * way). For loading data that did not come through ingestion — bulk SQL loads, benchmarks.
 * $2 and $3 are whole hours. Two statements: run both, in order, in one transaction, after
 * deleting the range's rollup rows.
 */
export const ROLLUP_REBUILD_SQL: readonly string[] = (() => {
  const keys = ROLLUP_KEYS.map(q).join(", ");
  const sums = ROLLUP_SUMS.map(q).join(", ");
  const groupKey = `md5(concat_ws(chr(31), ${ROLLUP_KEYS.map((c) => `coalesce(${q(c)}::text, '\\N')`).join(", ")}))`;
  const epoch = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;
  const cols = `"clusterId", "grain", "bucket", "groupKey", ${keys}, "minStart", "maxEnd", "records", ${sums}`;
  return [
    `INSERT INTO "FlowRollup" (${cols})
     SELECT "clusterId", 60, date_bin('1 minute', "startTime", ${epoch}), ${groupKey}, ${keys}, min("startTime"), max("endTime"), count(*), ${ROLLUP_SUMS.map((c) => `sum(${q(c)})`).join(", ")}
       FROM "FlowLog" WHERE "clusterId" = $1 AND "startTime" >= to_timestamp($2) AND "startTime" < to_timestamp($3)
      GROUP BY "clusterId", 3, ${keys}`,
    `INSERT INTO "FlowRollup" (${cols})
     SELECT "clusterId", 3600, date_bin('1 hour', "bucket", ${epoch}), "groupKey", ${keys}, min("minStart"), max("maxEnd"), sum("records"), ${ROLLUP_SUMS.map((c) => `sum(${q(c)})`).join(", ")}
       FROM "FlowRollup" WHERE "clusterId" = $1 AND "grain" = 60 AND "bucket" >= date_bin('1 hour', to_timestamp($2), ${epoch}) AND "bucket" < to_timestamp($3)
      GROUP BY "clusterId", 3, "groupKey", ${keys}`,
  ];
})();

/** The group key in SQL over FlowLog columns (equal to groupKeyOf's; rollup.test.ts checks it). */
const GROUP_KEY_SQL = `md5(concat_ws(chr(31), ${ROLLUP_KEYS.map((c) => `coalesce(${q(c)}::text, '\\N')`).join(", ")}))`;

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

/** The whole UTC days inside a plan's hours (read from the day rollups); empty (equal) when none. */
export function planDays(plan: RangePlan): { readonly fromDay: number; readonly toDay: number } {
  const d0 = Math.ceil(plan.fromHour / DAY_SECONDS) * DAY_SECONDS;
  const d1 = Math.floor(plan.toHour / DAY_SECONDS) * DAY_SECONDS;
  return d1 > d0 ? { fromDay: d0, toDay: d1 } : { fromDay: plan.fromHour, toDay: plan.fromHour };
}

/**
 * A FROM source (`(...) AS src`) holding, for the records of [from, to) of a cluster, one row per
 * raw edge record or rollup row with the columns `select` names — written once over the FlowLog
 * column names (ROLLUP_KEYS and `"groupKey"`, `"records"`, `"minStart"`, `"maxEnd"` and
 * ROLLUP_SUMS). A raw record counts as `records` 1, minStart = startTime, maxEnd = endTime, and
 * its group key is computed. `extra(w)` adds filters
 * on ROLLUP_KEYS to both parts.
 */
export function rangeSource(w: WhereBuilder, clusterId: string, from: number, to: number, select: readonly string[], extra?: (w: WhereBuilder) => string): string {
  const plan = planRange(from, to);
  const cluster = w.param(clusterId);
  const filter = extra !== undefined ? ` AND ${extra(w)}` : "";
  const rawCol = (c: string): string =>
    c === "records" ? `1::bigint AS "records"` : c === "minStart" ? `"startTime" AS "minStart"` : c === "maxEnd" ? `"endTime" AS "maxEnd"` : c === "groupKey" ? `${GROUP_KEY_SQL} AS "groupKey"` : q(c);
  const rawSelect = select.map(rawCol).join(", ");
  const rollSelect = select.map(q).join(", ");
  const ts = (s: number): string => `to_timestamp(${w.param(s)})`;
  const rawRange = `"endTime" > ${ts(from)} AND "startTime" >= ${ts(from - MAX_INTERVAL_SECONDS)} AND "startTime" < ${ts(to)}`;
  const parts: string[] = [];
  if (plan.toBucket <= plan.fromBucket) {
    parts.push(`SELECT ${rawSelect} FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange}${filter}`);
  } else {
    // Two branches, not one with an OR: each edge is then an index range of its own (with the OR
    // as a filter, the scan walked every record of the range).
    // The look-back edge: records that start in the hour before the range's first whole minute
    // and end inside the range. Only minutes whose rollup rows end after `from` can hold one, so
    // the raw scan starts at the first of those (most records end seconds after they start:
    // a minute or two of records instead of an hour of them).
    const lookback = `(SELECT coalesce(min("bucket"), ${ts(plan.fromBucket)}) FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 60 AND "bucket" >= ${ts(from - MAX_INTERVAL_SECONDS - 60)} AND "bucket" < ${ts(plan.fromBucket)} AND "maxEnd" > ${ts(from)})`;
    parts.push(`SELECT ${rawSelect} FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange} AND "startTime" >= ${lookback} AND "startTime" < ${ts(plan.fromBucket)}${filter}`);
    parts.push(`SELECT ${rawSelect} FROM "FlowLog" WHERE "clusterId" = ${cluster} AND ${rawRange} AND "startTime" >= ${ts(plan.toBucket)}${filter}`);
    if (plan.toHour > plan.fromHour) {
      const days = planDays(plan);
      // Whole UTC days from the day rows (day-rollup.ts), the hours before and after them from
      // the hourly rows: each an index range of its own.
      const hours: (readonly [number, number])[] = [];
      if (days.toDay > days.fromDay) {
        parts.push(`SELECT ${rollSelect} FROM "FlowDayRollup" WHERE "clusterId" = ${cluster} AND "bucket" >= ${ts(days.fromDay)} AND "bucket" < ${ts(days.toDay)}${filter}`);
        if (days.fromDay > plan.fromHour) hours.push([plan.fromHour, days.fromDay]);
        if (plan.toHour > days.toDay) hours.push([days.toDay, plan.toHour]);
      } else {
        hours.push([plan.fromHour, plan.toHour]);
      }
      for (const [h0, h1] of hours) parts.push(`SELECT ${rollSelect} FROM "FlowRollup" WHERE "clusterId" = ${cluster} AND "grain" = 3600 AND "bucket" >= ${ts(h0)} AND "bucket" < ${ts(h1)}${filter}`);
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
