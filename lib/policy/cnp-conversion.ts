/**
 * Kubernetes ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) → the Calico global policy
 * Calico evaluates for it, after libcalico-go's converter (backend/k8s/conversion,
 * K8sClusterNetworkPolicyToCalico):
 *  - tier: Admin → `kube-admin` (order 1,000), Baseline → `kube-baseline` (order 10,000,000);
 *    both tiers' default action is Pass; policy order = `priority`; display name
 *    `kcnp.<tier>.<name>` (names.K8sCNPAdminTierNamePrefix / K8sCNPBaselineTierNamePrefix);
 *  - subject: namespaces → namespaceSelector (empty = all namespaces) and the orchestrator term
 *    as selector (never host endpoints); pods → namespaceSelector AND podSelector;
 *  - rules: Accept → Allow, Deny → Deny, Pass → Pass; one rule per (protocol, peer), protocols
 *    sorted by name (SCTP, TCP, UDP; none given → one rule without protocol), each carrying its
 *    destination ports (`number`, or `start:end` for a range); peers: namespaces →
 *    namespaceSelector, pods → namespaceSelector + selector, networks → nets;
 *  - what Calico cannot convert (named ports, `nodes` and `domainNames` peers) fails closed as
 *    upstream does: a Deny or Pass rule becomes one Deny-everything rule, an Accept rule is dropped;
 *  - types: Ingress when the converted ingress list is not empty, Egress likewise (possibly none:
 *    the tiers are default-Pass, so a policy without rules has no effect).
 * A rule's `name` is kept as the annotation Calico uses (`policy.networking.k8s.io/rule-name`).
 */
import type { ClusterNetworkPolicySpec, CnpAction, CnpEgressPeer, CnpIngressPeer, CnpNamespacedPod, CnpPort, CnpProtocol, EntityRule, LabelSelector, PolicySpec, PolicyType, Port, Rule } from "@/lib/calico/types";
import { cnpCalicoTier } from "@/lib/calico/policy-names";
import { k8sLabelSelectorToCalico } from "@/lib/selector";

const ORCHESTRATOR_TERM = "projectcalico.org/orchestrator == 'k8s'";
/** Annotation that carries a CNP rule's name on the converted rule. */
export const CNP_RULE_NAME_ANNOTATION = "policy.networking.k8s.io/rule-name";

function podSelector(sel: LabelSelector | undefined): string {
  const s = sel === undefined ? "all()" : k8sLabelSelectorToCalico(sel);
  return s === "all()" ? ORCHESTRATOR_TERM : `${ORCHESTRATOR_TERM} && (${s})`;
}

function namespaceSelector(sel: LabelSelector | undefined): string {
  return sel === undefined ? "all()" : k8sLabelSelectorToCalico(sel);
}

function calicoAction(action: CnpAction): Rule["action"] {
  return action === "Accept" ? "Allow" : action;
}

function portOf(p: CnpPort | undefined): Port | undefined {
  if (p === undefined) return undefined;
  if (p.number !== undefined) return p.number;
  if (p.range !== undefined) return p.range.start === p.range.end ? p.range.start : `${p.range.start}:${p.range.end}`;
  return undefined;
}

type ProtocolName = "SCTP" | "TCP" | "UDP";

/** Ports per protocol (undefined list = every port); "any" = no protocol restriction; "unsupported" = a named port. */
function unpackProtocols(protocols: readonly CnpProtocol[] | undefined): Map<ProtocolName, Port[] | undefined> | "any" | "unsupported" {
  if (protocols === undefined || protocols.length === 0) return "any";
  const out = new Map<ProtocolName, Port[] | undefined>();
  for (const p of protocols) {
    const entries: [ProtocolName, CnpPort | undefined, boolean][] = [];
    if (p.tcp !== undefined) entries.push(["TCP", p.tcp.destinationPort, true]);
    else if (p.udp !== undefined) entries.push(["UDP", p.udp.destinationPort, true]);
    else if (p.sctp !== undefined) entries.push(["SCTP", p.sctp.destinationPort, true]);
    else if (p.destinationNamedPort !== undefined) return "unsupported";
    else return "any";
    for (const [name, port] of entries) {
      const calicoPort = portOf(port);
      if (calicoPort === undefined) out.set(name, undefined);
      else if (!out.has(name)) out.set(name, [calicoPort]);
      else out.get(name)?.push(calicoPort);
    }
  }
  return out;
}

