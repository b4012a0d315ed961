/**
 * The alertable data sets and their fields, spelled as Calico Enterprise indexes them (docs
 * "Flow log data types", "DNS logs"), and the mapping of Palisade's FlowLog / DnsLog onto them.
 * Calico's `-` ("not included") stays `-`, as it is stored; absent addresses and ports are null.
 * Labels are lists of `key=value` strings (how the docs query them: `dest_labels="app=db"`).
 */
import type { DnsLog, FlowLabels, FlowLog } from "@/lib/flows";
import { toDnsWireScalars, toFlowWireScalars } from "@/lib/flows";
import type { AlertRecord } from "@/lib/alerts/query-eval";

/** Data sets the engine evaluates; other GlobalAlert data sets are accepted but not evaluated. */
export const EVALUATED_DATA_SETS = ["flows", "dns"] as const;
export type EvaluatedDataSet = (typeof EVALUATED_DATA_SETS)[number];

/** Guard for the data sets this engine evaluates. */
export function isEvaluatedDataSet(value: string | undefined): value is EvaluatedDataSet {
  return value === "flows" || value === "dns";
}

/** Flow-log fields a query, aggregateBy or field may name. */
export const FLOW_FIELDS: readonly string[] = [
  "start_time", "end_time", "host",
  "source_type", "source_namespace", "source_name", "source_name_aggr", "source_ip", "source_port", "source_labels", "source_labels.labels",
  "dest_type", "dest_namespace", "dest_name", "dest_name_aggr", "dest_ip", "dest_port", "dest_labels", "dest_labels.labels",
  "dest_service_namespace", "dest_service_name", "dest_service_port", "dest_service_port_num", "dest_domains",
  "proto", "action", "reporter", "policies", "policies.all_policies", "policies.enforced_policies", "policies.pending_policies",
  "bytes_in", "bytes_out", "packets_in", "packets_out", "num_flows", "num_flows_started", "num_flows_completed",
];

/** DNS-log fields a query, aggregateBy or field may name. */
export const DNS_FIELDS: readonly string[] = [
  "start_time", "end_time", "host", "type", "count",
  "client_ip", "client_name", "client_name_aggr", "client_namespace", "client_labels", "client_labels.labels",
  "qname", "qtype", "qclass", "rcode",
  "rrsets.name", "rrsets.type", "rrsets.class", "rrsets.rdata",
  "servers.ip", "servers.name", "servers.name_aggr", "servers.namespace", "servers.labels",
  "latency_count", "latency_mean", "latency_max",
];

/** The field names of a data set. */
export function fieldsOf(dataSet: EvaluatedDataSet): ReadonlySet<string> {
  return dataSet === "flows" ? FLOW_FIELD_SET : DNS_FIELD_SET;
}

const FLOW_FIELD_SET: ReadonlySet<string> = new Set(FLOW_FIELDS);
const DNS_FIELD_SET: ReadonlySet<string> = new Set(DNS_FIELDS);

function labelList(labels: FlowLabels | null): readonly string[] {
  return labels === null ? [] : Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

/** A flow-log record under its Calico Enterprise field names. Never throws. */
export function toFlowAlertRecord(f: FlowLog): AlertRecord {
  const src = labelList(f.source.labels);
  const dst = labelList(f.dest.labels);
  const enforced = f.policies?.enforced ?? [];
  const pending = f.policies?.pending ?? [];
  return {
    ...toFlowWireScalars(f),
    host: f.host ?? null,
    source_labels: src,
    "source_labels.labels": src,
    dest_labels: dst,
    "dest_labels.labels": dst,
    dest_domains: f.destDomains,
    policies: enforced,
    "policies.all_policies": enforced,
    "policies.enforced_policies": enforced,
    "policies.pending_policies": pending,
  };
}

/** A DNS-log record under its Calico Enterprise field names. Never throws. */
export function toDnsAlertRecord(d: DnsLog): AlertRecord {
  const client = labelList(d.clientLabels);
  return {
    ...toDnsWireScalars(d),
    host: d.host ?? null,
    client_labels: client,
    "client_labels.labels": client,
    "rrsets.name": d.rrsets.map((r) => r.name),
    "rrsets.type": d.rrsets.map((r) => r.type),
    "rrsets.class": d.rrsets.map((r) => r.class),
    "rrsets.rdata": d.rrsets.flatMap((r) => r.rdata),
    "servers.ip": d.servers.map((s) => s.ip),
    "servers.name": d.servers.map((s) => s.name),
    "servers.name_aggr": d.servers.map((s) => s.nameAggr),
    "servers.namespace": d.servers.map((s) => s.namespace),
    "servers.labels": d.servers.flatMap((s) => labelList(s.labels)),
    latency_count: d.latencyCount ?? null,
    latency_mean: d.latencyMean ?? null,
    latency_max: d.latencyMax ?? null,
  };
}
