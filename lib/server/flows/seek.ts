import "server-only";
/**
 * Placing row `offset` of a snapshot (newest first) without walking the rows before it: a
 * scrollbar dragged to the middle of a day of a million records asks for row 500,000, and an SQL
 * OFFSET reads 500,000 index entries and their rows to skip them (~3 s on the embedded PGlite,
 * with every other request waiting). The rollups (rollup.ts) count the records per hour and per
 * minute of start time, so the minute that holds the row is found by summing a few dozen hourly
 * sums and then one hour's minutes; the page is then read from that minute's end with an
 * offset below a minute's worth of records.
 *
 * The rows before a minute boundary M (newest first) are exactly the snapshot's matching rows
 * that start at or after M: the raw records after the last whole minute of the range, plus the
 * rollup buckets at or after M, minus the rows stored after the snapshot (the rollups hold every
 * stored row; a snapshot ends at a row id). Rows that start in the range's look-back edge (before
 * its first whole minute, see rollup.ts planRange) are not placed here: the caller reads those
 * from the oldest end.
 */
import type { FlowFilterQuery } from "@/lib/contracts/flows";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { planRange } from "@/lib/server/flows/rollup";
import { buildFlowWhere, fieldClauses, FLOW_NAMESPACE_COLUMNS, WhereBuilder } from "@/lib/server/flows/where";

/** Where a row lies: the page is the rows starting before `before` (UNIX s), from offset `within`. */
export interface SeekResult {
  readonly before: number;
  readonly within: number;
}

/** A count per bucket start (UNIX seconds). */
type Counts = Map<number, number>;

async function bucketCounts(db: SqlQueryable, clusterId: string, q: FlowFilterQuery, grain: 60 | 3600, from: number, to: number): Promise<Counts> {
  const w = new WhereBuilder();
  const clauses = [`"clusterId" = ${w.param(clusterId)}`, `"grain" = ${grain}`, `"bucket" >= to_timestamp(${w.param(from)})`, `"bucket" < to_timestamp(${w.param(to)})`];
  const scope = w.callerScopeClause(FLOW_NAMESPACE_COLUMNS);
  if (scope !== undefined) clauses.push(scope);
  clauses.push(...fieldClauses(w, q));
  const { rows } = await db.query<{ b: string | number; n: string | number }>(
    `SELECT extract(epoch from "bucket")::bigint AS b, sum("records") AS n FROM "FlowRollup" WHERE ${clauses.join(" AND ")} GROUP BY 1`,
    w.params,
  );
  return new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
}

/** Matching rows of the range stored after the snapshot, per minute of start time. */
async function newerPerMinute(db: SqlQueryable, clusterId: string, q: FlowFilterQuery): Promise<Counts> {
  if (q.maxId === undefined) return new Map();
  const w = buildFlowWhere(clusterId, { ...q, maxId: undefined });
  w.add(`"id" > ${w.param(q.maxId)}::bigint`);
  const { rows } = await db.query<{ b: string | number; n: string | number }>(
    `SELECT (floor(extract(epoch from "startTime") / 60) * 60)::bigint AS b, count(*) AS n FROM "FlowLog" WHERE ${w.toSql()} GROUP BY 1`,
    w.params,
  );
  return new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
}

/** Snapshot rows that start at or after `at` (UNIX s) and after the range's whole minutes. */
async function rawTail(db: SqlQueryable, clusterId: string, q: FlowFilterQuery, at: number): Promise<number> {
  const w = buildFlowWhere(clusterId, q);
  w.add(`"startTime" >= to_timestamp(${w.param(at)})`);
  const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE ${w.toSql()}`, w.params);
  return Number(rows[0]?.n ?? 0);
}

/** `newer` summed over the minutes of [from, to). */
function newerIn(newer: Counts, from: number, to: number): number {
  let n = 0;
  for (const [b, c] of newer) if (b >= from && b < to) n += c;
  return n;
}

/**
 * Walks `slots` (bucket start → count, each `grain` long) newest first from `skipped` rows;
 * returns the slot holding row `offset` and the rows before it, or the total reached.
 */
function walk(slots: Counts, grain: number, newer: Counts, offset: number, skipped: number): { slot: number; skipped: number } | { total: number } {
  let cum = skipped;
  for (const b of [...slots.keys()].sort((x, y) => y - x)) {
    const n = (slots.get(b) ?? 0) - newerIn(newer, b, b + grain);
    if (offset < cum + n) return { slot: b, skipped: cum };
    cum += n;
  }
  return { total: cum };
}

/**
 * Places row `offset` of the snapshot `q` (its maxId set; filters the rollups answer). Undefined
 * when the row is not in the range's whole minutes (the raw edges: the caller reads those by a
 * plain offset near the newest end or from the oldest end).
 */
export async function seekOffset(db: SqlQueryable, clusterId: string, q: FlowFilterQuery, offset: number, openEnd: number): Promise<SeekResult | undefined> {
  const plan = planRange(q.from ?? 0, q.to ?? openEnd);
  if (plan.toBucket <= plan.fromBucket) return undefined;
  const newer = await newerPerMinute(db, clusterId, q);
  let skipped = q.to === undefined ? 0 : await rawTail(db, clusterId, q, plan.toBucket);
  if (offset < skipped) return undefined;
  const inMinutes = async (from: number, to: number): Promise<SeekResult | undefined | { total: number }> => {
    if (to <= from) return { total: skipped };
    const found = walk(await bucketCounts(db, clusterId, q, 60, from, to), 60, newer, offset, skipped);
    return "slot" in found ? { before: found.slot + 60, within: offset - found.skipped } : found;
  };
  // Newest first: the minutes after the last whole hour, the whole hours, the minutes before the first.
  const tail = await inMinutes(plan.toHour > plan.fromHour ? plan.toHour : plan.fromBucket, plan.toBucket);
  if (tail === undefined || !("total" in tail)) return tail;
  skipped = tail.total;
  if (plan.toHour > plan.fromHour) {
    const hours = walk(await bucketCounts(db, clusterId, q, 3600, plan.fromHour, plan.toHour), 3600, newer, offset, skipped);
    if ("slot" in hours) {
      skipped = hours.skipped;
      const inHour = await inMinutes(hours.slot, hours.slot + 3600);
      return inHour !== undefined && "total" in inHour ? undefined : inHour;
    }
    skipped = hours.total;
    const head = await inMinutes(plan.fromBucket, plan.fromHour);
    return head !== undefined && "total" in head ? undefined : head;
  }
  return undefined;
}
