import "server-only";
/**
 * Reading stored flows: newest-first keyset pages (on startTime, id), CSV / JSON exports of the
 * filtered rows, and name suggestions for the filter fields.
 */
import { BadRequestError } from "@/lib/errors";
import type { FlowCount, FlowListQuery, FlowPage, FlowRowView, FlowSuggestions, SuggestionField } from "@/lib/contracts/flows";
import type { FlowFilterQuery } from "@/lib/contracts/flows";
import { FLOW_COUNT_CAP } from "@/lib/contracts/flows";
import type { FlowLog } from "@/lib/flows";
import { toCsv, toFlowWire } from "@/lib/flows";
import { getSql } from "@/lib/server/db";
import { getCluster } from "@/lib/server/cluster/registry";
import { FLOW_SELECT, toFlowLog } from "@/lib/server/flows/rows";
import { rangeSource } from "@/lib/server/flows/rollup";
import { seekOffset } from "@/lib/server/flows/seek";
import { buildFlowWhere, fieldClauses, likePattern, prefixPattern, rollupAnswers, WhereBuilder, FLOW_NAMESPACE_COLUMNS } from "@/lib/server/flows/where";

/** Offsets from here on may be read from the oldest end of the snapshot (listFlows). */
const FAR_OFFSET = 1_000;

/** Most rows one export returns (newest first); the reply says when more matched. */
export const EXPORT_MAX_ROWS = 100_000;

interface Cursor {
  readonly ms: number;
  readonly id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.ms}.${c.id}`, "utf8").toString("base64url");
}

function decodeCursor(text: string): Cursor {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (m === null) throw new BadRequestError("invalid cursor: pass the `next` value of the previous page");
  return { ms: Number(m[1]), id: m[2] ?? "0" };
}

/**
 * Rows of a page. `oldestFirst` reads the same order backwards (for offsets counted from the
 * oldest end, see listFlows); the rows come back newest first either way.
 */
async function selectRows(clusterId: string, q: FlowFilterQuery, limit: number, cursor: Cursor | undefined, offset = 0, oldestFirst = false): Promise<{ rows: (FlowRowView & { ms: number })[]; more: boolean }> {
  const w = buildFlowWhere(clusterId, q);
  if (cursor !== undefined) w.add(`("startTime", "id") < (to_timestamp(${w.param(cursor.ms / 1000)}), ${w.param(cursor.id)}::bigint)`);
  const sql = await getSql();
  const dir = oldestFirst ? "ASC" : "DESC";
  // ORDER BY names the table's columns: a bare "startTime" would bind to the select list's
  // epoch alias, and sorting on that expression cannot use the (clusterId, startTime, id) index
  // (a full scan and sort of every matching row instead of reading 101 index entries).
  const { rows } = await sql.query(
    `SELECT ${FLOW_SELECT}, "pendingAction", (extract(epoch from "startTime") * 1000)::bigint AS "ms"
       FROM "FlowLog" WHERE ${w.toSql()} ORDER BY "FlowLog"."startTime" ${dir}, "FlowLog"."id" ${dir} LIMIT ${w.param(limit + 1)}${offset > 0 ? ` OFFSET ${w.param(offset)}` : ""}`,
    w.params,
  );
  const mapped = rows.slice(0, limit).map(toRowView);
  if (oldestFirst) mapped.reverse();
  return { rows: mapped, more: rows.length > limit };
}

function toRowView(r: Record<string, unknown>): FlowRowView & { ms: number } {
  return {
    ...toFlowLog(r),
    id: String(r.id),
    pendingAction: r.pendingAction === "deny" ? ("deny" as const) : ("allow" as const),
    ms: Number(r.ms),
  };
}

/**
 * How many stored records match the filters (the row count the Flows page shows for its range).
 * Counting stops at FLOW_COUNT_CAP so a count over years of history stays bounded.
 */
export async function countFlows(clusterId: string, q: FlowFilterQuery): Promise<FlowCount> {
  await getCluster(clusterId);
  return countMatching(clusterId, q);
}

/** A `to` for open ranges: later than any record's start (year 3000). */
const OPEN_END = 32_503_680_000;

async function countMatching(clusterId: string, q: FlowFilterQuery): Promise<FlowCount> {
  const sql = await getSql();
  let count: number;
  if (rollupAnswers(q)) {
    // From the rollup rows (whole minutes and hours) plus the raw records at the range's edges
    // (rollup.ts rangeSource): a day of a million records is a few thousand rows to sum, where
    // counting the records themselves reads every one of them. The rollups have no row ids, so
    // the snapshot's count is theirs minus the records stored after it (an index range on id).
    const w = new WhereBuilder();
    const source = rangeSource(w, clusterId, q.from ?? 0, q.to ?? OPEN_END, ["records"], (b) => [b.callerScopeClause(FLOW_NAMESPACE_COLUMNS) ?? "TRUE", ...fieldClauses(b, q)].join(" AND "));
    let after = "0";
    if (q.maxId !== undefined) {
      const newer = buildFlowWhere(clusterId, { ...q, maxId: undefined }, w.sub());
      after = `(SELECT count(*) FROM "FlowLog" WHERE ${newer.toSql()} AND "id" > ${w.param(q.maxId)}::bigint)`;
    }
    const { rows } = await sql.query<{ n: string | number }>(`SELECT (SELECT coalesce(sum("records"), 0) FROM ${source}) - ${after} AS n`, w.params);
    count = Math.min(Number(rows[0]?.n ?? 0), FLOW_COUNT_CAP);
  } else {
    const w = buildFlowWhere(clusterId, q);
    const { rows } = await sql.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM "FlowLog" WHERE ${w.toSql()} LIMIT ${w.param(FLOW_COUNT_CAP)}) AS matching`,
      w.params,
    );
    count = Number(rows[0]?.n ?? 0);
  }
  return { count, capped: count >= FLOW_COUNT_CAP };
}

