import "server-only";
/**
 * The service graph of a time range. Grouping happens in SQL first (over the rollups at namespace
 * and workload level) — by exactly the fields
 * lib/graph's buildGraph reads (endpoint type, namespace, aggregated name, service, domains,
 * port, protocol, action, reporter and the traces), summing the counters — so a million stored
 * rows become a few thousand groups before any JavaScript runs. Each group then stands in for
 * its rows as one synthetic FlowLog; buildGraph's counting rules give the same edges and totals
 * as over the raw rows, because every counter it uses is a sum.
 */
import type { GraphQuery, GraphReply } from "@/lib/contracts/flows";
import type { FlowLog } from "@/lib/flows";
import { aggregateLargeGraph, buildGraph, filterGraph } from "@/lib/graph";
import { getSql } from "@/lib/server/db";
import { getCluster } from "@/lib/server/cluster/registry";
import type { GroupFields } from "@/lib/server/flows/groups";
import { addRangeGroups, groupFieldsOf, toGroupFlowLog } from "@/lib/server/flows/groups";
import { toFlowLog } from "@/lib/server/flows/rows";
import { rangeSource } from "@/lib/server/flows/rollup";
import { addTimeRange, WhereBuilder, FLOW_NAMESPACE_COLUMNS } from "@/lib/server/flows/where";

/** Default graph window when the query gives no `from`: the last hour. */
export const DEFAULT_GRAPH_WINDOW_SECONDS = 3600;

const GROUP_KEYS = [
  `"sourceType"`,
  `"sourceNamespace"`,
  `"sourceNameAggr"`,
  `"destType"`,
  `"destNamespace"`,
  `"destNameAggr"`,
  `"destServiceNamespace"`,
  `"destServiceName"`,
  `"destServicePortName"`,
  `"destServicePort"`,
  `"destDomains"`,
  `"destPort"`,
  `"proto"`,
  `"action"`,
  `"reporter"`,
  `"enforcedPolicies"`,
  `"pendingPolicies"`,
];

const SUMS = ["numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut"] as const;
const SUM_SELECT = SUMS.map((c) => `sum("${c}")::bigint AS "${c}"`).join(", ");
const NULLS = `NULL AS "transitPolicies", NULL AS "sourceLabels", NULL AS "destLabels", NULL AS "sourceIp", NULL AS "destIp", NULL AS "sourcePort", NULL AS "tcpStats"`;

/**
 * The row filter of a graph read: the asked namespaces (either end) and the caller's namespace
 * scope (lib/auth/permissions.ts: a flow is visible to whoever may see either end).
 */
function namespaceClause(namespaces: readonly string[] | undefined): (w: WhereBuilder) => string {
  const asked = namespaces !== undefined && namespaces.length > 0 ? namespaces : undefined;
  return (w) => {
    const clauses: string[] = [];
    const scope = w.callerScopeClause(FLOW_NAMESPACE_COLUMNS);
    if (scope !== undefined) clauses.push(scope);
    if (asked !== undefined) {
      const p = w.param(asked);
      clauses.push(`("sourceNamespace" = ANY(${p}::text[]) OR "destNamespace" = ANY(${p}::text[]))`);
    }
    return clauses.length === 0 ? "TRUE" : clauses.join(" AND ");
  };
}

/** Grouped rows of a range straight from the raw records (the pod level, and the reference the rollup read is tested against). */
export async function groupedFlowsRaw(clusterId: string, from: number, to: number, level: GraphQuery["level"], namespaces?: readonly string[]): Promise<FlowLog[]> {
  const w = new WhereBuilder();
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, from, to);
  w.add(namespaceClause(namespaces)(w));
  const keys = level === "pod" ? [...GROUP_KEYS, `"sourceName"`, `"destName"`] : GROUP_KEYS;
  const names = level === "pod" ? "" : `'-' AS "sourceName", '-' AS "destName",`;
  const sql = await getSql();
  const { rows } = await sql.query(
    `SELECT ${keys.join(", ")}, ${names}
            extract(epoch from min("startTime"))::float8 AS "startTime", extract(epoch from max("endTime"))::float8 AS "endTime", ${SUM_SELECT}, ${NULLS}
       FROM "FlowLog" WHERE ${w.toSql()} GROUP BY ${keys.join(", ")}`,
    w.params,
  );
  return rows.map(toFlowLog);
}

/**
 * Grouped rows of a range, as synthetic FlowLogs (names kept only for the pod level). The
 * namespace and workload levels read the rollups (rollup.ts: whole hours and minutes from the
 * rollup rows, the edges of the range raw), which hold exactly these groups' sums; the pod
 * level needs pod names, which rollups do not keep, and reads the raw records.
 *
 * The rollup rows are summed by group key alone and the grouping fields joined from
 * "FlowGroup" (0111_flow_groups: one row per key, which is md5 over those fields, so it never
 * goes stale): carrying the seventeen fields through the grouping with min() cost about five
 * times the sums. Keys the dictionary lacks (new groups) are added from the range's rows first.
 */
