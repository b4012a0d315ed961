/**
 * The policy engine's and the simulator's view of a list of cluster objects (what a
 * ClusterBackend lists): Namespaces, Pods, Services and ServiceAccounts become NamespaceModel /
 * WorkloadEndpoint / ServiceModel; Calico resources pass through for buildPolicySet.
 */
import type { CalicoResource, GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { ClusterObject, PodObject, ServiceObject } from "@/lib/cluster/backend";
import type { EndpointPortSpec, NamespaceModel, ServiceModel, WorkloadEndpoint } from "@/lib/policy";

export interface ClusterModels {
  readonly namespaces: NamespaceModel[];
  readonly endpoints: WorkloadEndpoint[];
  readonly services: ServiceModel[];
  readonly networkSets: (NetworkSet | GlobalNetworkSet)[];
  /** Every Calico / Kubernetes policy resource, for buildPolicySet. */
  readonly resources: CalicoResource[];
}

function podToEndpoint(p: PodObject): WorkloadEndpoint | undefined {
  const ips = p.status?.podIPs?.map((x) => x.ip) ?? (p.status?.podIP !== undefined ? [p.status.podIP] : []);
  if (ips.length === 0) return undefined; // not scheduled yet: no endpoint, as Calico has no WEP
  const ports: EndpointPortSpec[] = [];
  for (const c of p.spec.containers) {
    for (const port of c.ports ?? []) {
      if (port.name !== undefined) ports.push({ name: port.name, port: port.containerPort, protocol: port.protocol ?? "TCP" });
    }
  }
  return {
    kind: "workload",
    namespace: p.metadata.namespace ?? "default",
    name: p.metadata.name,
    labels: p.metadata.labels ?? {},
    ips,
    serviceAccount: p.spec.serviceAccountName ?? "default",
    ...(p.spec.nodeName !== undefined ? { node: p.spec.nodeName } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

function serviceToModel(s: ServiceObject): ServiceModel {
  return {
    namespace: s.metadata.namespace ?? "default",
    name: s.metadata.name,
    selector: s.spec.selector ?? {},
    ...(s.spec.clusterIP !== undefined ? { clusterIP: s.spec.clusterIP } : {}),
    ports: (s.spec.ports ?? []).map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: p.port,
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
    })),
  };
}

/** Splits cluster objects into the models. Pods without an IP are skipped. Never throws. */
export function toClusterModels(objects: readonly ClusterObject[]): ClusterModels {
  const namespaces = new Map<string, { labels: Record<string, string>; sas: { name: string; labels: Record<string, string> }[] }>();
  const endpoints: WorkloadEndpoint[] = [];
  const services: ServiceModel[] = [];
  const networkSets: (NetworkSet | GlobalNetworkSet)[] = [];
  const resources: CalicoResource[] = [];
  const sas: { ns: string; name: string; labels: Record<string, string> }[] = [];
  for (const o of objects) {
    switch (o.kind) {
      case "Namespace":
        namespaces.set(o.metadata.name, { labels: { ...o.metadata.labels }, sas: [] });
        break;
      case "Pod": {
        const ep = podToEndpoint(o);
        if (ep !== undefined) endpoints.push(ep);
        break;
      }
      case "Service":
        services.push(serviceToModel(o));
        break;
      case "ServiceAccount":
        sas.push({ ns: o.metadata.namespace ?? "default", name: o.metadata.name, labels: { ...o.metadata.labels } });
        break;
      case "ConfigMap":
      case "Secret":
        // Configuration, not part of the policy picture.
        break;
      case "NetworkSet":
      case "GlobalNetworkSet":
        networkSets.push(o);
        resources.push(o);
        break;
      default:
        resources.push(o);
    }
  }
  for (const sa of sas) namespaces.get(sa.ns)?.sas.push({ name: sa.name, labels: sa.labels });
  return {
    namespaces: [...namespaces.entries()].map(([name, n]) => ({ name, labels: n.labels, serviceAccounts: n.sas })),
    endpoints,
    services,
    networkSets,
    resources,
  };
}
