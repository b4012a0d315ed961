/**
 * Lookups the recommender makes per flow, memoised so a million flows cost a few map reads each:
 * the pods behind an aggregated workload name, their selector, network sets by name and by the
 * address they contain, services by name.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { Cidr } from "@/lib/net/ip";
import { cidrHas, parseCidrOrIp, parseIp } from "@/lib/net/ip";
import { aggregatedPodName, workloadNameOf } from "@/lib/flows";
import type { Labels, ServiceModel, WorkloadEndpoint } from "@/lib/policy";
import { commonLabels, isStableLabelKey, workloadSelector } from "@/lib/recommend/labels";
import type { RecommendCluster } from "@/lib/recommend/types";

type AnySet = NetworkSet | GlobalNetworkSet;

/** The network set an address belongs to, with the prefix length that matched. */
export interface SetMatch {
  readonly set: AnySet;
  readonly prefix: number;
}

function stableOnly(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (isStableLabelKey(k)) out[k] = v;
  return out;
}

/** Memoised cluster lookups for one recommendation run. Build once per run; never throws. */
export class RecommendIndex {
  private readonly byWorkload = new Map<string, WorkloadEndpoint[]>();
  private readonly selectors = new Map<string, string>();
  private readonly setNets: { readonly set: AnySet; readonly cidr: Cidr }[] = [];
  private readonly setByIp = new Map<string, SetMatch | null>();
  private readonly sets = new Map<string, AnySet>();
  private readonly services = new Map<string, ServiceModel>();
  private readonly serving = new Map<string, boolean>();

  constructor(readonly cluster: RecommendCluster) {
    const sorted = [...cluster.endpoints].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
    for (const ep of sorted) {
      const aggr = aggregatedPodName(ep.name, ep.labels);
      for (const key of new Set([`${ep.namespace}/${aggr}`, `${ep.namespace}/${workloadNameOf(aggr)}`])) {
        const list = this.byWorkload.get(key) ?? [];
        list.push(ep);
        this.byWorkload.set(key, list);
      }
    }
    for (const s of cluster.networkSets) {
      this.sets.set(RecommendIndex.setKey(s.kind === "NetworkSet" ? (s.metadata.namespace ?? "default") : "-", s.metadata.name), s);
      for (const n of s.spec.nets ?? []) {
        const cidr = parseCidrOrIp(n);
        if (cidr !== undefined) this.setNets.push({ set: s, cidr });
      }
    }
    for (const svc of cluster.services) this.services.set(`${svc.namespace}/${svc.name}`, svc);
  }

  static setKey(namespace: string, name: string): string {
    return `${namespace === "" ? "-" : namespace}/${name}`;
  }

  /** Pods of a workload, by aggregated name (`frontend-7d8f9c6b5-*`) or workload name (`frontend`), sorted by name. */
  podsOf(namespace: string, workload: string): readonly WorkloadEndpoint[] {
    return this.byWorkload.get(`${namespace}/${workload}`) ?? this.byWorkload.get(`${namespace}/${workloadNameOf(workload)}`) ?? [];
  }

  /**
   * The selector of a workload: from the stable labels common to its pods, or, when no pod runs
   * any more, from the flow's labels (already the intersection over the aggregated pods).
   */
  selectorOf(namespace: string, workload: string, flowLabels: Labels | null): string {
    const key = `${namespace}/${workload}`;
    const memo = this.selectors.get(key);
    if (memo !== undefined) return memo;
    const pods = this.podsOf(namespace, workload);
    const labels = pods.length > 0 ? commonLabels(pods.map((p) => stableOnly(p.labels))) : stableOnly(flowLabels ?? {});
    const sel = workloadSelector(labels);
    this.selectors.set(key, sel);
    return sel;
  }

  /** A network set by namespace (`-` for global) and name. */
  networkSet(namespace: string, name: string): AnySet | undefined {
    return this.sets.get(RecommendIndex.setKey(namespace, name)) ?? (namespace !== "-" ? undefined : this.sets.get(RecommendIndex.setKey("-", name)));
  }

  /** The network set whose nets contain `ip` with the longest prefix (ties: set kind/namespace/name). */
  networkSetOf(ip: string): SetMatch | undefined {
    const memo = this.setByIp.get(ip);
    if (memo !== undefined) return memo ?? undefined;
    const addr = parseIp(ip);
    let best: SetMatch | undefined;
    if (addr !== undefined) {
      for (const { set, cidr } of this.setNets) {
        if (!cidrHas(cidr, addr)) continue;
        const better = best === undefined || cidr.prefix > best.prefix || (cidr.prefix === best.prefix && setName(set) < setName(best.set));
        if (better) best = { set, prefix: cidr.prefix };
      }
    }
    this.setByIp.set(ip, best ?? null);
    return best;
  }

  service(namespace: string, name: string): ServiceModel | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /**
   * Whether Service `svcNs/svcName` exists, backs the workload's pods and targets `port` (over `protocol`, upper case) on them
   * — the conditions under which a `destination.services` rule matches the flow (Calico matches
   * a service rule on its backing pods' target ports only). Memoised.
   */
  servesFlow(svcNs: string, svcName: string, podNs: string, workload: string, port: number | null, protocol: string): boolean {
    const key = `${svcNs}/${svcName}|${podNs}/${workload}|${port ?? ""}|${protocol}`;
    const memo = this.serving.get(key);
    if (memo !== undefined) return memo;
    const svc = this.service(svcNs, svcName);
    const pods = this.podsOf(podNs, workload);
    const sel = Object.entries(svc?.selector ?? {});
    const ok =
      svc !== undefined &&
      port !== null &&
      pods.length > 0 &&
      svcNs === podNs &&
      sel.length > 0 &&
      pods.every((p) => sel.every(([k, v]) => p.labels[k] === v)) &&
      svc.ports.some((sp) => {
        if ((sp.protocol ?? "TCP") !== protocol) return false;
        const target = sp.targetPort ?? sp.port;
        return typeof target === "number" ? target === port : pods.every((p) => p.ports?.some((n) => n.name === target && n.port === port) === true);
      });
    this.serving.set(key, ok);
    return ok;
  }
}

function setName(s: AnySet): string {
  return `${s.kind}/${s.metadata.namespace ?? ""}/${s.metadata.name}`;
}
