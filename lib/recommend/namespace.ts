/**
 * Namespace isolation (Calico's policy recommendation engine): one StagedNetworkPolicy per
 * namespace in tier `namespace-isolation`, selecting the namespace's pods, with ingress rules from
 * traffic arriving at the namespace and egress rules from traffic leaving it; peers written as
 * namespaces (intra-namespace traffic included, as Allow), network sets, domains, networks.
 */
import type { StagedNetworkPolicy } from "@/lib/calico/types";
import type { FlowLog } from "@/lib/flows";
import { workloadNameOf } from "@/lib/flows";
import { RecommendIndex } from "@/lib/recommend/cluster-index";
import { classifyPeer } from "@/lib/recommend/peers";
import type { PeerContext } from "@/lib/recommend/peers";
import { ANNOTATION_PREFIX, RuleAccumulator } from "@/lib/recommend/rules";
import type { RecommendCluster, RecommendOptions, Recommendation } from "@/lib/recommend/types";

/** Calico PRE's fixed tier name. */
export const NAMESPACE_ISOLATION_TIER = "namespace-isolation";
/** The tier order Calico's recommendation controller creates the tier with. */
export const NAMESPACE_ISOLATION_TIER_ORDER = 10000;

/** `namespace-isolation.<ns>-recommendation`, the name Calico PRE gives a namespace's recommendation. */
export function namespaceRecommendationName(namespace: string): string {
  return `${NAMESPACE_ISOLATION_TIER}.${namespace}-recommendation`;
}

export interface NamespacesInput {
  readonly flows: readonly FlowLog[];
  readonly cluster: RecommendCluster;
  /** Namespaces to recommend for; default every namespace of the cluster and of the flows. */
  readonly namespaces?: readonly string[];
  readonly options?: RecommendOptions;
}

function emptyPolicy(namespace: string): StagedNetworkPolicy {
  return {
    kind: "StagedNetworkPolicy",
    metadata: { name: namespaceRecommendationName(namespace), namespace, labels: { [`${ANNOTATION_PREFIX}/scope`]: "namespace" } },
    spec: { tier: NAMESPACE_ISOLATION_TIER, selector: `projectcalico.org/namespace == '${namespace}'`, types: ["Ingress", "Egress"], stagedAction: "Learn", ingress: [], egress: [] },
  };
}

/**
 * One pass over the flows for every namespace: a map namespace → recommendation, in namespace
 * order. A namespace without flows gets a policy without rules (state NoData). Deterministic;
 * never throws.
 */
export function recommendForNamespaces(input: NamespacesInput): ReadonlyMap<string, Recommendation<StagedNetworkPolicy>> {
  const options = input.options ?? {};
  const index = new RecommendIndex(input.cluster);
  const wanted = input.namespaces !== undefined ? new Set(input.namespaces) : undefined;
  const accs = new Map<string, { acc: RuleAccumulator; ctx: PeerContext; skipped: number }>();
  const slot = (ns: string) => {
    let s = accs.get(ns);
    if (s === undefined) {
      s = { acc: new RuleAccumulator(), ctx: { index, policyNamespace: ns, granularity: "namespace", clusterDomain: options.clusterDomain ?? "cluster.local" }, skipped: 0 };
      accs.set(ns, s);
    }
    return s;
  };
  for (const ns of wanted ?? input.cluster.namespaces.map((n) => n.name)) slot(ns);
  for (const flow of input.flows) {
    if (flow.action !== "allow") continue;
    const local = flow.reporter === "src" ? flow.source : flow.dest;
    if (local.type !== "wep" || (wanted !== undefined && !wanted.has(local.namespace))) continue;
    const s = slot(local.namespace);
    const direction = flow.reporter === "src" ? "egress" : "ingress";
    const peer = classifyPeer(flow, direction, s.ctx);
    if (peer === undefined || !s.acc.add(direction, flow, peer, `${local.namespace}/${workloadNameOf(local.nameAggr)}`)) s.skipped++;
  }
  const resolving = new Set((options.dnsLogs ?? []).map((d) => d.clientNamespace));
  const out = new Map<string, Recommendation<StagedNetworkPolicy>>();
  for (const ns of [...accs.keys()].sort()) {
    const { acc, skipped } = accs.get(ns) ?? slot(ns);
    const base = emptyPolicy(ns);
    const egressDns = acc.write("egress", undefined).evidence.some((e) => e.scope === "Dns" || e.scope === "Domains");
    if (egressDns || resolving.has(ns)) acc.ensureDns();
    const ingress = acc.write("ingress", options.now);
    const egress = acc.write("egress", options.now);
    const policy: StagedNetworkPolicy = {
      ...base,
      metadata: { ...base.metadata, ...(options.now !== undefined ? { annotations: { [`${ANNOTATION_PREFIX}/lastUpdated`]: new Date(options.now * 1000).toISOString().replace(/\.000Z$/, "Z") } } : {}) },
      spec: { ...base.spec, ingress: ingress.rules, egress: egress.rules },
    };
    out.set(ns, { policy, evidence: [...ingress.evidence, ...egress.evidence], flowsUsed: acc.used, flowsSkipped: skipped, ...(acc.used > 0 ? { firstSeen: acc.first, lastSeen: acc.last } : {}) });
  }
  return out;
}

/**
 * The namespace-isolation recommendation for one namespace: StagedNetworkPolicy
 * `namespace-isolation.<ns>-recommendation` in tier `namespace-isolation`, selector
 * `projectcalico.org/namespace == '<ns>'`, types Ingress and Egress, stagedAction Learn.
 */
export function recommendForNamespace(input: { readonly namespace: string; readonly flows: readonly FlowLog[]; readonly cluster: RecommendCluster; readonly options?: RecommendOptions }): Recommendation<StagedNetworkPolicy> {
  const all = recommendForNamespaces({ flows: input.flows, cluster: input.cluster, namespaces: [input.namespace], ...(input.options !== undefined ? { options: input.options } : {}) });
  const rec = all.get(input.namespace);
  // recommendForNamespaces always answers for every namespace it was asked about.
  return rec ?? { policy: emptyPolicy(input.namespace), evidence: [], flowsUsed: 0, flowsSkipped: 0 };
}
