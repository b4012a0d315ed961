"use client";
/** The service graph's saved views: list, save (or replace by name) and delete, per user. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SaveGraphViewRequest, SavedGraphView, SavedGraphViewList } from "@/lib/contracts/saved-views";
import { savedViewPaths } from "@/lib/contracts/saved-views";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** The caller's saved graph views of a cluster, by name. */
export function useSavedGraphViews(cluster: string) {
  return useQuery({
    queryKey: queryKeys.savedViews(cluster, "graph"),
    queryFn: ({ signal }) => apiFetch<SavedGraphViewList>(savedViewPaths.graphViews(cluster), { signal }),
  });
}

/** Saves the current graph state under a name (replacing the caller's view of that name). */
export function useSaveGraphView(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SaveGraphViewRequest) => apiFetch<SavedGraphView>(savedViewPaths.graphViews(cluster), { method: "POST", json: req }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews(cluster, "graph") }),
  });
}

/** Deletes one of the caller's saved graph views. */
export function useDeleteGraphView(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<undefined>(savedViewPaths.graphView(cluster, id), { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews(cluster, "graph") }),
  });
}
