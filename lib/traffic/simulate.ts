/**
 * simulateInterval: one export interval of the embedded cluster's traffic. Every conversation
 * opens a jittered number of connections; each is judged by the policy engine and reported the
 * way felix reports it:
 *   - at the source (reporter src, egress verdict) when the source is a cluster endpoint;
 *   - at the destination (reporter dst, ingress verdict) when the destination is a cluster
 *     endpoint and the packet got there (an egress deny means no dst report);
 * so an external source has only a dst report and an external destination only a src report.
 * The enforced and pending traces come from the verdict and its staged counterpart. Level-0
 * records are then aggregated at the configured levels (felix defaults: allowed 2, denied 1).
 */
import type { CompiledPolicySet, Connection, DirectionVerdict, Peer, Verdict, WorkloadEndpoint } from "@/lib/policy";
import { evaluate, formatVerdictPolicies } from "@/lib/policy";
import type { AggregationLevel, DnsLog, FlowEndpoint, FlowLog, FlowService } from "@/lib/flows";
import { DEFAULT_AGGREGATION, FIELD_NOT_INCLUDED, aggregateFlowsByAction } from "@/lib/flows";
import type { Conversation, SimulationCluster, TrafficModel } from "@/lib/traffic/model";
import type { ClusterIndex } from "@/lib/traffic/resolve";
import { indexCluster, podFlowEndpoint } from "@/lib/traffic/resolve";
import type { Rng } from "@/lib/random";
import { buildDnsLogs, dnsConversations } from "@/lib/traffic/dns";

export interface SimulateOptions {
  readonly model: TrafficModel;
  readonly cluster: SimulationCluster;
  readonly policySet: CompiledPolicySet;
  /** Interval bounds, UNIX seconds (the caller's clock). */
  readonly start: number;
  readonly end: number;
  readonly rng: Rng;
  /** Felix's flowLogsFileAggregationKindForAllowed / ForDenied; default 2 / 1. */
  readonly aggregation?: { readonly allowed: AggregationLevel; readonly denied: AggregationLevel };
}

export interface SimulationResult {
  readonly flows: FlowLog[];
  readonly dns: DnsLog[];
  /** Conversations that could not be resolved against the cluster (id: reason). */
  readonly unresolved: string[];
}

/** A resolved side of a connection. */
interface Side {
  readonly peer: Peer;
  readonly flow: FlowEndpoint;
  readonly node?: string;
  readonly key: string;
}

interface Target {
  readonly sides: readonly Side[];
  readonly service: FlowService;
  readonly domain?: string;
}

const NO_SERVICE: FlowService = { namespace: FIELD_NOT_INCLUDED, name: FIELD_NOT_INCLUDED, portName: FIELD_NOT_INCLUDED, portNum: null };
const MSS = 1448;

function podSide(ep: WorkloadEndpoint, port: number | null): Side {
  const ip = ep.ips[0] ?? null;
  return { peer: { kind: "endpoint", endpoint: ep }, flow: podFlowEndpoint(ep, ip, port), key: `pod/${ep.namespace}/${ep.name}`, ...(ep.node !== undefined ? { node: ep.node } : {}) };
}

function sourcesOf(c: Conversation, idx: ClusterIndex): readonly Side[] {
  if (c.source.kind === "external") {
    return [{ peer: { kind: "external", ip: c.source.ip }, flow: idx.external(c.source.ip, null), key: `ip/${c.source.ip}` }];
  }
  return idx.workloadPods(c.source).map((p) => podSide(p, null));
}

function targetOf(c: Conversation, idx: ClusterIndex): Target | string {
  const t = c.target;
  switch (t.kind) {
    case "service": {
      const s = idx.service(t.namespace, t.name, t.port);
      if (s === undefined) return `service ${t.namespace}/${t.name} port ${t.port} not found`;
      if (s.backends.length === 0) return `service ${t.namespace}/${t.name} has no backing pods`;
      return { sides: s.backends.map((b) => podSide(b.endpoint, b.port)), service: s.flowService };
    }
    case "workload": {
      const pods = idx.workloadPods(t);
      return pods.length === 0 ? `workload ${t.namespace}/${t.workload} has no pods` : { sides: pods.map((p) => podSide(p, t.port)), service: NO_SERVICE };
    }
    case "external": {
      const side: Side = { peer: { kind: "external", ip: t.ip, ...(t.domain !== undefined ? { domain: t.domain } : {}) }, flow: idx.external(t.ip, t.port), key: `ip/${t.ip}` };
      return { sides: [side], service: NO_SERVICE, ...(t.domain !== undefined ? { domain: t.domain } : {}) };
    }
  }
}

function describe(s: Conversation["source"]): string {
  return s.kind === "workload" ? `${s.namespace}/${s.workload}` : s.ip;
}

/** Connections in the interval: rate × minutes with ±25 % jitter, the fraction rounded randomly. */
function connectionCount(rate: number, seconds: number, rng: Rng): number {
  const expected = (rate * seconds * (0.75 + 0.5 * rng.next())) / 60;
  return Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0);
}

function packets(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MSS));
}

interface Counters {
  readonly bytesOut: number;
  readonly bytesIn: number;
  readonly packetsOut: number;
  readonly packetsIn: number;
}

