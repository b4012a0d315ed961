/**
 * Small builders for the demo cluster's data: namespaces, workloads (a ServiceAccount plus the
 * Pods a Deployment would have made, with `pod-template-hash` labels and hash-suffixed names),
 * and Services. Pure and deterministic: the same calls always build the same objects.
 */
import type { ContainerPort, NamespaceObject, PodObject, ServiceAccountObject, ServiceObject, ServicePort } from "@/lib/cluster/backend";

type Labels = Readonly<Record<string, string>>;

/** The demo cluster's nodes and the /26 IPAM block each one holds in the default pool (10.244.0.0/16). */
export const DEMO_NODES = {
  "palisade-control-plane": "10.244.0.",
  "palisade-worker": "10.244.1.",
  "palisade-worker2": "10.244.2.",
} as const;
export type DemoNode = keyof typeof DEMO_NODES;

/** Hands out pod IPs per node, in order, from .2 up (Calico keeps .0/.1 of a block for the node's tunnel). */
export class DemoIpam {
  private readonly next = new Map<DemoNode, number>();
  private readonly nextInPool = new Map<string, number>();
  allocate(node: DemoNode): string {
    const n = this.next.get(node) ?? 2;
    if (n > 62) throw new Error(`demo IPAM block of ${node} is full`);
    this.next.set(node, n + 1);
    return `${DEMO_NODES[node]}${n}`;
  }
  /** An address from another pool's /24 (`10.0.2.`), for pods whose namespace names that pool. */
  allocateInPool(prefix: string): string {
    const n = this.nextInPool.get(prefix) ?? 2;
    if (n > 254) throw new Error(`demo pool ${prefix}0/24 is full`);
    this.nextInPool.set(prefix, n + 1);
    return `${prefix}${n}`;
  }
}

export function namespace(name: string, labels: Labels = {}, annotations?: Labels): NamespaceObject {
  return {
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels }, ...(annotations ? { annotations } : {}) },
  };
}

export function serviceAccount(ns: string, name: string, labels?: Labels): ServiceAccountObject {
  return { kind: "ServiceAccount", metadata: { name, namespace: ns, ...(labels ? { labels } : {}) } };
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly ports?: readonly ContainerPort[];
}

export interface WorkloadSpec {
  readonly namespace: string;
  /** Deployment name, also the `app` label and the service account's name unless set. */
  readonly name: string;
  readonly labels?: Labels;
  readonly containers: readonly ContainerSpec[];
  /**
   * The ReplicaSet's pod-template-hash and each pod's 5-character suffix (one pod per suffix).
   * Without a hash the workload is a bare Pod named `name`.
   */
  readonly podTemplateHash?: string;
  readonly podSuffixes?: readonly string[];
  readonly nodes: readonly DemoNode[];
  /** Service account; defaults to a dedicated one named like the workload. `"default"` uses the namespace's default SA. */
  readonly serviceAccountName?: string;
  /** The label key naming the app (`app` by default; kube-dns uses `k8s-app`). */
  readonly appLabelKey?: string;
  /**
   * The /24 prefix (`10.0.2.`) of the IP pool the pods take addresses from, when their namespace
   * names a pool in `cni.projectcalico.org/ipv4pools`; the node's block of the default pool otherwise.
   */
  readonly poolPrefix?: string;
}

/** The pods (and the dedicated service account) of one workload. */
export function workload(spec: WorkloadSpec, ipam: DemoIpam): readonly (PodObject | ServiceAccountObject)[] {
  const sa = spec.serviceAccountName ?? spec.name;
  const baseLabels: Labels = { [spec.appLabelKey ?? "app"]: spec.name, ...spec.labels };
  const podNames = spec.podTemplateHash
    ? (spec.podSuffixes ?? []).map((s) => `${spec.name}-${spec.podTemplateHash}-${s}`)
    : [spec.name];
  const pods = podNames.map((podName, i): PodObject => {
    const node = spec.nodes[i % spec.nodes.length] ?? "palisade-worker";
    const ip = spec.poolPrefix !== undefined ? ipam.allocateInPool(spec.poolPrefix) : ipam.allocate(node);
    return {
      kind: "Pod",
      metadata: {
        name: podName,
        namespace: spec.namespace,
        labels: spec.podTemplateHash ? { ...baseLabels, "pod-template-hash": spec.podTemplateHash } : baseLabels,
      },
      spec: {
        serviceAccountName: sa,
        nodeName: node,
        containers: spec.containers.map((c) => ({ name: c.name, image: c.image, ...(c.ports ? { ports: c.ports } : {}) })),
      },
      status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
    };
  });
  return sa === "default" || spec.serviceAccountName !== undefined ? pods : [serviceAccount(spec.namespace, sa), ...pods];
}

export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Labels;
  readonly ports: readonly ServicePort[];
  readonly clusterIP: string;
  readonly type?: ServiceObject["spec"]["type"];
  readonly labels?: Labels;
}

export function service(spec: ServiceSpec): ServiceObject {
  return {
    kind: "Service",
    metadata: { name: spec.name, namespace: spec.namespace, ...(spec.labels ? { labels: spec.labels } : {}) },
    spec: { type: spec.type ?? "ClusterIP", clusterIP: spec.clusterIP, selector: spec.selector, ports: spec.ports },
  };
}
