/**
 * Typed fixture builders for policy-engine tests: endpoints, namespaces, tiers, policies,
 * Kubernetes NetworkPolicies, network sets and connections. Used only by tests.
 */
import type {
  ClusterNetworkPolicy,
  GlobalNetworkPolicy,
  GlobalNetworkSet,
  K8sNetworkPolicySpec,
  KubernetesNetworkPolicy,
  NetworkPolicy,
  NetworkSet,
  PolicySpec,
  StagedGlobalNetworkPolicy,
  StagedKubernetesNetworkPolicy,
  StagedNetworkPolicy,
  StagedPolicySpec,
  Tier,
  TierSpec,
} from "@/lib/calico/types";
import type { Connection, HostEndpointModel, NamespaceModel, Peer, WorkloadEndpoint } from "@/lib/policy";

let nextIp = 1;

/** A pod in `namespace` (default "default") with a fresh 10.0.x.y IP unless `ips` is given. */
export function aWorkload(name: string, overrides: Partial<Omit<WorkloadEndpoint, "kind" | "name">> = {}): WorkloadEndpoint {
  const n = nextIp++;
  return { kind: "workload", name, namespace: "default", labels: {}, ips: [`10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`], ...overrides };
}

/** A host endpoint with a fresh 192.168.x.y IP unless `ips` is given. */
export function aHostEndpoint(name: string, overrides: Partial<Omit<HostEndpointModel, "kind" | "name">> = {}): HostEndpointModel {
  const n = nextIp++;
  return { kind: "host", name, labels: {}, ips: [`192.168.${Math.floor(n / 250)}.${(n % 250) + 1}`], ...overrides };
}

export function aNamespace(name: string, labels: Record<string, string> = {}, serviceAccounts?: NamespaceModel["serviceAccounts"]): NamespaceModel {
  return { name, labels, ...(serviceAccounts !== undefined ? { serviceAccounts } : {}) };
}

export function aTier(name: string, spec: TierSpec = {}): Tier {
  return { kind: "Tier", metadata: { name }, spec };
}

/** A Calico NetworkPolicy; `name` may be `ns/name`. */
export function aPolicy(qualifiedName: string, spec: PolicySpec): NetworkPolicy {
  const [namespace, name] = qualifiedName.includes("/") ? qualifiedName.split("/", 2) : ["default", qualifiedName];
  return { kind: "NetworkPolicy", metadata: { name: name ?? qualifiedName, namespace: namespace ?? "default" }, spec };
}

export function aGlobalPolicy(name: string, spec: PolicySpec): GlobalNetworkPolicy {
  return { kind: "GlobalNetworkPolicy", metadata: { name }, spec };
}

export function aStagedPolicy(qualifiedName: string, spec: StagedPolicySpec): StagedNetworkPolicy {
  const [namespace, name] = qualifiedName.includes("/") ? qualifiedName.split("/", 2) : ["default", qualifiedName];
  return { kind: "StagedNetworkPolicy", metadata: { name: name ?? qualifiedName, namespace: namespace ?? "default" }, spec };
}

export function aStagedGlobalPolicy(name: string, spec: StagedPolicySpec): StagedGlobalNetworkPolicy {
  return { kind: "StagedGlobalNetworkPolicy", metadata: { name }, spec };
}

export function aK8sPolicy(qualifiedName: string, spec: K8sNetworkPolicySpec): KubernetesNetworkPolicy {
  const [namespace, name] = qualifiedName.includes("/") ? qualifiedName.split("/", 2) : ["default", qualifiedName];
  return { kind: "KubernetesNetworkPolicy", metadata: { name: name ?? qualifiedName, namespace: namespace ?? "default" }, spec };
}

export function aStagedK8sPolicy(
  qualifiedName: string,
  spec: StagedKubernetesNetworkPolicy["spec"],
): StagedKubernetesNetworkPolicy {
  const [namespace, name] = qualifiedName.includes("/") ? qualifiedName.split("/", 2) : ["default", qualifiedName];
  return { kind: "StagedKubernetesNetworkPolicy", metadata: { name: name ?? qualifiedName, namespace: namespace ?? "default" }, spec };
}

export function aClusterNetworkPolicy(name: string, spec: ClusterNetworkPolicy["spec"]): ClusterNetworkPolicy {
  return { kind: "ClusterNetworkPolicy", metadata: { name }, spec };
}

export function aGlobalNetworkSet(name: string, labels: Record<string, string>, spec: GlobalNetworkSet["spec"]): GlobalNetworkSet {
  return { kind: "GlobalNetworkSet", metadata: { name, labels }, spec };
}

export function aNetworkSet(qualifiedName: string, labels: Record<string, string>, spec: NetworkSet["spec"]): NetworkSet {
  const [namespace, name] = qualifiedName.includes("/") ? qualifiedName.split("/", 2) : ["default", qualifiedName];
  return { kind: "NetworkSet", metadata: { name: name ?? qualifiedName, namespace: namespace ?? "default", labels }, spec };
}

/** An endpoint peer. */
export function peerOf(endpoint: WorkloadEndpoint | HostEndpointModel): Peer {
  return { kind: "endpoint", endpoint };
}

/** A TCP connection (default port 80) between two peers. */
export function aConnection(source: Peer, destination: Peer, overrides: Partial<Omit<Connection, "source" | "destination">> = {}): Connection {
  return { source, destination, protocol: "TCP", port: 80, ...overrides };
}
