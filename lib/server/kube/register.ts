import "server-only";
/**
 * Plugs the Kubernetes adapter into the cluster registry: a `kubernetes` cluster's config is
 * parsed (kube-config.ts), its KubeConfig loaded and the API server discovered on first use.
 * Imported once at server start (instrumentation.ts) and by tests. Reads go through the watch
 * cache (cache.ts); importing this also starts the Goldmane background job (goldmane/jobs.ts)
 * where background jobs run.
 */
import type { ClusterInfo } from "@/lib/cluster/clusters";
import { onClusterRemoved, registerClusterBackendFactory } from "@/lib/server/cluster/registry";
import { KubernetesBackend } from "@/lib/server/kube/backend";
import { loadKubeConfig, parseKubeConnection } from "@/lib/server/kube/kube-config";
import { KubeTransport } from "@/lib/server/kube/kube-transport";
import { cachedBackendFor, closeCachedBackend } from "@/lib/server/kube/cached-backends";
import { backgroundJobsEnabled } from "@/lib/server/flows/background";
import { startGoldmaneJobs } from "@/lib/server/goldmane/jobs";

/** Builds the backend of a registered `kubernetes` cluster. Throws ValidationError, ClusterUnavailableError. */
export async function connectKubernetesCluster(cluster: ClusterInfo): Promise<KubernetesBackend> {
  const { kc, server } = loadKubeConfig(parseKubeConnection(cluster.config));
  return KubernetesBackend.connect(cluster.id, new KubeTransport(kc, server));
}

registerClusterBackendFactory("kubernetes", (cluster) => cachedBackendFor(cluster, connectKubernetesCluster));
// A removed cluster's informers stop at once (not only when idle).
onClusterRemoved(closeCachedBackend);
if (backgroundJobsEnabled()) startGoldmaneJobs();
