"use client";
/** The service graph's saved views: list, save (or replace by name) and delete, per user. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SaveGraphViewRequest } from "@/lib/contracts/saved-views";
import { SavedGraphViewListSchema, SavedGraphViewSchema, savedViewPaths } from "@/lib/contracts/saved-views";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** The caller's saved graph views of a cluster, by name. */
export function useSavedGraphViews(cluster: string) {
  return useQuery({
    queryKey: queryKeys.savedViews(cluster, "graph"),
    queryFn: ({ signal }) => apiFetch(savedViewPaths.graphViews(cluster), { schema: SavedGraphViewListSchema, signal }),
  });
}

/** Saves the current graph state under a name (replacing the caller's view of that name). */
export function useSaveGraphView(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SaveGraphViewRequest) => apiFetch(savedViewPaths.graphViews(cluster), { schema: SavedGraphViewSchema, method: "POST", json: req }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews(cluster, "graph") }),
  });
}

/** Deletes one of the caller's saved graph views. */
export function useDeleteGraphView(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(savedViewPaths.graphView(cluster, id), { schema: NoContentSchema, method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews(cluster, "graph") }),
  });
}
