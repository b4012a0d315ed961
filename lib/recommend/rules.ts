/**
 * Groups observed flows into rules and writes them: one rule per remote peer and protocol with
 * the ports merged (Calico PRE's rule keys), Domains rules per protocol and port with the names
 * merged, DNS to kube-dns as UDP and TCP 53. Output order is fixed — bucket order (RULE_SCOPES),
 * then the peer key, then the protocol — so the same flows always give the same rules.
 */
import type { EntityRule, Protocol, Rule } from "@/lib/calico/types";
import type { FlowLog } from "@/lib/flows";
import { KUBE_DNS_NAMESPACE, KUBE_DNS_SELECTOR } from "@/lib/recommend/peers";
import type { PeerSpec } from "@/lib/recommend/peers";
import { namespaceNameSelector } from "@/lib/recommend/labels";
import type { RuleDirection, RuleEvidence, RuleScope } from "@/lib/recommend/types";
import { RULE_SCOPES } from "@/lib/recommend/types";
import { protocolFromFlow, protocolSupportsPorts } from "@/lib/net/protocols";

/** Annotation prefix of Calico's policy recommendation engine; our evidence keys share it. */
export const ANNOTATION_PREFIX = "policyrecommendation.tigera.io";
/** Most peers listed in a rule's `peers` annotation (the evidence structure keeps them all). */
export const MAX_ANNOTATED_PEERS = 20;


interface Group {
  readonly scope: RuleScope;
  readonly sortKey: string;
  readonly entity: EntityRule;
  readonly protocol: Protocol;
  readonly portsAllowed: boolean;
  readonly names: PeerSpec["names"];
  readonly ports: Set<number>;
  anyPort: boolean;
  readonly domains: Set<string>;
  readonly peers: Set<string>;
  readonly locals: Set<string>;
  flows: number;
  records: number;
  first: number;
  last: number;
}

/** The rules and evidence of one direction. */
export interface WrittenRules {
  readonly rules: Rule[];
  readonly evidence: RuleEvidence[];
}

const iso = (s: number): string => new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");

/** Collects the flows of one policy, per direction. Not shared between policies. */
export class RuleAccumulator {
  private readonly groups: Record<RuleDirection, Map<string, Group>> = { ingress: new Map(), egress: new Map() };
  used = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;

  /** Adds one allowed flow; false when its protocol cannot be written (the caller counts it skipped). */
  add(direction: RuleDirection, flow: FlowLog, peer: PeerSpec, local: string): boolean {
    const protocol = protocolFromFlow(flow.proto);
    if (protocol === undefined) return false;
    // Both directions: the port is the destination port (the local pod's for ingress).
    const port = flow.dest.port;
    const domainKey = peer.scope === "Domains" ? `|${port ?? "*"}` : "";
    const key = `${peer.scope}|${peer.key}|${String(protocol)}${domainKey}`;
    let g = this.groups[direction].get(key);
    if (g === undefined) {
      g = this.newGroup(peer.scope, `${peer.key}|${String(protocol)}${domainKey}`, peer.entity, protocol, peer.portsAllowed, peer.names);
      this.groups[direction].set(key, g);
    }
    // Calico refuses `ports` on a rule whose protocol does not support them (UDPLite included).
    if (port === null || !protocolSupportsPorts(protocol)) g.anyPort = true;
    else g.ports.add(port);
    for (const d of peer.domains ?? []) g.domains.add(d);
    g.peers.add(peer.peer);
    g.locals.add(local);
    g.flows += flow.numFlows;
    g.records += 1;
    if (flow.startTime < g.first) g.first = flow.startTime;
    if (flow.endTime > g.last) g.last = flow.endTime;
    this.used += 1;
    if (flow.startTime < this.first) this.first = flow.startTime;
    if (flow.endTime > this.last) this.last = flow.endTime;
    return true;
  }

