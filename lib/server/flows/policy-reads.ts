import "server-only";
/**
 * The flow-store reads of the board, editor and policy analyser, each one grouped SQL statement
 * over the FlowLog rows of a time range (overlap semantics of lib/server/flows/where.ts):
 *
 * - `readFlowTuples`: distinct connection tuples (endpoints, protocol, destination port) with
 *   their record counts, most frequent first, for the impact preview (whole hours from the
 *   per-hour tuple summaries of tuple-hours.ts, the range's edges raw);
 * - `readTraceHitGroups`: trace entries of the enforced and pending policy traces grouped by
 *   (trace, tier, name, action), for the per-policy counters (from the rollups). Traces are JSONB arrays of
 *   `<index>|<tier>|<name>|<action>|<rule>` strings (lib/server/flows/rows.ts), split in SQL so
 *   no row leaves the database;
 * - `readRuleHits`: hits per rule (keyed by lib/policy ruleHitKey; reporter src = egress, dst =
 *   ingress) and the record count, for the analyser's unused-rule check.
 */
import type { FlowTuple, TraceHitGroup } from "@/lib/board";
import { ruleHitKey } from "@/lib/policy";
import { getSql } from "@/lib/server/db";
import type { GroupFields } from "@/lib/server/flows/groups";
import { addRangeGroups, groupFieldsOf } from "@/lib/server/flows/groups";
import { rangeSource } from "@/lib/server/flows/rollup";
import { TUPLE_KEYS, ensureTupleHours, tupleRangeHours, tupleRangeSource } from "@/lib/server/flows/tuple-hours";
import { addTimeRange, WhereBuilder, FLOW_NAMESPACE_COLUMNS } from "@/lib/server/flows/where";

/** A time range in UNIX seconds, [from, to). */
export interface FlowRange {
  readonly from: number;
  readonly to: number;
}

function rangeWhere(clusterId: string, range: FlowRange): WhereBuilder {
  const w = new WhereBuilder().scopeToCaller(FLOW_NAMESPACE_COLUMNS);
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, range.from, range.to);
  return w;
}

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" ? Number(v) : 0);
const text = (v: unknown): string => (typeof v === "string" ? v : "-");
const textOrNull = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Distinct tuples of a range (at most `limit`), the records in the range and whether tuples were cut. */
export interface FlowTupleRead {
  readonly tuples: readonly FlowTuple[];
  readonly records: number;
  readonly truncated: boolean;
}

function toTupleRead(rows: readonly Record<string, unknown>[], limit: number): FlowTupleRead {
  const tuples = rows.map(
    (r): FlowTuple => ({
      source: { type: text(r.sourceType), namespace: text(r.sourceNamespace), name: text(r.sourceName), nameAggr: text(r.sourceNameAggr), ip: textOrNull(r.sourceIp) },
      dest: { type: text(r.destType), namespace: text(r.destNamespace), name: text(r.destName), nameAggr: text(r.destNameAggr), ip: textOrNull(r.destIp) },
      destDomains: strings(r.destDomains),
      proto: text(r.proto),
      port: r.destPort === null || r.destPort === undefined ? null : num(r.destPort),
      records: num(r.records),
    }),
  );
  const first = rows[0];
  return { tuples, records: first === undefined ? 0 : num(first.total), truncated: first !== undefined && num(first.groups) > limit };
}

/** The thirteen tuple columns by position (the raw read lists them in TUPLE_KEYS order too). */
const TUPLE_ORDER = TUPLE_KEYS.map((_, i) => i + 1).join(", ");

/**
 * Reads the distinct connection tuples of a range, most frequent first (ties by every tuple
 * field). The whole hours of the range come from the per-hour tuple summaries
 * (tuple-hours.ts: computed on first need and whenever an hour's records changed), the edges
 * from the raw records; `{ raw: true }` groups only raw records (the reference the summary read
 * is tested against). Throws on database errors.
 */
