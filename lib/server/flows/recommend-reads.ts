import "server-only";
/**
 * The flows a recommendation is computed from: the allowed records of a time range, grouped in
 * SQL by every field the recommender reads (endpoints, labels, addresses, service, domains,
 * port, protocol, reporter) with their counters summed, so a long range costs one row per
 * distinct conversation; and the DNS clients of the range (who resolved names).
 */
import type { DnsLog, FlowLog } from "@/lib/flows";
import { getSql } from "@/lib/server/db";
import { toFlowLog } from "@/lib/server/flows/rows";
import { addTimeRange, WhereBuilder } from "@/lib/server/flows/where";

const GROUP_KEYS = [
  `"sourceType"`,
  `"sourceNamespace"`,
  `"sourceNameAggr"`,
  `"sourceIp"`,
  `"sourceLabels"`,
  `"destType"`,
  `"destNamespace"`,
  `"destNameAggr"`,
  `"destIp"`,
  `"destLabels"`,
  `"destServiceNamespace"`,
  `"destServiceName"`,
  `"destServicePortName"`,
  `"destServicePort"`,
  `"destDomains"`,
  `"destPort"`,
  `"proto"`,
  `"action"`,
  `"reporter"`,
];

/**
 * Allowed flows of [from, to) whose reporting side is in `namespaces` (all when omitted), as
 * synthetic FlowLogs (one per group; times = min start / max end; counters summed).
 */
export async function loadAllowedFlows(clusterId: string, from: number, to: number, namespaces?: readonly string[]): Promise<FlowLog[]> {
  const w = new WhereBuilder();
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  w.add(`"action" = 'allow'`);
  addTimeRange(w, from, to);
  if (namespaces !== undefined) {
    const p = w.param(namespaces);
    w.add(`(("reporter" = 'src' AND "sourceNamespace" = ANY(${p}::text[])) OR ("reporter" = 'dst' AND "destNamespace" = ANY(${p}::text[])))`);
  }
  const sql = await getSql();
  const { rows } = await sql.query(
    `SELECT ${GROUP_KEYS.join(", ")}, '-' AS "sourceName", '-' AS "destName",
            extract(epoch from min("startTime"))::float8 AS "startTime", extract(epoch from max("endTime"))::float8 AS "endTime",
            sum("numFlows")::bigint AS "numFlows", sum("numFlowsStarted")::bigint AS "numFlowsStarted", sum("numFlowsCompleted")::bigint AS "numFlowsCompleted",
            sum("bytesIn")::bigint AS "bytesIn", sum("bytesOut")::bigint AS "bytesOut", sum("packetsIn")::bigint AS "packetsIn", sum("packetsOut")::bigint AS "packetsOut",
            NULL AS "enforcedPolicies", NULL AS "pendingPolicies", NULL AS "transitPolicies", NULL AS "sourcePort", NULL AS "tcpStats"
       FROM "FlowLog" WHERE ${w.toSql()} GROUP BY ${GROUP_KEYS.join(", ")}
       ORDER BY min("startTime"), ${GROUP_KEYS.join(", ")}`,
    w.params,
  );
  return rows.map(toFlowLog);
}

/** The clients that resolved names in [from, to), as minimal DNS records (client fields only). */
export async function loadDnsClients(clusterId: string, from: number, to: number): Promise<DnsLog[]> {
  const w = new WhereBuilder();
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, from, to);
  const sql = await getSql();
  const { rows } = await sql.query<{ ns: string; aggr: string }>(
    `SELECT DISTINCT "clientNamespace" AS ns, "clientNameAggr" AS aggr FROM "DnsLog" WHERE ${w.toSql()} ORDER BY 1, 2`,
    w.params,
  );
  return rows.map((r) => ({
    startTime: from,
    endTime: to,
    type: "LOG" as const,
    count: 1,
    clientIp: null,
    clientName: "-",
    clientNameAggr: r.aggr,
    clientNamespace: r.ns,
    clientLabels: {},
    qname: "",
    qtype: "A",
    qclass: "IN",
    rcode: "NoError",
    rrsets: [],
    servers: [],
  }));
}
