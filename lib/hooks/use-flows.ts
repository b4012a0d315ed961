"use client";
/** Flow queries: paged lists (live by interval), suggestions, and the simulator's state and actions. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FlowPage, FlowSuggestions, SimulatorRun, SimulatorState, SuggestionField } from "@/lib/contracts/flows";
import { flowPaths } from "@/lib/contracts/flows";
import type { WireObjectView } from "@/lib/contracts/objects";
import { apiPaths } from "@/lib/contracts/paths";
import type { ResourceType } from "@/lib/contracts/resources";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** How often live views refetch (Calico's demo flush interval is 15 s; a tick lands within 5 s). */
export const LIVE_REFRESH_MS = 5000;

/** Query-string values of a flow query (empty strings are dropped by the path builder). */
export type FlowQueryParams = Readonly<Record<string, string | number | undefined>>;

/** One page of flows; `live` refetches it every LIVE_REFRESH_MS. */
export function useFlowPage(cluster: string, query: FlowQueryParams, options: { readonly live?: boolean; readonly enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.flowPage(cluster, query),
    queryFn: ({ signal }) => apiFetch<FlowPage>(flowPaths.flows(cluster, query), { signal }),
    placeholderData: (prev) => prev,
    refetchInterval: options.live === true ? LIVE_REFRESH_MS : false,
    enabled: options.enabled ?? true,
  });
}

/** The export URL for the current filters (a plain download link: the browser sends the cookie). */
export function flowExportHref(cluster: string, query: FlowQueryParams, format: "csv" | "json"): string {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return flowPaths.flows(cluster, { ...filters, format });
}

/** Values for a filter field's suggestions. */
export function useFlowSuggestions(cluster: string, field: SuggestionField, q: string) {
  return useQuery({
    queryKey: queryKeys.flowSuggestions(cluster, field, q),
    queryFn: ({ signal }) => apiFetch<FlowSuggestions>(flowPaths.suggestions(cluster, { field, q }), { signal }),
    staleTime: 30_000,
  });
}

/** The simulator's state (embedded clusters only; real clusters answer 400). */
export function useSimulator(cluster: string) {
  return useQuery({
    queryKey: queryKeys.simulator(cluster),
    queryFn: ({ signal }) => apiFetch<SimulatorState>(flowPaths.simulator(cluster), { signal }),
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
  });
}

/** Pause or resume the simulator. */
export function useSetSimulatorPaused(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => apiFetch<SimulatorState>(flowPaths.simulator(cluster), { method: "PUT", json: { paused } }),
    onSuccess: (state) => client.setQueryData(queryKeys.simulator(cluster), state),
  });
}

/** Run one simulated interval now; refetches flows and the graph afterwards. */
export function useRunSimulator(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<SimulatorRun>(flowPaths.simulator(cluster), { method: "POST" }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.flowsOf(cluster) });
      await client.invalidateQueries({ queryKey: queryKeys.simulator(cluster) });
    },
  });
}

/**
 * Replaces one object through the resource API (PUT with its metadata.resourceVersion: a stale
 * version answers 409), then refetches the cluster's reads.
 */
export function useSaveObject(cluster: string, type: ResourceType) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (obj: WireObjectView) => apiFetch<WireObjectView>(apiPaths.object(cluster, type, obj.metadata.name, obj.metadata.namespace), { method: "PUT", text: JSON.stringify(obj) }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}
