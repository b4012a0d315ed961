"use client";
/**
 * The board's data and mutations: the snapshot, board changes (reorder, move, rename) applied
 * optimistically and rolled back on ApiProblem, enforce, and tier writes through the resource
 * routes. A 409 is surfaced to the caller untouched (the board shows it; nothing is retried).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CalicoResource } from "@/lib/calico/types";
import { isPolicyResource } from "@/lib/board";
import { policyKeyOf } from "@/lib/policy";
import type { BoardChange, BoardSnapshot, EnforceRequest } from "@/lib/contracts/board";
import { boardPaths } from "@/lib/contracts/board-paths";
import { BoardSnapshotSchema, BoardTrafficSchema, WriteSummarySchema } from "@/lib/contracts/board";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";
import { useClusters } from "@/lib/hooks/use-clusters";

/**
 * The board snapshot of a cluster. A kubernetes cluster's board is refetched every second: its
 * objects change outside Palisade (kubectl, GitOps) and reads come from the watch cache, so a
 * refetch costs no API-server call.
 */
export function useBoard(cluster: string) {
  const kind = useClusters().data?.items.find((c) => c.id === cluster)?.kind;
  return useQuery({
    queryKey: queryKeys.board(cluster),
    queryFn: ({ signal }) => apiFetch(boardPaths.board(cluster), { schema: BoardSnapshotSchema, signal }),
    refetchInterval: kind === "kubernetes" ? 1000 : false,
  });
}

/** Refresh period of the board's traffic counters (new flow intervals arrive continuously). */
const TRAFFIC_REFRESH_MS = 30_000;

/** Per-policy allowed / denied / passed hits over the last `minutes`, refreshed by interval. */
export function useBoardTraffic(cluster: string, minutes: number) {
  return useQuery({
    queryKey: queryKeys.boardTraffic(cluster, minutes),
    queryFn: ({ signal }) => apiFetch(boardPaths.traffic(cluster, { minutes }), { schema: BoardTrafficSchema, signal }),
    refetchInterval: TRAFFIC_REFRESH_MS,
    placeholderData: (prev) => prev,
  });
}

function keyOf(r: CalicoResource): string {
  return isPolicyResource(r) ? policyKeyOf(r) : `${r.kind}/${r.metadata.name}`;
}

/** The snapshot as it will look once `changes` are written (for the optimistic update). */
export function applyChangesLocally(snapshot: BoardSnapshot, changes: readonly BoardChange[]): BoardSnapshot {
  const byKey = new Map(changes.map((c) => [c.key, c]));
  const resources = snapshot.resources.map((r): CalicoResource => {
    const c = byKey.get(keyOf(r));
    if (c === undefined) return r;
    const spec = { ...(r.spec as Record<string, unknown>), ...(c.order !== undefined ? { order: c.order } : {}), ...(c.tier !== undefined ? { tier: c.tier } : {}) };
    // Safe: only spec.order / spec.tier / metadata.name change, as the server will write them.
    return { ...r, metadata: { ...r.metadata, ...(c.name !== undefined ? { name: c.name } : {}) }, spec } as CalicoResource;
  });
  return { ...snapshot, resources };
}

/** Writes board changes atomically; optimistic, rolled back when the server refuses them. */
export function useBoardChanges(cluster: string) {
  const client = useQueryClient();
  const key = queryKeys.board(cluster);
  return useMutation({
    mutationFn: (changes: readonly BoardChange[]) => apiFetch(boardPaths.changes(cluster), { schema: WriteSummarySchema, method: "POST", json: { changes } }),
    onMutate: async (changes) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<BoardSnapshot>(key);
      if (previous !== undefined) client.setQueryData(key, applyChangesLocally(previous, changes));
      return { previous };
    },
    onError: (_e, _changes, context) => {
      if (context?.previous !== undefined) client.setQueryData(key, context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}

/** Enforces a staged policy (staged → enforced atomically, staged copy removed). */
export function useEnforce(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: EnforceRequest) => apiFetch(boardPaths.enforce(cluster), { schema: WriteSummarySchema, method: "POST", json: req }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}