/** What the client sent and got back, seen from the client. */
function clientCounters(c: Conversation, delivered: boolean, answered: boolean, rng: Rng): Counters {
  const tcp = c.protocol === "TCP";
  const header = tcp ? 52 : 28;
  if (!delivered || !answered) {
    // Connection attempts only: TCP SYN retries, or the single UDP datagram.
    const tries = tcp ? rng.int(1, 3) : 1;
    const size = tcp ? 60 : rng.jitter(c.requestBytes, 0.3) + header;
    return { bytesOut: tries * size, packetsOut: tries, bytesIn: 0, packetsIn: 0 };
  }
  const rq = rng.jitter(c.requestBytes, 0.3);
  const rs = rng.jitter(c.responseBytes, 0.3);
  const po = packets(rq) + (tcp ? 3 : 0);
  const pi = packets(rs) + (tcp ? 2 : 0);
  return { bytesOut: rq + po * header, packetsOut: po, bytesIn: rs + pi * header, packetsIn: pi };
}

function record(base: Omit<FlowLog, "action" | "reporter" | "policies" | "bytesIn" | "bytesOut" | "packetsIn" | "packetsOut" | "host">, reporter: "src" | "dst", enforced: DirectionVerdict, pending: DirectionVerdict | null, k: Counters, host: string | undefined): FlowLog {
  const mirrored = reporter === "dst";
  return {
    ...base,
    ...(host !== undefined ? { host } : {}),
    action: enforced.action === "Allow" ? "allow" : "deny",
    reporter,
    policies: { enforced: formatVerdictPolicies(enforced), pending: formatVerdictPolicies(pending ?? enforced) },
    bytesIn: mirrored ? k.bytesOut : k.bytesIn,
    bytesOut: mirrored ? k.bytesIn : k.bytesOut,
    packetsIn: mirrored ? k.packetsOut : k.packetsIn,
    packetsOut: mirrored ? k.packetsIn : k.packetsOut,
  };
}

/**
 * Simulates one interval. Deterministic for a given rng state and inputs; pure (the interval
 * comes from the caller). Unresolvable conversations are skipped and listed. Never throws.
 */
export function simulateInterval(opts: SimulateOptions): SimulationResult {
  const { model, cluster, policySet, start, end, rng } = opts;
  const idx = indexCluster(cluster);
  const seconds = Math.max(0, end - start);
  const level0: FlowLog[] = [];
  const lookups = new Map<string, { client: Side; domain: string; ip: string; count: number }>();
  const unresolved: string[] = [];
  const verdicts = new Map<string, Verdict>();
  const conversations = [...model.conversations, ...dnsConversations(model)];

  for (const c of conversations) {
    const sources = sourcesOf(c, idx);
    const target = targetOf(c, idx);
    if (sources.length === 0) {
      unresolved.push(`${c.id}: source ${describe(c.source)} has no pods`);
      continue;
    }
    if (typeof target === "string") {
      unresolved.push(`${c.id}: ${target}`);
      continue;
    }
    const n = connectionCount(c.ratePerMinute / sources.length, seconds, rng) * sources.length;
    for (let i = 0; i < n; i++) {
      const src = sources[i % sources.length];
      const dst = rng.pick(target.sides);
      if (src === undefined || dst === undefined) continue;
      const sourcePort = rng.int(32768, 60999);
      const port = dst.flow.port ?? 0;
      const key = `${src.key}|${dst.key}|${c.protocol}|${port}`;
      let v = verdicts.get(key);
      if (v === undefined) {
        const conn: Connection = { source: src.peer, destination: dst.peer, protocol: c.protocol, port };
        v = evaluate(policySet, conn);
        verdicts.set(key, v);
      }
      const egressOk = v.egress === null || v.egress.action === "Allow";
      const ingressOk = v.ingress === null || v.ingress.action === "Allow";
      const k = clientCounters(c, egressOk, ingressOk, rng);
      const base = {
        startTime: start,
        endTime: end,
        source: { ...src.flow, port: sourcePort },
        dest: dst.flow,
        destService: target.service,
        destDomains: target.domain !== undefined ? [target.domain] : [],
        proto: c.protocol.toLowerCase(),
        numFlows: 1,
        numFlowsStarted: 1,
        numFlowsCompleted: 1,
      };
      if (v.egress !== null) level0.push(record(base, "src", v.egress, v.staged.egress, k, src.node));
      if (v.ingress !== null && egressOk) level0.push(record({ ...base, destDomains: [] }, "dst", v.ingress, v.staged.ingress, k, dst.node));
      if (target.domain !== undefined && src.peer.kind === "endpoint") {
        const lk = `${src.key}|${target.domain}`;
        const prev = lookups.get(lk);
        lookups.set(lk, { client: src, domain: target.domain, ip: dst.flow.ip ?? "", count: (prev?.count ?? 0) + 1 });
      }
    }
  }
  const dns = buildDnsLogs([...lookups.values()], model, idx, start, end, rng);
  return { flows: aggregateFlowsByAction(level0, opts.aggregation ?? DEFAULT_AGGREGATION), dns, unresolved };
}
