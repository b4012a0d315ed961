import "server-only";
/** Reading stored DNS logs: newest-first keyset pages with time, namespace and name filters. */
import { BadRequestError } from "@/lib/errors";
import type { DnsLogPage, DnsLogQuery, DnsRowView } from "@/lib/contracts/flows";
import type { DnsRRSet, DnsServer, FlowLabels } from "@/lib/flows";
import { getSql } from "@/lib/server/db";
import { getCluster } from "@/lib/server/cluster/registry";
import { addTimeRange, likePattern, WhereBuilder } from "@/lib/server/flows/where";

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const text = (v: unknown): string => (typeof v === "string" ? v : "-");

function toDnsRow(r: Readonly<Record<string, unknown>>): DnsRowView {
  // JSONB columns written by ingestDnsLogs from the DnsLog model (lib/server/flows/rows.ts).
  const labels = (r.clientLabels ?? {}) as FlowLabels;
  return {
    id: String(r.id),
    startTime: Math.floor(num(r.startTime)),
    endTime: Math.floor(num(r.endTime)),
    type: r.type === "UNLOGGED" ? "UNLOGGED" : "LOG",
    count: num(r.count),
    clientIp: typeof r.clientIp === "string" ? r.clientIp : null,
    clientName: text(r.clientName),
    clientNameAggr: text(r.clientNameAggr),
    clientNamespace: text(r.clientNamespace),
    clientLabels: labels,
    qname: text(r.qname),
    qtype: text(r.qtype),
    qclass: text(r.qclass),
    rcode: text(r.rcode),
    rrsets: (r.rrsets ?? []) as DnsRRSet[], // written from DnsLog.rrsets
    servers: (r.servers ?? []) as DnsServer[], // written from DnsLog.servers
    ...(r.latencyCount !== null && r.latencyCount !== undefined ? { latencyCount: num(r.latencyCount) } : {}),
    ...(r.latencyMean !== null && r.latencyMean !== undefined ? { latencyMean: num(r.latencyMean) } : {}),
    ...(r.latencyMax !== null && r.latencyMax !== undefined ? { latencyMax: num(r.latencyMax) } : {}),
    ...(typeof r.host === "string" ? { host: r.host } : {}),
  };
}

/** One page of DNS logs, newest first. Throws NotFoundError (cluster), BadRequestError (cursor). */
export async function listDnsLogs(clusterId: string, q: DnsLogQuery): Promise<DnsLogPage> {
  await getCluster(clusterId);
  const w = new WhereBuilder().scopeToCaller([`"clientNamespace"`]);
  w.add(`"clusterId" = ${w.param(clusterId)}`);
  addTimeRange(w, q.from, q.to);
  if (q.namespace !== undefined && q.namespace.length > 0) w.add(`"clientNamespace" = ANY(${w.param(q.namespace)}::text[])`);
  if (q.qname !== undefined && q.qname !== "") w.add(`"qname" ILIKE ${w.param(likePattern(q.qname))}`);
  if (q.cursor !== undefined) {
    const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(q.cursor, "base64url").toString("utf8"));
    if (m === null) throw new BadRequestError("invalid cursor: pass the `next` value of the previous page");
    w.add(`("startTime", "id") < (to_timestamp(${w.param(Number(m[1]) / 1000)}), ${w.param(m[2])}::bigint)`);
  }
  const sql = await getSql();
  // Qualified ORDER BY: a bare "startTime" would bind to the epoch alias and defeat the index.
  const { rows } = await sql.query(
    `SELECT "id", "type", "count", "clientIp", "clientName", "clientNameAggr", "clientNamespace", "clientLabels", "qname", "qtype", "qclass", "rcode",
            "rrsets", "servers", "latencyCount", "latencyMean", "latencyMax", "host",
            extract(epoch from "startTime")::float8 AS "startTime", extract(epoch from "endTime")::float8 AS "endTime",
            (extract(epoch from "startTime") * 1000)::bigint AS "ms"
       FROM "DnsLog" WHERE ${w.toSql()} ORDER BY "DnsLog"."startTime" DESC, "DnsLog"."id" DESC LIMIT ${w.param(q.limit + 1)}`,
    w.params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toDnsRow),
    ...(rows.length > q.limit && last !== undefined ? { next: Buffer.from(`${String(last.ms)}.${String(last.id)}`, "utf8").toString("base64url") } : {}),
  };
}
