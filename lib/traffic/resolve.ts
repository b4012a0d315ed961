/**
 * Resolution of the model's names against the cluster: workloads to pods, Service ports to
 * backing pods and target ports (as kube-proxy's DNAT does), external addresses to network sets
 * (longest prefix wins, as felix picks among matching NetworkSets) or pub/pvt.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { Cidr } from "@/lib/net/ip";
import { cidrContains, parseCidrOrIp } from "@/lib/net/ip";
import type { FlowEndpoint, FlowService } from "@/lib/flows";
import { FIELD_NOT_INCLUDED, aggregatedPodName, netClassOf } from "@/lib/flows";
import type { EndpointModel, ServiceModel, WorkloadEndpoint } from "@/lib/policy";
import type { SimulationCluster, WorkloadRef } from "@/lib/traffic/model";
import { selectorMapMatches } from "@/lib/cluster/services";

export interface Backend {
  readonly endpoint: WorkloadEndpoint;
  readonly port: number;
}

export interface ResolvedService {
  readonly service: ServiceModel;
  readonly flowService: FlowService;
  readonly protocol: "TCP" | "UDP" | "SCTP";
  readonly backends: readonly Backend[];
}

interface IndexedSet {
  readonly set: NetworkSet | GlobalNetworkSet;
  readonly cidrs: readonly Cidr[];
}

/** Lookup tables over one cluster snapshot. */
export interface ClusterIndex {
  workloadPods(ref: WorkloadRef): readonly WorkloadEndpoint[];
  service(namespace: string, name: string, port: number): ResolvedService | undefined;
  external(ip: string, port: number | null): FlowEndpoint;
}

function isWorkload(ep: EndpointModel): ep is WorkloadEndpoint {
  return ep.kind === "workload";
}

/** The flow-log view of a pod. */
export function podFlowEndpoint(ep: WorkloadEndpoint, ip: string | null, port: number | null): FlowEndpoint {
  return { type: "wep", namespace: ep.namespace, name: ep.name, nameAggr: aggregatedPodName(ep.name, ep.labels), ip, port, labels: ep.labels };
}

/** Builds the lookup tables. Never throws; unparseable network-set CIDRs are ignored. */
export function indexCluster(cluster: SimulationCluster): ClusterIndex {
  const pods = cluster.endpoints.filter(isWorkload);
  const byNs = new Map<string, WorkloadEndpoint[]>();
  for (const p of pods) byNs.set(p.namespace, [...(byNs.get(p.namespace) ?? []), p]);
  const services = new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const sets: IndexedSet[] = (cluster.networkSets ?? []).map((set) => ({
    set,
    cidrs: (set.spec.nets ?? []).map(parseCidrOrIp).filter((c): c is Cidr => c !== undefined),
  }));

  const workloadPods = (ref: WorkloadRef): readonly WorkloadEndpoint[] =>
    (byNs.get(ref.namespace) ?? []).filter((p) => p.labels.app === ref.workload || p.labels["k8s-app"] === ref.workload || p.name === ref.workload);

  const service = (namespace: string, name: string, port: number): ResolvedService | undefined => {
    const svc = services.get(`${namespace}/${name}`);
    const sp = svc?.ports.find((p) => p.port === port);
    if (svc === undefined || sp === undefined) return undefined;
    const backends: Backend[] = [];
    for (const ep of byNs.get(namespace) ?? []) {
      if (!selectorMapMatches(svc.selector, ep.labels)) continue;
      const target = sp.targetPort ?? sp.port;
      const resolved = typeof target === "number" ? target : ep.ports?.find((p) => p.name === target)?.port;
      if (resolved !== undefined) backends.push({ endpoint: ep, port: resolved });
    }
    return {
      service: svc,
      flowService: { namespace, name, portName: sp.name !== undefined && sp.name !== "" ? sp.name : FIELD_NOT_INCLUDED, portNum: sp.port },
      protocol: sp.protocol ?? "TCP",
      backends,
    };
  };

  const external = (ip: string, port: number | null): FlowEndpoint => {
    const addr = parseCidrOrIp(ip);
    let best: IndexedSet | undefined;
    let bestPrefix = -1;
    if (addr !== undefined) {
      for (const s of sets) {
        for (const c of s.cidrs) {
          if (c.prefix > bestPrefix && cidrContains(c, addr)) {
            best = s;
            bestPrefix = c.prefix;
          }
        }
      }
    }
    if (best !== undefined) {
      const { metadata } = best.set;
      const namespace = best.set.kind === "NetworkSet" ? (metadata.namespace ?? "default") : FIELD_NOT_INCLUDED;
      return { type: "ns", namespace, name: metadata.name, nameAggr: metadata.name, ip, port, labels: metadata.labels ?? {} };
    }
    return { type: "net", namespace: FIELD_NOT_INCLUDED, name: FIELD_NOT_INCLUDED, nameAggr: netClassOf(ip), ip, port, labels: {} };
  };

  return { workloadPods, service, external };
}
