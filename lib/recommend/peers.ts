/**
 * How the remote side of an observed flow is written in a rule, in order of preference:
 * kube-dns → a Service (egress) → a workload selector in the same namespace → a namespace
 * selector plus workload selector elsewhere → a network set containing the address → the
 * destination's domains (egress) → the address as /32 or /128 → RFC 1918 (`pvt`) → port-only
 * (`pub`, Calico PRE's public mop-up: the address was aggregated away, so nothing narrower is
 * known). Namespace granularity (namespace isolation) writes workload peers as whole namespaces,
 * as Calico PRE's namespace rules do.
 */
import type { EntityRule, GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
import { workloadNameOf } from "@/lib/flows";
import type { RecommendIndex } from "@/lib/recommend/cluster-index";
import { equalsTerm, labelsSelector, namespaceNameSelector } from "@/lib/recommend/labels";
import type { RuleDirection, RuleScope } from "@/lib/recommend/types";

/** RFC 1918, felix's `pvt` classification (and Calico PRE's private network set). */
export const PRIVATE_NETS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

export const KUBE_DNS_NAMESPACE = "kube-system";
export const KUBE_DNS_SELECTOR = equalsTerm("k8s-app", "kube-dns");

/** Workload peers as workloads (the wizard) or as whole namespaces (namespace isolation). */
export type Granularity = "workload" | "namespace";

/** How one flow's remote peer is written. */
export interface PeerSpec {
  readonly scope: RuleScope;
  /** Identifies the peer within its scope (rules group on scope + key + protocol). */
  readonly key: string;
  /** The remote entity without ports. */
  readonly entity: EntityRule;
  /** The peer as evidence shows it. */
  readonly peer: string;
  /** False for Service rules: Calico refuses ports next to `services`. */
  readonly portsAllowed: boolean;
  /** Domains rules: the names (cluster-local ones dropped). */
  readonly domains?: readonly string[];
  /** `policyrecommendation.tigera.io/name` and `/namespace` of the rule, when it names one. */
  readonly names?: { readonly name: string; readonly namespace?: string };
}

export interface PeerContext {
  readonly index: RecommendIndex;
  /** Namespace of the policy being written (peers there need no namespace selector). */
  readonly policyNamespace: string;
  readonly granularity: Granularity;
  readonly clusterDomain: string;
}

const isKubeDns = (flow: FlowLog, remote: FlowEndpoint): boolean =>
  (flow.destService.namespace === KUBE_DNS_NAMESPACE && flow.destService.name === "kube-dns") ||
  (remote.namespace === KUBE_DNS_NAMESPACE && remote.labels?.["k8s-app"] === "kube-dns");

function cidrOf(ip: string): string {
  return ip.includes(":") ? `${ip}/128` : `${ip}/32`;
}

function networkSetPeer(set: NetworkSet | GlobalNetworkSet, ctx: PeerContext): PeerSpec {
  const global = set.kind === "GlobalNetworkSet";
  const ns = set.metadata.namespace ?? "default";
  const selector = labelsSelector(set.metadata.labels);
  const entity: EntityRule =
    selector === undefined
      ? { nets: [...(set.spec.nets ?? [])].sort() }
      : { selector, ...(global ? { namespaceSelector: "global()" } : ns !== ctx.policyNamespace ? { namespaceSelector: namespaceNameSelector(ns) } : {}) };
  const peer = global ? set.metadata.name : `${ns}/${set.metadata.name}`;
  return { scope: "NetworkSet", key: `${set.kind}/${peer}`, entity, peer, portsAllowed: true, names: { name: set.metadata.name, ...(global ? {} : { namespace: ns }) } };
}

function workloadPeer(flow: FlowLog, direction: RuleDirection, remote: FlowEndpoint, ctx: PeerContext): PeerSpec {
  const ns = remote.namespace;
  const wl = workloadNameOf(remote.nameAggr);
  const peer = `${ns}/${wl}`;
  if (direction === "egress" && isKubeDns(flow, remote)) {
    return { scope: "Dns", key: "kube-dns", entity: { selector: KUBE_DNS_SELECTOR, namespaceSelector: namespaceNameSelector(KUBE_DNS_NAMESPACE) }, peer: `${KUBE_DNS_NAMESPACE}/kube-dns`, portsAllowed: true };
  }
  if (ctx.granularity === "namespace") {
    return { scope: "Namespace", key: ns, entity: { namespaceSelector: namespaceNameSelector(ns) }, peer, portsAllowed: true, names: { name: ns, namespace: ns } };
  }
  const svc = flow.destService;
  if (direction === "egress" && svc.name !== "-" && ctx.index.servesFlow(svc.namespace, svc.name, ns, remote.nameAggr, flow.dest.port, flow.proto.toUpperCase())) {
    return {
      scope: "Service",
      key: `${svc.namespace}/${svc.name}`,
      entity: { services: { name: svc.name, namespace: svc.namespace } },
      peer: `service ${svc.namespace}/${svc.name}`,
      portsAllowed: false,
      names: { name: svc.name, namespace: svc.namespace },
    };
  }
  const selector = ctx.index.selectorOf(ns, remote.nameAggr, remote.labels);
  if (ns === ctx.policyNamespace) return { scope: "Workload", key: `${ns}|${selector}`, entity: { selector }, peer, portsAllowed: true, names: { name: wl, namespace: ns } };
  return { scope: "Namespace", key: `${ns}|${selector}`, entity: { selector, namespaceSelector: namespaceNameSelector(ns) }, peer, portsAllowed: true, names: { name: wl, namespace: ns } };
}

/**
 * How the remote peer of `flow` is written in a `direction` rule of a policy for the local side,
 * or undefined for peers the recommender does not write (host endpoints, as Calico PRE skips
 * them). Never throws.
 */
export function classifyPeer(flow: FlowLog, direction: RuleDirection, ctx: PeerContext): PeerSpec | undefined {
  const remote = direction === "egress" ? flow.dest : flow.source;
  switch (remote.type) {
    case "wep":
      return workloadPeer(flow, direction, remote, ctx);
    case "hep":
      return undefined;
    case "ns": {
      const set = ctx.index.networkSet(remote.namespace, remote.nameAggr);
      if (set !== undefined) return networkSetPeer(set, ctx);
      return netPeer(flow, direction, remote, ctx);
    }
    case "net":
      return netPeer(flow, direction, remote, ctx);
    default:
      return undefined;
  }
}

function netPeer(flow: FlowLog, direction: RuleDirection, remote: FlowEndpoint, ctx: PeerContext): PeerSpec {
  const ip = remote.ip;
  if (ip !== null) {
    const m = ctx.index.networkSetOf(ip);
    if (m !== undefined) return networkSetPeer(m.set, ctx);
  }
  if (direction === "egress") {
    const suffix = `.${ctx.clusterDomain}`;
    const domains = [...new Set(flow.destDomains.map((d) => d.toLowerCase()).filter((d) => d !== "" && !d.endsWith(suffix)))].sort();
    if (domains.length > 0) return { scope: "Domains", key: "domains", entity: {}, peer: domains.join(", "), portsAllowed: true, domains };
  }
  if (ip !== null) return { scope: "Cidr", key: ip, entity: { nets: [cidrOf(ip)] }, peer: ip, portsAllowed: true };
  if (remote.nameAggr === "pvt") return { scope: "Private", key: "pvt", entity: { nets: [...PRIVATE_NETS] }, peer: "private networks (RFC 1918)", portsAllowed: true };
  return { scope: "Public", key: "pub", entity: {}, peer: "public internet", portsAllowed: true };
}