/** The highest row id stored for a cluster ("0" when none): where a live stream starts. */
export async function latestFlowRowId(clusterId: string): Promise<string> {
  const sql = await getSql();
  const { rows } = await sql.query<{ id: string | number | null }>(`SELECT max("id") AS id FROM "FlowLog" WHERE "clusterId" = $1`, [clusterId]);
  const id = rows[0]?.id;
  return id === null || id === undefined ? "0" : String(id);
}

/** Most rows one live-stream read returns; a burst larger than this arrives over several reads. */
export const STREAM_BATCH = 500;

/**
 * Rows stored after row id `after` that match the filters, oldest first (at most STREAM_BATCH),
 * and the newest row id read. Row ids come from one sequence, so "stored after" is `id > after`.
 * A transaction that took its ids before another but commits after it can land below a row the
 * stream already passed; the stream then misses it (the table's next fetch shows it). Ingest
 * commits one batch per transaction and the simulator runs in one leader, so this is rare.
 */
export async function readFlowsAfter(clusterId: string, q: FlowFilterQuery, after: string): Promise<{ items: FlowRowView[]; last: string }> {
  const w = buildFlowWhere(clusterId, q);
  w.add(`"id" > ${w.param(after)}::bigint`);
  const sql = await getSql();
  const { rows } = await sql.query(
    `SELECT ${FLOW_SELECT}, "pendingAction", (extract(epoch from "startTime") * 1000)::bigint AS "ms"
       FROM "FlowLog" WHERE ${w.toSql()} ORDER BY "FlowLog"."id" ASC LIMIT ${w.param(STREAM_BATCH)}`,
    w.params,
  );
  const items = rows.map((r) => {
    const { ms: _ms, ...row } = toRowView(r);
    return row;
  });
  // Rows that do not match the filters still move the stream forward: the next read starts
  // after the newest id stored so far, not after the newest match.
  const newest = await latestFlowRowId(clusterId);
  const lastItem = items[items.length - 1];
  const last = items.length === STREAM_BATCH && lastItem !== undefined ? lastItem.id : BigInt(newest) > BigInt(after) ? newest : after;
  return { items, last };
}

