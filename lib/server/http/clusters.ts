import "server-only";
import type { ClusterInfo } from "@/lib/cluster/clusters";
import type { ClusterList, ClusterSummary, CreateClusterRequest } from "@/lib/contracts/clusters";
import { addCluster, getCluster, listClusters, removeCluster, resetCluster } from "@/lib/server/cluster/registry";

/** The API view of a registry entry (connection settings left out; see contracts/clusters.ts). */
export function toClusterSummary(c: ClusterInfo): ClusterSummary {
  return { id: c.id, name: c.name, kind: c.kind, createdAt: c.createdAt };
}

/** Every registered cluster. */
export async function listClusterSummaries(): Promise<ClusterList> {
  return { items: (await listClusters()).map(toClusterSummary) };
}

/** One cluster. Throws NotFoundError. */
export async function getClusterSummary(id: string): Promise<ClusterSummary> {
  return toClusterSummary(await getCluster(id));
}

/** Registers a cluster (an embedded one is seeded with the demo). */
export async function createCluster(input: CreateClusterRequest): Promise<ClusterSummary> {
  return toClusterSummary(await addCluster({ name: input.name, kind: input.kind ?? "embedded", ...(input.id === undefined ? {} : { id: input.id }) }));
}

/** Removes a cluster and everything stored for it; the embedded demo cluster cannot be removed. */
export async function deleteCluster(id: string): Promise<void> {
  await removeCluster(id);
}

/** Wipes an embedded cluster and re-seeds the demo. */
export async function resetClusterTo(id: string, actor: string): Promise<ClusterSummary> {
  await resetCluster(id, actor);
  return getClusterSummary(id);
}
