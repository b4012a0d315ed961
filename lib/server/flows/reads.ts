import "server-only";
/**
 * Flow-store reads that other features run on the stored flow logs, kept here with the rest of
 * the flow store's SQL:
 *
 * - `readFlowLogsEndingIn`: the records of an alert's lookback window, newest first (GlobalAlert
 *   evaluation, lib/server/alerts/evaluate.ts);
 * - `countDeniedFlowsBySet`: denied flows to or from each named network set since a time (the
 *   threat-feeds page, lib/server/threat-feeds/overview.ts).
 */
import type { FlowLog } from "@/lib/flows";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { FLOW_SELECT, toFlowLog } from "@/lib/server/flows/rows";

/**
 * Records whose interval ends in (from, to] (UNIX seconds), as Calico Enterprise filters alerts
 * on end_time; the newest `limit` when there are more.
 */
export async function readFlowLogsEndingIn(sql: SqlQueryable, clusterId: string, from: number, to: number, limit: number): Promise<FlowLog[]> {
  const { rows } = await sql.query(
    `SELECT ${FLOW_SELECT} FROM "FlowLog"
      WHERE "clusterId" = $1 AND "endTime" > to_timestamp($2) AND "endTime" <= to_timestamp($3)
      ORDER BY "FlowLog"."endTime" DESC LIMIT $4`,
    [clusterId, from, to, limit],
  );
  return rows.map(toFlowLog);
}

/**
 * The flows (sum of numFlows) of denied records ending after `since` (UNIX seconds) whose source or
 * destination is one of `setNames` (a GlobalNetworkSet's aggregated name), per set; 0 for a set
 * without any.
 */
export async function countDeniedFlowsBySet(sql: SqlQueryable, clusterId: string, setNames: readonly string[], since: number): Promise<ReadonlyMap<string, number>> {
  if (setNames.length === 0) return new Map();
  const { rows } = await sql.query(
    `SELECT n AS "name", COALESCE(SUM("numFlows"), 0)::bigint AS "flows"
       FROM unnest($2::text[]) AS n
       LEFT JOIN "FlowLog" f ON f."clusterId" = $1 AND f."action" = 'deny' AND f."endTime" > to_timestamp($3)
        AND (f."destNameAggr" = n OR f."sourceNameAggr" = n)
      GROUP BY n`,
    [clusterId, [...setNames], since],
  );
  return new Map(rows.map((r) => [String(r.name), Number(r.flows)] as const));
}
