/**
 * Kubernetes NetworkPolicy → Calico NetworkPolicy, as libcalico-go's converter does it
 * (backend/k8s/conversion/conversion.go K8sNetworkPolicyToCalico):
 *  - name `knp.default.<name>`, tier `default`, order 1000;
 *  - selector `projectcalico.org/orchestrator == 'k8s' && <podSelector>`, so it never selects
 *    host endpoints, and peer podSelectors never match network sets or host endpoints;
 *  - one Allow rule per (protocol, peer): no `from`/`to` = any peer; no `ports` = any protocol
 *    and port; a port without protocol is TCP; `port` + `endPort` becomes the range `port:endPort`;
 *    a named port stays a name (resolved on the destination endpoint);
 *  - peer with podSelector only → same namespace (a Calico rule without namespaceSelector in a
 *    namespaced policy); namespaceSelector only → any pod in the selected namespaces; both → AND;
 *    `namespaceSelector: {}` = all namespaces; ipBlock → nets + notNets (except);
 *  - types: Kubernetes' API defaulting (Ingress, plus Egress when `egress` has entries) when
 *    `policyTypes` is absent, then exactly the listed types.
 * Selected pods whose Kubernetes policies match nothing fall to the default tier's end-of-tier
 * Deny: that is how Kubernetes isolation happens in Calico (no explicit deny rule is added).
 */
import type { K8sNetworkPolicyPeer, K8sNetworkPolicyPort, K8sNetworkPolicySpec, PolicySpec, PolicyType, Port, Rule } from "@/lib/calico/types";
import { k8sLabelSelectorToCalico } from "@/lib/selector";
import { K8S_NP_ORDER, K8S_NP_PREFIX } from "@/lib/policy/keys";

const ORCHESTRATOR_TERM = "projectcalico.org/orchestrator == 'k8s'";

function podSelectorToCalico(sel: K8sNetworkPolicyPeer["podSelector"]): string {
  if (sel === undefined) return ORCHESTRATOR_TERM;
  const s = k8sLabelSelectorToCalico(sel);
  return s === "all()" ? ORCHESTRATOR_TERM : `${ORCHESTRATOR_TERM} && (${s})`;
}

interface PeerFields {
  readonly selector?: string;
  readonly namespaceSelector?: string;
  readonly nets?: readonly string[];
  readonly notNets?: readonly string[];
}

function peerToCalico(peer: K8sNetworkPolicyPeer | undefined): PeerFields {
  if (peer === undefined) return {};
  if (peer.ipBlock !== undefined) {
    const except = peer.ipBlock.except ?? [];
    return except.length > 0 ? { nets: [peer.ipBlock.cidr], notNets: except } : { nets: [peer.ipBlock.cidr] };
  }
  const selector = podSelectorToCalico(peer.podSelector);
  if (peer.namespaceSelector === undefined) return { selector };
  return { selector, namespaceSelector: k8sLabelSelectorToCalico(peer.namespaceSelector) };
}

/** Groups ports by protocol; `undefined` ports list for a protocol means "all ports". */
type K8sProtocol = NonNullable<K8sNetworkPolicyPort["protocol"]>;

function groupPorts(ports: readonly K8sNetworkPolicyPort[] | undefined): Map<K8sProtocol, Port[] | undefined> | "any" {
  if (ports === undefined || ports.length === 0) return "any";
  const byProto = new Map<K8sProtocol, Port[] | undefined>();
  for (const p of ports) {
    const proto = p.protocol ?? "TCP";
    if (p.port === undefined) {
      byProto.set(proto, undefined);
      continue;
    }
    const calicoPort: Port =
      p.endPort !== undefined ? `${p.port}:${p.endPort}` : typeof p.port === "number" ? p.port : /^\d+$/.test(p.port) ? Number(p.port) : p.port;
    if (!byProto.has(proto)) byProto.set(proto, [calicoPort]);
    else byProto.get(proto)?.push(calicoPort);
  }
  return byProto;
}

function k8sRulesToCalico(
  peers: readonly K8sNetworkPolicyPeer[] | undefined,
  ports: readonly K8sNetworkPolicyPort[] | undefined,
  ingress: boolean,
): Rule[] {
  const peerList: (K8sNetworkPolicyPeer | undefined)[] = peers === undefined || peers.length === 0 ? [undefined] : [...peers];
  const grouped = groupPorts(ports);
  const protoEntries: [K8sProtocol | undefined, Port[] | undefined][] =
    grouped === "any" ? [[undefined, undefined]] : [...grouped.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rules: Rule[] = [];
  for (const [proto, portList] of protoEntries) {
    for (const peer of peerList) {
      const f = peerToCalico(peer);
      const entity = {
        ...(f.selector !== undefined ? { selector: f.selector } : {}),
        ...(f.namespaceSelector !== undefined ? { namespaceSelector: f.namespaceSelector } : {}),
        ...(f.nets !== undefined ? { nets: f.nets } : {}),
        ...(f.notNets !== undefined ? { notNets: f.notNets } : {}),
      };
      const portsField = portList !== undefined ? { ports: portList } : {};
      const protocol = proto !== undefined ? { protocol: proto } : {};
      rules.push(
        ingress
          ? { action: "Allow", ...protocol, source: entity, destination: portsField }
          : { action: "Allow", ...protocol, destination: { ...entity, ...portsField } },
      );
    }
  }
  return rules;
}

/** Kubernetes' own defaulting of `policyTypes`, then Calico's conversion of it. */
export function k8sPolicyTypes(spec: K8sNetworkPolicySpec): PolicyType[] {
  const listed = spec.policyTypes !== undefined && spec.policyTypes.length > 0 ? spec.policyTypes : undefined;
  const types = listed ?? (spec.egress !== undefined && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
  const out: PolicyType[] = [];
  if (types.includes("Ingress")) out.push("Ingress");
  if (types.includes("Egress")) out.push("Egress");
  return out.length > 0 ? out : ["Ingress"];
}

/**
 * The Calico NetworkPolicy Calico would create for a Kubernetes NetworkPolicy: its name
 * (`knp.default.<name>`) and spec (tier default, order 1000). Never throws.
 */
export function k8sNetworkPolicyToCalico(name: string, spec: K8sNetworkPolicySpec): { readonly name: string; readonly spec: PolicySpec } {
  const ingress = (spec.ingress ?? []).flatMap((r) => k8sRulesToCalico(r.from, r.ports, true));
  const egress = (spec.egress ?? []).flatMap((r) => k8sRulesToCalico(r.to, r.ports, false));
  return {
    name: `${K8S_NP_PREFIX}${name}`,
    spec: {
      tier: "default",
      order: K8S_NP_ORDER,
      selector: podSelectorToCalico(spec.podSelector),
      types: k8sPolicyTypes(spec),
      ingress,
      egress,
    },
  };
}
