"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateClusterRequest } from "@/lib/contracts/clusters";
import { ClusterListSchema, ClusterSummarySchema } from "@/lib/contracts/clusters";
import { apiPaths } from "@/lib/contracts/paths";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Every registered cluster. */
export function useClusters() {
  return useQuery({ queryKey: queryKeys.clusters(), queryFn: ({ signal }) => apiFetch(apiPaths.clusters(), { schema: ClusterListSchema, signal }) });
}

/** Registers a cluster (an embedded one is seeded with the demo). */
export function useAddCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClusterRequest) => apiFetch(apiPaths.clusters(), { schema: ClusterSummarySchema, method: "POST", json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.clusters() }),
  });
}

/** Removes a cluster and forgets everything cached for it. */
export function useRemoveCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cluster: string) => apiFetch(apiPaths.cluster(cluster), { schema: NoContentSchema, method: "DELETE" }),
    onSuccess: (_data, cluster) => {
      client.removeQueries({ queryKey: queryKeys.cluster(cluster) });
      return client.invalidateQueries({ queryKey: queryKeys.clusters() });
    },
  });
}

/** Wipes an embedded cluster back to the demo; every cached read of it is refetched. */
export function useResetCluster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cluster: string) => apiFetch(apiPaths.clusterReset(cluster), { schema: ClusterSummarySchema, method: "POST" }),
    onSuccess: (_data, cluster) => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}
