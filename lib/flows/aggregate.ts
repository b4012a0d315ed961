/**
 * Flow-log aggregation levels as felix applies them (docs "Configure flow log aggregation";
 * felix/collector/flowlog NewFlowMeta): records that share the key of the level within one export
 * interval, reporter, node, action and enforced trace become one record whose counters are summed
 * and whose labels are the intersection.
 *
 *   0 AggregateNothing            nothing dropped
 *   1 AggregateSourcePorts        source port dropped
 *   2 AggregateIPsAndSourcePorts  also IPs dropped and names replaced by `-` (name_aggr stays)
 *   3 AggregateIPsAndPorts        also destination port and service port name dropped
 *
 * Calico's defaults: 2 for allowed flows, 1 for denied (flowLogsFileAggregationKindForAllowed /
 * ...ForDenied).
 */
import type { FlowEndpoint, FlowLabels, FlowLog, TcpStats } from "@/lib/flows/types";
import { FIELD_NOT_INCLUDED } from "@/lib/flows/types";

export const AGGREGATION_LEVELS = [0, 1, 2, 3] as const;
export type AggregationLevel = (typeof AGGREGATION_LEVELS)[number];

/** Felix defaults: allowed 2, denied 1. */
export const DEFAULT_AGGREGATION = { allowed: 2, denied: 1 } as const satisfies { allowed: AggregationLevel; denied: AggregationLevel };

function endpointAt(e: FlowEndpoint, level: AggregationLevel, side: "source" | "dest"): FlowEndpoint {
  const dropPort = side === "source" ? level >= 1 : level >= 3;
  const dropIdentity = level >= 2;
  return {
    ...e,
    ip: dropIdentity ? null : e.ip,
    name: dropIdentity ? FIELD_NOT_INCLUDED : e.name,
    port: dropPort ? null : e.port,
  };
}

/** The record's key fields at `level` (counters untouched). Never throws. */
export function toAggregationLevel(f: FlowLog, level: AggregationLevel): FlowLog {
  return {
    ...f,
    source: endpointAt(f.source, level, "source"),
    dest: endpointAt(f.dest, level, "dest"),
    destService: level >= 3 ? { ...f.destService, portName: FIELD_NOT_INCLUDED } : f.destService,
  };
}

function groupKey(f: FlowLog): string {
  const s = f.source;
  const d = f.dest;
  const enforced = [...(f.policies?.enforced ?? [])].sort().join(",");
  return [
    f.startTime, f.endTime, f.host ?? "", f.reporter, f.action, f.proto,
    s.type, s.namespace, s.name, s.nameAggr, s.ip ?? "", s.port ?? "",
    d.type, d.namespace, d.name, d.nameAggr, d.ip ?? "", d.port ?? "",
    f.destService.namespace, f.destService.name, f.destService.portName, f.destService.portNum ?? "",
    enforced,
  ].join("\u001f");
}

function intersect(a: FlowLabels | null, b: FlowLabels | null): FlowLabels | null {
  if (a === null) return b;
  if (b === null) return a;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (b[k] === v) out[k] = v;
  return out;
}

function mergeTcp(a: TcpStats | undefined, an: number, b: TcpStats | undefined, bn: number): TcpStats | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const wa = an / Math.max(1, an + bn);
  const mean = (x: number, y: number): number => Math.round(x * wa + y * (1 - wa));
  return {
    meanSendCongestionWindow: mean(a.meanSendCongestionWindow, b.meanSendCongestionWindow),
    minSendCongestionWindow: Math.min(a.minSendCongestionWindow, b.minSendCongestionWindow),
    meanSmoothRtt: mean(a.meanSmoothRtt, b.meanSmoothRtt),
    maxSmoothRtt: Math.max(a.maxSmoothRtt, b.maxSmoothRtt),
    meanMinRtt: mean(a.meanMinRtt, b.meanMinRtt),
    maxMinRtt: Math.max(a.maxMinRtt, b.maxMinRtt),
    meanMss: mean(a.meanMss, b.meanMss),
    minMss: Math.min(a.minMss, b.minMss),
    totalRetransmissions: a.totalRetransmissions + b.totalRetransmissions,
    lostPackets: a.lostPackets + b.lostPackets,
    unrecoveredTo: a.unrecoveredTo + b.unrecoveredTo,
  };
}

/**
 * Merges two records with the same aggregation key: counters summed, labels intersected, domains
 * united; the pending trace is the later record's (felix replaces it on every update).
 */
export function mergeFlowLogs(a: FlowLog, b: FlowLog): FlowLog {
  const tcp = mergeTcp(a.tcp, a.numFlows, b.tcp, b.numFlows);
  const domains = a.destDomains.length === 0 ? b.destDomains : b.destDomains.length === 0 ? a.destDomains : [...new Set([...a.destDomains, ...b.destDomains])];
  return {
    ...a,
    source: { ...a.source, labels: intersect(a.source.labels, b.source.labels) },
    dest: { ...a.dest, labels: intersect(a.dest.labels, b.dest.labels) },
    destDomains: domains,
    policies: b.policies === null ? a.policies : a.policies === null ? b.policies : { ...a.policies, pending: b.policies.pending },
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
    packetsIn: a.packetsIn + b.packetsIn,
    packetsOut: a.packetsOut + b.packetsOut,
    numFlows: a.numFlows + b.numFlows,
    numFlowsStarted: a.numFlowsStarted + b.numFlowsStarted,
    numFlowsCompleted: a.numFlowsCompleted + b.numFlowsCompleted,
    ...(tcp !== undefined ? { tcp } : {}),
  };
}

/**
 * Aggregates records to `level`, keeping first-seen order of the resulting records. Records
 * already coarser than `level` stay as coarse (aggregation cannot be undone). Pure; never throws.
 */
export function aggregateFlows(records: readonly FlowLog[], level: AggregationLevel): FlowLog[] {
  const groups = new Map<string, FlowLog>();
  for (const r of records) {
    const at = toAggregationLevel(r, level);
    const key = groupKey(at);
    const prev = groups.get(key);
    groups.set(key, prev === undefined ? at : mergeFlowLogs(prev, at));
  }
  return [...groups.values()];
}

/**
 * Aggregates allowed and denied records at their own levels, as felix's
 * flowLogsFileAggregationKindForAllowed / ForDenied do. Output: allowed records first.
 */
export function aggregateFlowsByAction(
  records: readonly FlowLog[],
  levels: { readonly allowed: AggregationLevel; readonly denied: AggregationLevel } = DEFAULT_AGGREGATION,
): FlowLog[] {
  return [
    ...aggregateFlows(records.filter((r) => r.action === "allow"), levels.allowed),
    ...aggregateFlows(records.filter((r) => r.action === "deny"), levels.denied),
  ];
}