export async function groupedFlows(clusterId: string, from: number, to: number, level: GraphQuery["level"], namespaces?: readonly string[]): Promise<FlowLog[]> {
  if (level === "pod") return groupedFlowsRaw(clusterId, from, to, level, namespaces);
  const sql = await getSql();
  // Read committed (the default): a group another reader adds meanwhile is seen, and its
  // concurrent ON CONFLICT does not fail as it would under repeatable read.
  return sql.transaction(async (tx) => {
    // The hash of ~16,000 groups' sums spilled to disk in the default 4 MB (PGlite and PostgreSQL).
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    // PostgreSQL's JIT (on by default; PGlite has none) compiled this one aggregation for ~1 s of
    // a week's ~2 s on the 10,000,000-record bench (EXPLAIN ANALYZE: "JIT ... Total 963 ms"), to
    // speed up a scan of a few hundred thousand rollup rows that takes well under a second.
    await tx.query(`SET LOCAL jit = off`);
    const w = new WhereBuilder();
    const source = rangeSource(w, clusterId, from, to, ["groupKey", "minStart", "maxEnd", ...SUMS], namespaceClause(namespaces));
    // One text value `key,start,end,sum…;…` instead of a row per group: PGlite's per-row result
    // path cost about three times the grouping itself for 16,000 groups. Keys are hex, the times
    // float8 (shortest exact text) and the sums integers below 2^53, so the split is exact.
    const { rows } = await tx.query<{ groups: unknown }>(
      `SELECT string_agg(concat_ws(',', "groupKey", "startTime", "endTime", ${SUMS.map((c) => `"${c}"`).join(", ")}), ';') AS "groups"
         FROM (SELECT "groupKey", extract(epoch from min("minStart"))::float8 AS "startTime", extract(epoch from max("maxEnd"))::float8 AS "endTime", ${SUM_SELECT}
                 FROM ${source} GROUP BY "groupKey") AS g`,
      w.params,
    );
    const text = rows[0]?.groups;
    const grouped = typeof text === "string" && text !== "" ? text.split(";").map(toGroupedRow) : [];
    const keys = grouped.map((r) => r.groupKey);
    const fields = await groupFieldsOf(tx, clusterId, keys, (missing) => addRangeGroups(tx, clusterId, from, to, missing));
    return grouped.map((r) => toGroupFlowLog(fields.get(r.groupKey) as GroupFields, r)); // groupFieldsOf answers every key or throws
  });
}

/** Where each sum sits in a `key,start,end,sums…` item (after the key and the two times). */
const SUM_AT = Object.fromEntries(SUMS.map((c, i) => [c, 3 + i])) as Readonly<Record<(typeof SUMS)[number], number>>;

/** One `key,start,end,sums…` item of the grouped text, as the named columns (one object shape for every row). */
function toGroupedRow(item: string): { readonly groupKey: string } & Readonly<Record<string, number | string>> {
  const p = item.split(",");
  const at = (i: number): number => Number(p[i]);
  return {
    groupKey: p[0] ?? "",
    startTime: at(1),
    endTime: at(2),
    numFlows: at(SUM_AT.numFlows),
    numFlowsStarted: at(SUM_AT.numFlowsStarted),
    numFlowsCompleted: at(SUM_AT.numFlowsCompleted),
    bytesIn: at(SUM_AT.bytesIn),
    bytesOut: at(SUM_AT.bytesOut),
    packetsIn: at(SUM_AT.packetsIn),
    packetsOut: at(SUM_AT.packetsOut),
  };
}

/**
 * Builds the graph for a query (default window: the last hour up to `now`). Namespace and
 * edge-class filters are applied with lib/graph filterGraph; above 5,000 nodes the graph is
 * folded by aggregateLargeGraph. Throws NotFoundError for an unknown cluster.
 */
export async function queryGraph(clusterId: string, q: GraphQuery, now: number = Math.floor(Date.now() / 1000)): Promise<GraphReply> {
  await getCluster(clusterId);
  const to = q.to ?? now + 1;
  const from = q.from ?? to - DEFAULT_GRAPH_WINDOW_SECONDS;
  const flows = await groupedFlows(clusterId, from, to, q.level);
  const built = buildGraph(flows, { level: q.level, expanded: q.expand ?? [] });
  const filtered = filterGraph(built, { ...(q.namespace !== undefined && q.namespace.length > 0 ? { namespaces: q.namespace } : {}), ...(q.action !== undefined && q.action.length > 0 ? { actions: q.action } : {}) });
  const { graph, stage } = aggregateLargeGraph(filtered);
  return { nodes: graph.nodes, edges: graph.edges, from, to, groups: flows.length, aggregated: stage > 0 };
}