  /**
   * Makes sure egress to kube-dns on UDP and TCP 53 is there (a workload that resolves names
   * needs both: TCP for truncated answers). Existing DNS groups keep their evidence.
   */
  ensureDns(): void {
    const entity: EntityRule = { selector: KUBE_DNS_SELECTOR, namespaceSelector: namespaceNameSelector(KUBE_DNS_NAMESPACE) };
    for (const protocol of ["UDP", "TCP"] as const) {
      const key = `Dns|kube-dns|${protocol}`;
      const g = this.groups.egress.get(key) ?? this.newGroup("Dns", `kube-dns|${protocol}`, entity, protocol, true, undefined);
      g.ports.add(53);
      g.peers.add(`${KUBE_DNS_NAMESPACE}/kube-dns`);
      this.groups.egress.set(key, g);
    }
  }

  private newGroup(scope: RuleScope, sortKey: string, entity: EntityRule, protocol: Protocol, portsAllowed: boolean, names: PeerSpec["names"]): Group {
    return { scope, sortKey, entity, protocol, portsAllowed, names, ports: new Set(), anyPort: false, domains: new Set(), peers: new Set(), locals: new Set(), flows: 0, records: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
  }

  /** Writes the rules of one direction in the fixed order, with annotations and evidence. */
  write(direction: RuleDirection, now: number | undefined): WrittenRules {
    const rank = (s: RuleScope): number => RULE_SCOPES.indexOf(s);
    const groups = [...this.groups[direction].values()].sort((a, b) => rank(a.scope) - rank(b.scope) || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const rules: Rule[] = [];
    const evidence: RuleEvidence[] = [];
    groups.forEach((g, index) => {
      const ports = g.anyPort || !g.portsAllowed ? [] : [...g.ports].sort((a, b) => a - b);
      const observedPorts = [...g.ports].sort((a, b) => a - b);
      const peers = [...g.peers].sort();
      const hasSeen = g.records > 0;
      const annotations: Record<string, string> = {
        [`${ANNOTATION_PREFIX}/scope`]: g.scope,
        ...(g.names !== undefined ? { [`${ANNOTATION_PREFIX}/name`]: g.names.name } : {}),
        ...(g.names?.namespace !== undefined ? { [`${ANNOTATION_PREFIX}/namespace`]: g.names.namespace } : {}),
        ...(now !== undefined ? { [`${ANNOTATION_PREFIX}/lastUpdated`]: iso(now) } : {}),
        [`${ANNOTATION_PREFIX}/flows`]: String(g.flows),
        ...(hasSeen ? { [`${ANNOTATION_PREFIX}/firstSeen`]: iso(g.first), [`${ANNOTATION_PREFIX}/lastSeen`]: iso(g.last) } : {}),
        [`${ANNOTATION_PREFIX}/peers`]: peers.length > MAX_ANNOTATED_PEERS ? `${peers.slice(0, MAX_ANNOTATED_PEERS).join(", ")}, … (${peers.length} in all)` : peers.join(", "),
        ...(observedPorts.length > 0 ? { [`${ANNOTATION_PREFIX}/ports`]: observedPorts.join(",") } : {}),
      };
      const portField = ports.length > 0 ? { ports } : {};
      const domains = g.domains.size > 0 ? { domains: [...g.domains].sort() } : {};
      const rule: Rule =
        direction === "egress"
          ? { action: "Allow", protocol: g.protocol, destination: { ...g.entity, ...portField, ...domains }, metadata: { annotations } }
          : {
              action: "Allow",
              protocol: g.protocol,
              ...(Object.keys(g.entity).length > 0 ? { source: g.entity } : {}),
              ...(ports.length > 0 ? { destination: { ports } } : {}),
              metadata: { annotations },
            };
      rules.push(rule);
      const portText = observedPorts.length > 0 ? ` ${observedPorts.join(",")}` : "";
      evidence.push({
        direction,
        index,
        scope: g.scope,
        protocol: String(g.protocol),
        ports: observedPorts,
        flows: g.flows,
        records: g.records,
        firstSeen: hasSeen ? g.first : 0,
        lastSeen: hasSeen ? g.last : 0,
        peers,
        locals: [...g.locals].sort(),
        summary: `${direction} ${String(g.protocol)}${portText} ${direction === "egress" ? "to" : "from"} ${peers.join(", ")}${hasSeen ? "" : " (name resolution; not itself observed)"}`,
      });
    });
    return { rules, evidence };
  }
}
