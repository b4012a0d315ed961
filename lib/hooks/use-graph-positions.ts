"use client";
/**
 * The service graph's stored node positions (per user, cluster and saved view): read once per
 * view, written after a layout or a drag (merged server-side), forgotten by "Re-layout".
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GraphPositionsReply, SaveGraphPositionsRequest } from "@/lib/contracts/graph-positions";
import { GraphPositionsReplySchema, graphPositionPaths } from "@/lib/contracts/graph-positions";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Stored positions of a view (`undefined` = the graph page without a view). Never refetched on its own: the canvas is the newer copy. */
export function useGraphPositions(cluster: string, view: string | undefined) {
  return useQuery({
    queryKey: queryKeys.graphPositions(cluster, view ?? ""),
    queryFn: ({ signal }) => apiFetch(graphPositionPaths.positions(cluster, view), { schema: GraphPositionsReplySchema, signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Merges positions into the stored ones; the cache takes the merged result. */
export function useSaveGraphPositions(cluster: string, view: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SaveGraphPositionsRequest) => apiFetch(graphPositionPaths.positions(cluster, view), { schema: GraphPositionsReplySchema, method: "PUT", json: req }),
    onSuccess: (reply) => client.setQueryData(queryKeys.graphPositions(cluster, view ?? ""), reply),
  });
}

/** Forgets the stored positions of a view. */
export function useResetGraphPositions(cluster: string, view: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(graphPositionPaths.positions(cluster, view), { schema: NoContentSchema, method: "DELETE" }),
    onSuccess: () => client.setQueryData<GraphPositionsReply>(queryKeys.graphPositions(cluster, view ?? ""), { positions: {} }),
  });
}

/**
 * Gives a (just saved) view the positions on screen: the cache has them at once, so the canvas
 * switching to that view finds the same picture, and the server gets them in the background.
 */
export function useAdoptGraphPositions(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SaveGraphPositionsRequest & { readonly view: string }) => apiFetch(graphPositionPaths.positions(cluster, req.view), { schema: GraphPositionsReplySchema, method: "PUT", json: { positions: req.positions } }),
    onMutate: (req) => client.setQueryData<GraphPositionsReply>(queryKeys.graphPositions(cluster, req.view), { positions: req.positions }),
  });
}
