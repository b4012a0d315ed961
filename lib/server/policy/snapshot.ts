import "server-only";
/**
 * A consistent-enough read of everything the board, the editor's impact preview and the what-if
 * probe need from one cluster: tiers, every policy kind, network sets, host endpoints and the
 * workloads (namespaces, pods, services, service accounts), compiled once into a policy set.
 */
import type { CalicoResource } from "@/lib/calico/types";
import type { ClusterBackend, ClusterKind, ClusterObject, ObjectOfKind } from "@/lib/cluster/backend";
import type { CompiledPolicySet } from "@/lib/policy";
import { buildPolicySet } from "@/lib/policy";
import type { ClusterModels } from "@/lib/traffic";
import { ValidationError } from "@/lib/errors";
import { toClusterModels } from "@/lib/traffic";

/** Kinds that make up the policy picture of a cluster, read in this order. */
export const SNAPSHOT_KINDS = [
  "Tier",
  "NetworkPolicy",
  "GlobalNetworkPolicy",
  "StagedNetworkPolicy",
  "StagedGlobalNetworkPolicy",
  "KubernetesNetworkPolicy",
  "StagedKubernetesNetworkPolicy",
  "ClusterNetworkPolicy",
  "NetworkSet",
  "GlobalNetworkSet",
  "HostEndpoint",
  "Namespace",
  "Pod",
  "Service",
  "ServiceAccount",
] as const satisfies readonly ClusterKind[];

const PAGE = 1000;

/** One read of a cluster's policy picture. */
export interface ClusterSnapshot {
  readonly objects: readonly ClusterObject[];
  /** The Calico and Kubernetes policy-model resources (tiers, policies, sets, host endpoints). */
  readonly resources: readonly CalicoResource[];
  readonly models: ClusterModels;
  readonly policySet: CompiledPolicySet;
  /** The highest list resourceVersion seen (for display and cache keys). */
  readonly resourceVersion: string;
}

/** Every object of one kind, following continue tokens. */
export async function listAll<K extends ClusterKind>(backend: ClusterBackend, kind: K): Promise<{ items: ObjectOfKind<K>[]; resourceVersion: string }> {
  const items: ObjectOfKind<K>[] = [];
  let next: string | undefined;
  let resourceVersion = "0";
  do {
    const page = await backend.list(kind, { limit: PAGE, ...(next !== undefined ? { continue: next } : {}) });
    items.push(...page.items);
    resourceVersion = page.resourceVersion;
    next = page.continue;
  } while (next !== undefined);
  return { items, resourceVersion };
}

function maxVersion(a: string, b: string): string {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? (BigInt(a) >= BigInt(b) ? a : b) : b;
}

/**
 * Compiles a policy set from cluster models plus (possibly changed) policy resources. Throws
 * ValidationError when the engine refuses them (a policy naming a tier that does not exist, an
 * unparseable selector…), with the engine's messages.
 */
export function compileWith(models: ClusterModels, resources: readonly CalicoResource[]): CompiledPolicySet {
  const built = buildPolicySet({ namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, resources });
  if (built.ok) return built.value;
  const errors = built.error.map((e) => {
    const m = /^resources\[(\d+)\]\.?(.*)$/.exec(e.path);
    const r = m === null ? undefined : resources[Number(m[1])];
    return r === undefined ? e : { path: m?.[2] ?? "", message: `${r.kind} "${r.metadata.name}": ${e.message}` };
  });
  throw new ValidationError(`the policies cannot be compiled: ${errors[0]?.message ?? ""}`, errors);
}

/** Reads the cluster's policy picture and compiles it. Throws what the backend throws. */
export async function loadClusterSnapshot(backend: ClusterBackend): Promise<ClusterSnapshot> {
  const lists = await Promise.all(SNAPSHOT_KINDS.map((k) => listAll(backend, k)));
  const objects: ClusterObject[] = lists.flatMap((l) => l.items);
  const resourceVersion = lists.reduce((rv, l) => maxVersion(rv, l.resourceVersion), "0");
  const models = toClusterModels(objects);
  return { objects, resources: models.resources, models, policySet: compileWith(models, models.resources), resourceVersion };
}
