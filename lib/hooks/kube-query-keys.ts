/**
 * Query keys of the Kubernetes-cluster hooks. Health sits under the cluster's key, so a cluster
 * switch or reset refreshes it with the rest of the cluster's reads.
 */
import { queryKeys } from "@/lib/hooks/query-keys";

export const kubeQueryKeys = {
  health: (cluster: string) => [...queryKeys.cluster(cluster), "health"] as const,
  /** `source` is `path` or `kubeconfig`; the value is the path or the pasted content (kept in memory only). */
  contexts: (source: "path" | "kubeconfig", value: string) => ["kube-contexts", source, value] as const,
};
