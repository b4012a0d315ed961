/**
 * DNS in the simulation: the UDP/53 conversations every client workload has with the cluster's
 * DNS service (so they show in flows and policies must allow them), and the DNS-log records for
 * the external names clients look up before connecting.
 */
import type { DnsLog, DnsServer } from "@/lib/flows";
import { aggregatedPodName } from "@/lib/flows";
import type { Conversation, TrafficModel } from "@/lib/traffic/model";
import type { ClusterIndex } from "@/lib/traffic/resolve";
import type { Rng } from "@/lib/random";
import type { FlowEndpoint } from "@/lib/flows";

const DEFAULT_DNS_RATE = 4;

/**
 * One DNS conversation per distinct client workload of the model: base rate plus one lookup per
 * connection to a domain. Empty when the model names no DNS service.
 */
export function dnsConversations(model: TrafficModel): Conversation[] {
  const dns = model.dnsService;
  if (dns === undefined) return [];
  const rates = new Map<string, { ns: string; wl: string; rate: number }>();
  for (const c of model.conversations) {
    if (c.source.kind !== "workload") continue;
    const key = `${c.source.namespace}/${c.source.workload}`;
    const extra = c.target.kind === "external" && c.target.domain !== undefined ? c.ratePerMinute : 0;
    const prev = rates.get(key);
    rates.set(key, { ns: c.source.namespace, wl: c.source.workload, rate: (prev?.rate ?? model.dnsRatePerMinute ?? DEFAULT_DNS_RATE) + extra });
  }
  return [...rates.entries()].map(([key, r]) => ({
    id: `dns/${key}`,
    app: "dns",
    source: { kind: "workload", namespace: r.ns, workload: r.wl },
    target: { kind: "service", namespace: dns.namespace, name: dns.name, port: dns.port },
    protocol: "UDP",
    ratePerMinute: r.rate,
    requestBytes: 74,
    responseBytes: 160,
  }));
}

export interface Lookup {
  readonly client: { readonly flow: FlowEndpoint; readonly node?: string };
  readonly domain: string;
  readonly ip: string;
  readonly count: number;
}

function serverOf(model: TrafficModel, idx: ClusterIndex): DnsServer[] {
  const dns = model.dnsService;
  const backend = dns !== undefined ? idx.service(dns.namespace, dns.name, dns.port)?.backends[0] : undefined;
  if (backend === undefined) return [];
  const ep = backend.endpoint;
  return [{ ip: ep.ips[0] ?? "", name: ep.name, nameAggr: aggregatedPodName(ep.name, ep.labels), namespace: ep.namespace, labels: ep.labels }];
}

/** DNS-log records (type LOG, A queries answered NoError) for the lookups of one interval. */
export function buildDnsLogs(lookups: readonly Lookup[], model: TrafficModel, idx: ClusterIndex, start: number, end: number, rng: Rng): DnsLog[] {
  const servers = serverOf(model, idx);
  return lookups.map((l) => {
    const mean = rng.jitter(1_500_000, 0.5);
    return {
      startTime: start,
      endTime: end,
      type: "LOG",
      count: l.count,
      clientIp: l.client.flow.ip,
      clientName: l.client.flow.name,
      clientNameAggr: l.client.flow.nameAggr,
      clientNamespace: l.client.flow.namespace,
      clientLabels: l.client.flow.labels ?? {},
      qname: l.domain,
      qtype: "A",
      qclass: "IN",
      rcode: "NoError",
      rrsets: [{ name: l.domain, type: "A", class: "IN", rdata: [l.ip] }],
      servers,
      latencyCount: l.count,
      latencyMean: mean,
      latencyMax: mean + rng.jitter(800_000, 0.5),
      ...(l.client.node !== undefined ? { host: l.client.node } : {}),
    };
  });
}
