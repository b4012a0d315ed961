/**
 * Writing FlowLog / DnsLog back in Calico's JSON spelling (felix JSONOutput): the export format
 * and the round-trip partner of parse.ts. Label maps become `{"labels": ["k=v", ...]}` sorted by
 * key, missing ports and IPs become null, exactly as felix writes them.
 */
import type { DnsLog, FlowLabels, FlowLog } from "@/lib/flows/types";

/** Labels in felix's flattened form, sorted for stable output. */
export function flattenLabels(labels: FlowLabels): string[] {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ""}`);
}

function labelsOut(labels: FlowLabels | null): { labels: string[] } | null {
  return labels === null ? null : { labels: flattenLabels(labels) };
}

/** A scalar field value in Calico's flow-log and DNS-log JSON. */
export type WireScalar = string | number | null;

/**
 * The scalar fields of a flow record under Calico's snake_case names (felix JSONOutput, the
 * names Calico Enterprise indexes and alerts query): the one place that spells them. `host`,
 * labels, domains, policies and TCP statistics are left to the callers, which shape them
 * differently (JSON export, alert records). Never throws.
 */
export function toFlowWireScalars(f: FlowLog): Readonly<Record<string, WireScalar>> {
  return {
    start_time: f.startTime,
    end_time: f.endTime,
    source_ip: f.source.ip,
    source_name: f.source.name,
    source_name_aggr: f.source.nameAggr,
    source_namespace: f.source.namespace,
    source_port: f.source.port,
    source_type: f.source.type,
    dest_ip: f.dest.ip,
    dest_name: f.dest.name,
    dest_name_aggr: f.dest.nameAggr,
    dest_namespace: f.dest.namespace,
    dest_port: f.dest.port,
    dest_type: f.dest.type,
    dest_service_namespace: f.destService.namespace,
    dest_service_name: f.destService.name,
    dest_service_port: f.destService.portName,
    dest_service_port_num: f.destService.portNum,
    proto: f.proto,
    action: f.action,
    reporter: f.reporter,
    bytes_in: f.bytesIn,
    bytes_out: f.bytesOut,
    packets_in: f.packetsIn,
    packets_out: f.packetsOut,
    num_flows: f.numFlows,
    num_flows_started: f.numFlowsStarted,
    num_flows_completed: f.numFlowsCompleted,
  };
}

/** The record as Calico flow-log JSON (snake_case field names). Never throws. */
export function toFlowWire(f: FlowLog): Record<string, unknown> {
  const t = f.tcp;
  return {
    ...(f.host !== undefined ? { host: f.host } : {}),
    ...toFlowWireScalars(f),
    source_labels: labelsOut(f.source.labels),
    dest_labels: labelsOut(f.dest.labels),
    dest_domains: f.destDomains.length > 0 ? [...f.destDomains] : null,
    policies:
      f.policies === null
        ? null
        : {
            enforced_policies: [...f.policies.enforced],
            pending_policies: [...f.policies.pending],
            ...(f.policies.transit !== undefined ? { transit_policies: [...f.policies.transit] } : {}),
          },
    ...(t !== undefined
      ? {
          tcp_mean_send_congestion_window: t.meanSendCongestionWindow,
          tcp_min_send_congestion_window: t.minSendCongestionWindow,
          tcp_mean_smooth_rtt: t.meanSmoothRtt,
          tcp_max_smooth_rtt: t.maxSmoothRtt,
          tcp_mean_min_rtt: t.meanMinRtt,
          tcp_max_min_rtt: t.maxMinRtt,
          tcp_mean_mss: t.meanMss,
          tcp_min_mss: t.minMss,
          tcp_total_retransmissions: t.totalRetransmissions,
          tcp_lost_packets: t.lostPackets,
          tcp_unrecovered_to: t.unrecoveredTo,
        }
      : {}),
  };
}

/** The scalar fields of a DNS-log record under Calico's names (see toFlowWireScalars). Never throws. */
export function toDnsWireScalars(d: DnsLog): Readonly<Record<string, WireScalar>> {
  return {
    start_time: d.startTime,
    end_time: d.endTime,
    type: d.type,
    count: d.count,
    client_ip: d.clientIp,
    client_name: d.clientName,
    client_name_aggr: d.clientNameAggr,
    client_namespace: d.clientNamespace,
    qname: d.qname,
    qtype: d.qtype,
    qclass: d.qclass,
    rcode: d.rcode,
  };
}

/** The record as Calico DNS-log JSON. Never throws. */
export function toDnsWire(d: DnsLog): Record<string, unknown> {
  return {
    ...toDnsWireScalars(d),
    client_labels: { labels: flattenLabels(d.clientLabels) },
    rrsets: d.rrsets.map((r) => ({ name: r.name, type: r.type, class: r.class, rdata: [...r.rdata] })),
    servers: d.servers.map((s) => ({ ip: s.ip, name: s.name, name_aggr: s.nameAggr, namespace: s.namespace, labels: { labels: flattenLabels(s.labels) } })),
    ...(d.latencyCount !== undefined ? { latency_count: d.latencyCount } : {}),
    ...(d.latencyMean !== undefined ? { latency_mean: d.latencyMean } : {}),
    ...(d.latencyMax !== undefined ? { latency_max: d.latencyMax } : {}),
    ...(d.host !== undefined ? { host: d.host } : {}),
  };
}

/** Newline-delimited Calico JSON, one record per line (the flows.log format). */
export function toFlowJsonLines(records: readonly FlowLog[]): string {
  return records.map((r) => JSON.stringify(toFlowWire(r))).join("\n") + (records.length > 0 ? "\n" : "");
}