export async function readFlowTuples(clusterId: string, range: FlowRange, limit: number, options: { readonly raw?: boolean } = {}): Promise<FlowTupleRead> {
  const sql = await getSql();
  if (options.raw === true) {
    const w = rangeWhere(clusterId, range);
    const { rows } = await sql.query(
      `SELECT "sourceType", "sourceNamespace", "sourceName", "sourceNameAggr", "sourceIp",
              "destType", "destNamespace", "destName", "destNameAggr", "destIp", "destDomains", "proto", "destPort",
              count(*) AS "records", sum(count(*)) OVER () AS "total", count(*) OVER () AS "groups"
         FROM "FlowLog" WHERE ${w.toSql()}
        GROUP BY ${TUPLE_ORDER}
        ORDER BY "records" DESC, ${TUPLE_ORDER} LIMIT ${w.param(limit)}`,
      w.params,
    );
    return toTupleRead(rows, limit);
  }
  const hours = tupleRangeHours(range.from, range.to);
  await ensureTupleHours(sql, clusterId, hours.fromHour, hours.toHour);
  const w = new WhereBuilder();
  const source = tupleRangeSource(w, clusterId, range.from, range.to, (b) => b.callerScopeClause(FLOW_NAMESPACE_COLUMNS) ?? "TRUE");
  // Grouped on the thirteen fields themselves. Grouping on the 32-character tuple key with the
  // fields carried by min() cost an md5 per raw edge record, twelve min() steps and a jsonb → text
  // cast per row: at 1,000,000 records on PostgreSQL the statement took 0.58–0.78 s, this one
  // 0.35–0.55 s (psql, the same rows). Ties on the record count are broken by every field, so
  // a limited read keeps the same tuples each time (as the raw read above).
  const { rows } = await sql.query(
    `SELECT ${TUPLE_KEYS.map((k) => `"${k}"`).join(", ")},
            sum("records")::bigint AS "records", sum(sum("records")) OVER () AS "total", count(*) OVER () AS "groups"
       FROM ${source} GROUP BY ${TUPLE_ORDER}
      ORDER BY "records" DESC, ${TUPLE_ORDER} LIMIT ${w.param(limit)}`,
    w.params,
  );
  return toTupleRead(rows, limit);
}

/**
 * The grouped trace hits of a range plus the number of records in it. Reads the rollups (every
 * rollup row stands for `records` records with the same traces; lib/server/flows/rollup.ts) and
 * the raw records at the range's edges; `{ raw: true }` reads only raw records (the reference
 * the rollup read is tested against). Throws on database errors.
 */
export async function readTraceHitGroups(clusterId: string, range: FlowRange, options: { readonly raw?: boolean } = {}): Promise<{ groups: TraceHitGroup[]; records: number }> {
  if (options.raw !== true) return readTraceHitGroupsByKey(clusterId, range);
  const w = rangeWhere(clusterId, range);
  const sql = await getSql();
  const { rows } = await sql.query(
    `WITH f AS MATERIALIZED (SELECT "enforcedPolicies" AS e, "pendingPolicies" AS p, 1::bigint AS n FROM "FlowLog" WHERE ${w.toSql()})
     SELECT 'records' AS "trace", '' AS "tier", '' AS "name", '' AS "action", coalesce(sum(n), 0)::bigint AS "hits" FROM f
     UNION ALL
     SELECT t.trace, split_part(t.entry, '|', 2), split_part(t.entry, '|', 3), lower(split_part(t.entry, '|', 4)), sum(f.n)::bigint
       FROM f CROSS JOIN LATERAL (
         SELECT 'enforced' AS trace, x AS entry FROM jsonb_array_elements_text(coalesce(f.e, '[]'::jsonb)) AS x
         UNION ALL
         SELECT 'pending', x FROM jsonb_array_elements_text(coalesce(f.p, '[]'::jsonb)) AS x
       ) AS t
      GROUP BY 1, 2, 3, 4`,
    w.params,
  );
  let records = 0;
  const groups: TraceHitGroup[] = [];
  for (const r of rows) {
    if (r.trace === "records") records = num(r.hits);
    else if (r.trace === "enforced" || r.trace === "pending") groups.push({ trace: r.trace, tier: text(r.tier), name: text(r.name), action: text(r.action), hits: num(r.hits) });
  }
  return { groups, records };
}

/**
 * readTraceHitGroups from the rollups: the range's records summed by group key in SQL, each
 * group's traces from its fields (groups.ts: "FlowGroup", kept parsed in this process, shared
 * with the service graph), split and summed here. Taking each group's traces out of the rollup
 * rows instead (min(trace::text) per group) converted two jsonb values to text for every one of
 * the day's ~250,000 rollup rows: at 1,000,000 records on PostgreSQL the statement took
 * 0.66–0.88 s, this one 0.40–0.50 s (psql). The entries were checked at ingest (lib/flows
 * parsePolicyHit), so their action is ASCII and toLowerCase is SQL's lower().
 */
