"use client";
/**
 * Hooks of Settings → "Add a Kubernetes cluster" and of the shell's health banner: test a
 * connection, add a cluster (the clusters list refreshes so the switcher shows it), read a
 * kubeconfig's contexts, and poll a cluster's health.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AddKubeClusterRequest, KubeContextsRequest, TestKubeConnectionRequest } from "@/lib/contracts/kube-clusters";
import { AddKubeClusterResponseSchema, ClusterHealthSchema, KubeContextListSchema, KubeDiscoverySchema, kubeClusterPaths } from "@/lib/contracts/kube-clusters";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** How often the shell asks whether the current cluster is healthy. */
export const HEALTH_POLL_MS = 5000;

/** Connects and discovers without saving. */
export function useTestKubeConnection() {
  return useMutation({ mutationFn: (body: TestKubeConnectionRequest) => apiFetch(kubeClusterPaths.test(), { schema: KubeDiscoverySchema, method: "POST", json: body }) });
}

/** Tests, then registers a Kubernetes cluster. */
export function useAddKubeCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AddKubeClusterRequest) => apiFetch(kubeClusterPaths.add(), { schema: AddKubeClusterResponseSchema, method: "POST", json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.clusters() }),
  });
}

/**
 * The contexts of a kubeconfig: pasted content (sent in a POST body, never in a URL) or a file
 * under the server's kubeconfig folder. Only fetched when the value is not empty.
 */
export function useKubeContexts(source: "path" | "kubeconfig", value: string) {
  return useQuery({
    queryKey: queryKeys.kubeContexts(source, value),
    queryFn: ({ signal }) =>
      source === "path"
        ? apiFetch(kubeClusterPaths.contexts(value), { schema: KubeContextListSchema, signal })
        : apiFetch(kubeClusterPaths.contexts(), { schema: KubeContextListSchema, method: "POST", json: { kubeconfig: value } satisfies KubeContextsRequest, signal }),
    enabled: value.trim() !== "",
    retry: false,
  });
}

/** A cluster's health, polled while the page is visible. */
export function useClusterHealth(cluster: string) {
  return useQuery({
    queryKey: queryKeys.kubeHealth(cluster),
    queryFn: ({ signal }) => apiFetch(kubeClusterPaths.health(cluster), { schema: ClusterHealthSchema, signal }),
    refetchInterval: HEALTH_POLL_MS,
    retry: false,
  });
}