function peerEntity(peer: CnpIngressPeer | CnpEgressPeer): EntityRule | undefined {
  if (peer.namespaces !== undefined) return { namespaceSelector: namespaceSelector(peer.namespaces) };
  if (peer.pods !== undefined) return podsEntity(peer.pods);
  if ("networks" in peer && peer.networks !== undefined && peer.networks.length > 0) return { nets: [...peer.networks] };
  return undefined;
}

function podsEntity(pods: CnpNamespacedPod): EntityRule {
  return { selector: podSelector(pods.podSelector), namespaceSelector: namespaceSelector(pods.namespaceSelector) };
}

function convertRule(
  rule: { readonly name?: string; readonly action: CnpAction; readonly protocols?: readonly CnpProtocol[] },
  peers: readonly (CnpIngressPeer | CnpEgressPeer)[],
  ingress: boolean,
): Rule[] {
  const action = calicoAction(rule.action);
  const failClosed = (): Rule[] => (rule.action === "Accept" ? [] : [{ action: "Deny" }]);
  const grouped = unpackProtocols(rule.protocols);
  if (grouped === "unsupported") return failClosed();
  const entities = peers.map(peerEntity);
  if (entities.some((e) => e === undefined)) return failClosed();
  const metadata = rule.name !== undefined && rule.name !== "" ? { metadata: { annotations: { [CNP_RULE_NAME_ANNOTATION]: rule.name } } } : {};
  const protoEntries: [ProtocolName | undefined, Port[] | undefined][] =
    grouped === "any" ? [[undefined, undefined]] : [...grouped.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Rule[] = [];
  for (const [proto, ports] of protoEntries) {
    for (const entity of entities) {
      if (entity === undefined) continue;
      const portsField = ports !== undefined ? { ports } : {};
      const protocol = proto !== undefined ? { protocol: proto } : {};
      out.push(
        ingress
          ? { ...metadata, action, ...protocol, source: entity, ...(ports !== undefined ? { destination: portsField } : {}) }
          : { ...metadata, action, ...protocol, destination: { ...entity, ...portsField } },
      );
    }
  }
  return out;
}

/** The Calico name Calico shows for a ClusterNetworkPolicy: `kcnp.kube-admin.<name>` / `kcnp.kube-baseline.<name>`. */
export function cnpDisplayName(name: string, tier: string): string {
  return `kcnp.${tier}.${name}`;
}

/**
 * The Calico global policy spec of a ClusterNetworkPolicy (see the module comment), with its
 * explicit types (possibly none). Never throws.
 */
export function clusterNetworkPolicyToCalico(spec: ClusterNetworkPolicySpec): { readonly spec: PolicySpec; readonly types: readonly PolicyType[] } {
  const ingress = (spec.ingress ?? []).flatMap((r) => convertRule(r, r.from, true));
  const egress = (spec.egress ?? []).flatMap((r) => convertRule(r, r.to, false));
  const subject = spec.subject;
  const selectors =
    subject.pods !== undefined
      ? { selector: podSelector(subject.pods.podSelector), namespaceSelector: namespaceSelector(subject.pods.namespaceSelector) }
      : { selector: ORCHESTRATOR_TERM, namespaceSelector: namespaceSelector(subject.namespaces) };
  const types: PolicyType[] = [...(ingress.length > 0 ? ["Ingress" as const] : []), ...(egress.length > 0 ? ["Egress" as const] : [])];
  return {
    spec: { tier: cnpCalicoTier(spec.tier), order: spec.priority, ...selectors, types, ingress, egress },
    types,
  };
}