async function readTraceHitGroupsByKey(clusterId: string, range: FlowRange): Promise<{ groups: TraceHitGroup[]; records: number }> {
  const sql = await getSql();
  return sql.transaction(async (tx) => {
    // As graph.ts's grouping (the same ~16,000 groups a day): no spill to disk, no JIT.
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query(`SET LOCAL jit = off`);
    const w = new WhereBuilder();
    const source = rangeSource(w, clusterId, range.from, range.to, ["groupKey", "records"], (b) => b.callerScopeClause(FLOW_NAMESPACE_COLUMNS) ?? "TRUE");
    // One text value `key,records;…` (PGlite's per-row result path, as graph.ts).
    const { rows } = await tx.query<{ groups: unknown }>(`SELECT string_agg(concat_ws(',', "groupKey", n), ';') AS "groups" FROM (SELECT "groupKey", sum("records") AS n FROM ${source} GROUP BY "groupKey") AS g`, w.params);
    const listed = rows[0]?.groups;
    const items = typeof listed === "string" && listed !== "" ? listed.split(";") : [];
    const keys: string[] = [];
    const counts: number[] = [];
    for (const item of items) {
      const comma = item.indexOf(",");
      keys.push(item.slice(0, comma));
      counts.push(Number(item.slice(comma + 1)));
    }
    const fields = await groupFieldsOf(tx, clusterId, keys, (missing) => addRangeGroups(tx, clusterId, range.from, range.to, missing));
    const tally = new Map<string, { -readonly [K in keyof TraceHitGroup]: TraceHitGroup[K] }>();
    const add = (trace: "enforced" | "pending", entries: readonly string[], n: number): void => {
      for (const entry of entries) {
        const [, tier = "", name = "", written = ""] = entry.split("|");
        const action = written.toLowerCase();
        const key = `${trace}\u0000${tier}\u0000${name}\u0000${action}`;
        const known = tally.get(key);
        if (known !== undefined) known.hits += n;
        else tally.set(key, { trace, tier, name, action, hits: n });
      }
    };
    let records = 0;
    for (let i = 0; i < keys.length; i++) {
      const n = counts[i] as number; // i < keys.length = counts.length: defined
      records += n;
      const policies = (fields.get(keys[i] as string) as GroupFields).policies; // groupFieldsOf answers every key or throws
      if (policies === null) continue;
      add("enforced", policies.enforced, n);
      add("pending", policies.pending, n);
    }
    return { groups: [...tally.values()], records };
  });
}

/** Rule hits of a range keyed by lib/policy ruleHitKey, and the records in the range. Throws on database errors. */
export async function readRuleHits(clusterId: string, range: FlowRange): Promise<{ counts: Map<string, number>; records: number }> {
  const w = new WhereBuilder();
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, range.from, range.to);
  const sql = await getSql();
  const { rows } = await sql.query(
    `WITH f AS MATERIALIZED (SELECT "reporter" AS r, "enforcedPolicies" AS e, "pendingPolicies" AS p FROM "FlowLog" WHERE ${w.toSql()})
     SELECT 'records' AS "reporter", '' AS "tier", '' AS "name", '' AS "rule", count(*) AS "hits" FROM f
     UNION ALL
     SELECT f.r, split_part(t.entry, '|', 2), split_part(t.entry, '|', 3), split_part(t.entry, '|', 5), count(*)
       FROM f CROSS JOIN LATERAL (
         SELECT x AS entry FROM jsonb_array_elements_text(coalesce(f.e, '[]'::jsonb)) AS x
         UNION
         SELECT x FROM jsonb_array_elements_text(coalesce(f.p, '[]'::jsonb)) AS x
       ) AS t
      GROUP BY 1, 2, 3, 4`,
    w.params,
  );
  const counts = new Map<string, number>();
  let records = 0;
  for (const r of rows) {
    if (r.reporter === "records") {
      records = num(r.hits);
      continue;
    }
    const rule = Number(r.rule);
    if (!Number.isInteger(rule) || rule < 0 || typeof r.tier !== "string" || typeof r.name !== "string") continue;
    const key = ruleHitKey(r.tier, r.name, r.reporter === "src" ? "egress" : "ingress", rule);
    counts.set(key, (counts.get(key) ?? 0) + num(r.hits));
  }
  return { counts, records };
}
