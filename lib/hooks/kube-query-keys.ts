/**
 * Query keys of the Kubernetes-cluster hooks. Health sits under the cluster's key, so a cluster
 * switch or reset refreshes it with the rest of the cluster's reads.
 */
import { queryKeys } from "@/lib/hooks/query-keys";

export const kubeQueryKeys = {
  health: (cluster: string) => [...queryKeys.cluster(cluster), "health"] as const,
  contexts: (path: string) => ["kube-contexts", path] as const,
};
