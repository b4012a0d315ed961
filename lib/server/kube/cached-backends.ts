import "server-only";
/**
 * One watch cache per kubernetes cluster per process. The registry asks the factory again when
 * its own cache of backends misses (first use, or the cluster was removed and added again); an
 * open cache for the same registry entry (id, creation time and config) is handed back instead
 * of starting a second set of informers, and one for an older entry is closed.
 */
import type { ClusterInfo } from "@/lib/cluster/clusters";
import type { KubernetesBackend } from "@/lib/server/kube/backend";
import { CachedKubeBackend } from "@/lib/server/kube/cache";

interface CachesGlobal {
  __palisadeKubeCaches?: Map<string, { readonly fingerprint: string; readonly backend: CachedKubeBackend }>;
}
const store = globalThis as typeof globalThis & CachesGlobal;
const caches = (store.__palisadeKubeCaches ??= new Map());

/** The cached backend of `cluster`, connecting with `connect` when there is none for this entry. */
export async function cachedBackendFor(cluster: ClusterInfo, connect: (c: ClusterInfo) => Promise<KubernetesBackend>): Promise<CachedKubeBackend> {
  const fingerprint = JSON.stringify([cluster.createdAt, cluster.config]);
  const open = caches.get(cluster.id);
  if (open !== undefined && open.fingerprint === fingerprint) return open.backend;
  const backend = new CachedKubeBackend(await connect(cluster));
  open?.backend.close();
  caches.set(cluster.id, { fingerprint, backend });
  return backend;
}

/** Closes the cache of a cluster, if any: its informers stop (the cluster was removed; tests). */
export function closeCachedBackend(clusterId: string): void {
  caches.get(clusterId)?.backend.close();
  caches.delete(clusterId);
}
