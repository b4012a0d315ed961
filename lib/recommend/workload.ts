/**
 * recommendForWorkload: the single-workload wizard's engine. Ingress rules from the allowed flows
 * the workload's pods reported as destination, egress rules from those they reported as source.
 */
import type { NetworkPolicy } from "@/lib/calico/types";
import { canonicalPolicyName, DEFAULT_TIER } from "@/lib/calico";
import type { DnsLog, FlowEndpoint, FlowLog } from "@/lib/flows";
import { workloadNameOf } from "@/lib/flows";
import { RecommendIndex } from "@/lib/recommend/cluster-index";
import { classifyPeer } from "@/lib/recommend/peers";
import type { PeerContext } from "@/lib/recommend/peers";
import { ANNOTATION_PREFIX, RuleAccumulator } from "@/lib/recommend/rules";
import type { RecommendCluster, RecommendOptions, Recommendation, RuleDirection } from "@/lib/recommend/types";

export interface WorkloadOptions extends RecommendOptions {
  /** Tier of the policy; default `default`. */
  readonly tier?: string;
  /** Order in the tier; none = after every ordered policy (Calico's default). */
  readonly order?: number;
  /** Policy name without the tier prefix; default `<workload>-recommendation`. */
  readonly name?: string;
}

export interface WorkloadInput {
  readonly namespace: string;
  /** Aggregated name (`frontend-7d8f9c6b5-*`, `centos`) or workload name (`frontend`). */
  readonly workload: string;
  readonly flows: readonly FlowLog[];
  readonly cluster: RecommendCluster;
  readonly options?: WorkloadOptions;
}

/** Whether a flow endpoint is one of the workload's pods. */
export function isWorkloadEndpoint(ep: FlowEndpoint, namespace: string, workload: string): boolean {
  return ep.type === "wep" && ep.namespace === namespace && (ep.nameAggr === workload || workloadNameOf(ep.nameAggr) === workload);
}

function resolvesNames(dns: readonly DnsLog[] | undefined, namespace: string, workload: string): boolean {
  return (dns ?? []).some((d) => d.clientNamespace === namespace && (d.clientNameAggr === workload || workloadNameOf(d.clientNameAggr) === workload));
}

/**
 * Proposes a NetworkPolicy for one workload from the flows of a time range: only allowed flows
 * count; egress from records reported at the source (`src`), ingress from records reported at
 * the destination (`dst`). Selector = the workload's stable labels. Types are always Ingress and
 * Egress, so traffic that was not observed is left to the tier's end (deny). Deterministic:
 * identical input gives an identical policy. Never throws.
 */
export function recommendForWorkload(input: WorkloadInput): Recommendation<NetworkPolicy> {
  const { namespace, workload, flows, cluster } = input;
  const options = input.options ?? {};
  const index = new RecommendIndex(cluster);
  const ctx: PeerContext = { index, policyNamespace: namespace, granularity: "workload", clusterDomain: options.clusterDomain ?? "cluster.local" };
  const acc = new RuleAccumulator();
  const local = `${namespace}/${workloadNameOf(workload)}`;
  let skipped = 0;
  let labels: FlowEndpoint["labels"] = null;
  for (const flow of flows) {
    if (flow.action !== "allow") continue;
    const direction: RuleDirection | undefined =
      flow.reporter === "src" && isWorkloadEndpoint(flow.source, namespace, workload) ? "egress" : flow.reporter === "dst" && isWorkloadEndpoint(flow.dest, namespace, workload) ? "ingress" : undefined;
    if (direction === undefined) continue;
    labels ??= direction === "egress" ? flow.source.labels : flow.dest.labels;
    const peer = classifyPeer(flow, direction, ctx);
    if (peer === undefined || !acc.add(direction, flow, peer, local)) skipped++;
  }
  const egressDns = acc.write("egress", undefined).evidence.some((e) => e.scope === "Dns" || e.scope === "Domains");
  if (egressDns || resolvesNames(options.dnsLogs, namespace, workload)) acc.ensureDns();
  const ingress = acc.write("ingress", options.now);
  const egress = acc.write("egress", options.now);
  const tier = options.tier ?? DEFAULT_TIER;
  const name = canonicalPolicyName(tier, options.name ?? `${workloadNameOf(workload)}-recommendation`);
  const policy: NetworkPolicy = {
    kind: "NetworkPolicy",
    metadata: {
      name,
      namespace,
      ...(options.now !== undefined ? { annotations: { [`${ANNOTATION_PREFIX}/lastUpdated`]: new Date(options.now * 1000).toISOString().replace(/\.000Z$/, "Z") } } : {}),
    },
    spec: {
      tier,
      ...(options.order !== undefined ? { order: options.order } : {}),
      selector: index.selectorOf(namespace, workload, labels),
      types: ["Ingress", "Egress"],
      ingress: ingress.rules,
      egress: egress.rules,
    },
  };
  return {
    policy,
    evidence: [...ingress.evidence, ...egress.evidence],
    flowsUsed: acc.used,
    flowsSkipped: skipped,
    ...(acc.used > 0 ? { firstSeen: acc.first, lastSeen: acc.last } : {}),
  };
}