/** One page of flows, newest first. Throws NotFoundError (cluster), BadRequestError (cursor). */
export async function listFlows(clusterId: string, q: FlowListQuery): Promise<FlowPage> {
  await getCluster(clusterId);
  if (q.cursor !== undefined && q.offset !== undefined) throw new BadRequestError("pass either cursor or offset, not both");
  const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  // The snapshot: the first page (no cursor, no maxId) pins the newest stored row id, so the
  // pages that follow (with maxId) and the live stream (after it) neither overlap nor leave a gap.
  const latest = q.maxId ?? (cursor === undefined ? await latestFlowRowId(clusterId) : undefined);
  const snapshot = latest !== undefined ? { ...q, maxId: latest } : q;
  const offset = q.offset ?? 0;
  let count: FlowCount | undefined;
  let page: { rows: (FlowRowView & { ms: number })[]; more: boolean };
  if (cursor === undefined && offset >= FAR_OFFSET && rollupAnswers(snapshot)) {
    // A scrollbar jump deep into the snapshot: an SQL offset walks every row before it. The
    // rollups place the row within a minute (seek.ts); rows in the range's raw edges are read by
    // a short offset from the newest end or, in the older half, from the oldest end (the two
    // orders are exact reverses: startTime, then row id).
    const place = await seekOffset(await getSql(), clusterId, snapshot, offset, OPEN_END);
    if (place !== undefined) {
      page = await selectRows(clusterId, snapshot, q.limit, { ms: place.before * 1000, id: "0" }, place.within);
    } else {
      const total = await countMatching(clusterId, snapshot);
      const fromOldest = total.count - offset - q.limit;
      if (!total.capped && offset > total.count / 2) {
        const take = fromOldest < 0 ? q.limit + fromOldest : q.limit;
        const rows = take > 0 ? (await selectRows(clusterId, snapshot, take, undefined, Math.max(0, fromOldest), true)).rows : [];
        page = { rows, more: fromOldest > 0 };
      } else {
        page = await selectRows(clusterId, snapshot, q.limit, undefined, offset);
      }
    }
  } else {
    page = await selectRows(clusterId, snapshot, q.limit, cursor, offset);
    if (q.withCount === "true" && cursor === undefined && offset === 0) count = await countMatching(clusterId, snapshot);
  }
  const { rows, more } = page;
  const last = rows[rows.length - 1];
  const items = rows.map(({ ms: _ms, ...row }) => row);
  return {
    items,
    ...(more && last !== undefined ? { next: encodeCursor({ ms: last.ms, id: last.id }) } : {}),
    ...(latest !== undefined ? { latest } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}

/** An export file: body, content type, suggested file name, and whether it was cut. */
export interface FlowExport {
  readonly body: string;
  readonly contentType: string;
  readonly filename: string;
  readonly truncated: boolean;
}

/**
 * Every filtered row (newest first, up to EXPORT_MAX_ROWS) as CSV (lib/flows toCsv) or a JSON
 * array of Calico flow-log records (the format POST /api/v1/flowlogs accepts back).
 */
export async function exportFlows(clusterId: string, q: FlowFilterQuery, format: "csv" | "json"): Promise<FlowExport> {
  await getCluster(clusterId);
  const { rows, more } = await selectRows(clusterId, q, EXPORT_MAX_ROWS, undefined);
  const records: FlowLog[] = rows.map(({ ms: _ms, id: _id, pendingAction: _p, ...f }) => f);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return format === "csv"
    ? { body: toCsv(records), contentType: "text/csv; charset=utf-8", filename: `flows-${clusterId}-${stamp}.csv`, truncated: more }
    : { body: JSON.stringify(records.map(toFlowWire)), contentType: "application/json", filename: `flows-${clusterId}-${stamp}.json`, truncated: more };
}

const SUGGESTION_LIMIT = 20;

/**
 * Distinct values for a filter field that contain `q` (case-insensitive): values that start with
 * `q` first, then the most frequent. Suggestions come from the records of the time range.
 */
export async function suggestFlowValues(clusterId: string, field: SuggestionField, q: string, range: { from?: number; to?: number }): Promise<FlowSuggestions> {
  await getCluster(clusterId);
  // From the rollup rows of the range (rollup.ts rangeSource; every suggested field is a rollup
  // key, and "records" weighs each value by how many records carry it): a day of a million
  // records is a few thousand rows to group per keystroke instead of every record, twice.
  const w = new WhereBuilder();
  const columns: Record<SuggestionField, readonly string[]> = {
    namespace: ["sourceNamespace", "destNamespace"],
    sourceNamespace: ["sourceNamespace"],
    destNamespace: ["destNamespace"],
    sourceName: ["sourceNameAggr"],
    destName: ["destNameAggr", "destServiceName"],
    policy: ["enforcedPolicies", "pendingPolicies"],
    port: ["destPort"],
  };
  const source = rangeSource(w, clusterId, range.from ?? 0, range.to ?? OPEN_END, [...columns[field], "records"], (b) => b.callerScopeClause(FLOW_NAMESPACE_COLUMNS) ?? "TRUE");
  const values: Record<SuggestionField, string> = {
    namespace: `SELECT "sourceNamespace" AS v, "records" AS n FROM r UNION ALL SELECT "destNamespace", "records" FROM r`,
    sourceNamespace: `SELECT "sourceNamespace" AS v, "records" AS n FROM r`,
    destNamespace: `SELECT "destNamespace" AS v, "records" AS n FROM r`,
    sourceName: `SELECT "sourceNameAggr" AS v, "records" AS n FROM r`,
    destName: `SELECT "destNameAggr" AS v, "records" AS n FROM r UNION ALL SELECT "destServiceName", "records" FROM r`,
    policy: `SELECT split_part(p, '|', 3) AS v, "records" AS n FROM r, jsonb_array_elements_text(coalesce("enforcedPolicies", '[]'::jsonb) || coalesce("pendingPolicies", '[]'::jsonb)) AS p`,
    port: `SELECT "destPort"::text AS v, "records" AS n FROM r WHERE "destPort" IS NOT NULL`,
  };
  const pattern = w.param(likePattern(q));
  const prefix = w.param(prefixPattern(q));
  const sql = await getSql();
  const { rows } = await sql.query<{ v: string }>(
    `WITH r AS (SELECT * FROM ${source})
     SELECT v FROM (${values[field]}) AS s WHERE v <> '-' AND v <> '' AND v ILIKE ${pattern}
      GROUP BY v ORDER BY (v ILIKE ${prefix}) DESC, sum(n) DESC, v LIMIT ${SUGGESTION_LIMIT}`,
    w.params,
  );
  return { values: rows.map((r) => r.v) };
}
