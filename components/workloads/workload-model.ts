/**
 * View rows for the Workloads page, computed from the wire objects of /pods, /services,
 * /namespaces and /serviceaccounts. Pure.
 */
import type { PodObject, ServiceObject, ServicePort } from "@/lib/cluster/backend";
import type { WireObjectView } from "@/lib/contracts/objects";
import { isServiceBackend } from "@/lib/cluster/services";

export interface PodRow {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly workload: string;
  readonly labels: Readonly<Record<string, string>>;
  /** For label edits: the version the user saw. */
  readonly resourceVersion: string;
  readonly ips: readonly string[];
  readonly serviceAccount: string;
  readonly node: string;
  readonly phase: string;
  readonly ports: readonly string[];
}

export interface ServiceRow {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly type: string;
  readonly clusterIP: string;
  readonly ports: readonly string[];
  readonly selector: Readonly<Record<string, string>>;
  /** Pods the selector matches (same namespace). */
  readonly endpoints: number;
}

export interface NamespaceRow {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly resourceVersion: string;
  readonly pods: number;
  readonly services: number;
}

export interface ServiceAccountRow {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly pods: number;
}

const WORKLOAD_LABELS = ["app.kubernetes.io/name", "app", "k8s-app", "name"] as const;

/**
 * The workload a pod belongs to: its app label, else its name without the ReplicaSet/pod hash
 * suffixes Kubernetes adds (`frontend-7d9f8c6b5-x2x9q` → `frontend`).
 */
export function workloadOf(name: string, labels: Readonly<Record<string, string>>): string {
  for (const key of WORKLOAD_LABELS) {
    const v = labels[key];
    if (v !== undefined && v !== "") return v;
  }
  return name.replace(/-[a-z0-9]{5}$/, "").replace(/-[a-f0-9]{6,10}$/, "");
}

/** `80/TCP → 8080`, `http 443/TCP`. */
export function formatServicePort(p: ServicePort): string {
  const base = `${p.port}/${p.protocol ?? "TCP"}`;
  const target = p.targetPort !== undefined && String(p.targetPort) !== String(p.port) ? ` → ${p.targetPort}` : "";
  const node = p.nodePort !== undefined ? ` (node ${p.nodePort})` : "";
  return `${p.name !== undefined && p.name !== "" ? `${p.name} ` : ""}${base}${target}${node}`;
}

// The /pods and /services endpoints answer the PodObject / ServiceObject wire forms
// (lib/cluster/backend.ts plus apiVersion), so these views read them as such.
function asPod(o: WireObjectView): PodObject {
  return o as unknown as PodObject;
}
function asService(o: WireObjectView): ServiceObject {
  return o as unknown as ServiceObject;
}

/** Pod rows, sorted by namespace then name. */
export function buildPodRows(pods: readonly WireObjectView[]): PodRow[] {
  return pods
    .map(asPod)
    .map((p) => {
      const labels = p.metadata.labels ?? {};
      const ips = p.status?.podIPs?.map((x) => x.ip) ?? (p.status?.podIP !== undefined ? [p.status.podIP] : []);
      const ports = (p.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((cp) => `${cp.name !== undefined ? `${cp.name} ` : ""}${cp.containerPort}/${cp.protocol ?? "TCP"}`));
      return {
        key: `${p.metadata.namespace ?? ""}/${p.metadata.name}`,
        name: p.metadata.name,
        namespace: p.metadata.namespace ?? "",
        workload: workloadOf(p.metadata.name, labels),
        labels,
        resourceVersion: p.metadata.resourceVersion ?? "",
        ips,
        serviceAccount: p.spec?.serviceAccountName ?? "default",
        node: p.spec?.nodeName ?? "",
        phase: p.status?.phase ?? "Unknown",
        ports,
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Service rows with the number of pods each selects, sorted by namespace then name. */
export function buildServiceRows(services: readonly WireObjectView[], pods: readonly PodRow[]): ServiceRow[] {
  return services
    .map(asService)
    .map((s) => {
      const selector = s.spec?.selector ?? {};
      const namespace = s.metadata.namespace ?? "";
      return {
        key: `${namespace}/${s.metadata.name}`,
        name: s.metadata.name,
        namespace,
        type: s.spec?.type ?? "ClusterIP",
        clusterIP: s.spec?.clusterIP ?? "",
        ports: (s.spec?.ports ?? []).map(formatServicePort),
        selector,
        endpoints: pods.filter((p) => isServiceBackend({ namespace, selector }, p)).length,
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Namespace rows with pod and service counts. */
export function buildNamespaceRows(namespaces: readonly WireObjectView[], pods: readonly PodRow[], services: readonly ServiceRow[]): NamespaceRow[] {
  return namespaces
    .map((n) => ({
      name: n.metadata.name,
      labels: n.metadata.labels ?? {},
      resourceVersion: n.metadata.resourceVersion ?? "",
      pods: pods.filter((p) => p.namespace === n.metadata.name).length,
      services: services.filter((s) => s.namespace === n.metadata.name).length,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Service-account rows with the number of pods running as each. */
export function buildServiceAccountRows(accounts: readonly WireObjectView[], pods: readonly PodRow[]): ServiceAccountRow[] {
  return accounts
    .map((a) => {
      const namespace = a.metadata.namespace ?? "";
      return {
        key: `${namespace}/${a.metadata.name}`,
        name: a.metadata.name,
        namespace,
        pods: pods.filter((p) => p.namespace === namespace && p.serviceAccount === a.metadata.name).length,
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Case-insensitive text match on any of the given fields. */
export function matchesText(query: string, ...fields: readonly string[]): boolean {
  const q = query.trim().toLowerCase();
  return q === "" || fields.some((f) => f.toLowerCase().includes(q));
}
