import "server-only";
/**
 * Plugs the Kubernetes adapter into the cluster registry: a `kubernetes` cluster's config is
 * parsed (kube-config.ts), its KubeConfig loaded and the API server discovered on first use.
 * Imported once at server start (instrumentation.ts) and by tests. Reads go through the watch
 * cache (cache.ts); importing this also starts the Goldmane background job (goldmane/jobs.ts)
 * where background jobs run.
 *
 * The adapter itself (backend.ts, kube-config.ts, kube-transport.ts and @kubernetes/client-node
 * under them, several MB of code) is imported when the first real cluster is connected, not at
 * start: a console that only shows the embedded cluster never loads it.
 */
import type { ClusterInfo } from "@/lib/cluster/clusters";
import { onClusterRemoved, registerClusterBackendFactory } from "@/lib/server/cluster/registry";
import type { KubernetesBackend } from "@/lib/server/kube/backend";
import { cachedBackendFor, closeCachedBackend } from "@/lib/server/kube/cached-backends";
import { backgroundJobsEnabled } from "@/lib/server/flows/background";
import { startGoldmaneJobs } from "@/lib/server/goldmane/jobs";

/** Builds the backend of a registered `kubernetes` cluster. Throws ValidationError, ClusterUnavailableError. */
export async function connectKubernetesCluster(cluster: ClusterInfo): Promise<KubernetesBackend> {
  const [{ KubernetesBackend }, { loadKubeConfig, parseKubeConnection }, { KubeTransport }] = await Promise.all([
    import("@/lib/server/kube/backend"),
    import("@/lib/server/kube/kube-config"),
    import("@/lib/server/kube/kube-transport"),
  ]);
  const { kc, server } = loadKubeConfig(parseKubeConnection(cluster.config));
  return KubernetesBackend.connect(cluster.id, new KubeTransport(kc, server));
}

registerClusterBackendFactory("kubernetes", (cluster) => cachedBackendFor(cluster, connectKubernetesCluster));
// A removed cluster's informers stop at once (not only when idle).
onClusterRemoved(closeCachedBackend);
if (backgroundJobsEnabled()) startGoldmaneJobs();
