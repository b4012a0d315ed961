"use client";
/**
 * Flow queries: paged lists (the graph's side panel refreshes by interval), the Flows page's
 * continuous list (every page of one filter set), its count and live stream (server-sent events),
 * suggestions, and the simulator's state and actions.
 */
import { useEffect, useRef, useState } from "react";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FlowPage, FlowRowView, FlowStreamEvent, SuggestionField } from "@/lib/contracts/flows";
import { FlowPageSchema, FlowStreamEventSchema, FlowSuggestionsSchema, SimulatorRunSchema, SimulatorStateSchema, flowPaths } from "@/lib/contracts/flows";
import type { WireObjectView } from "@/lib/contracts/objects";
import { WireObjectSchema } from "@/lib/contracts/objects";
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
    queryFn: ({ signal }) => apiFetch(flowPaths.flows(cluster, query), { schema: FlowPageSchema, signal }),
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

/** Values for a filter field's suggestions, from the records of the time range. */
export function useFlowSuggestions(cluster: string, field: SuggestionField, q: string, range: { readonly from?: number; readonly to?: number } = {}, options: { readonly enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.flowSuggestions(cluster, field, q, range),
    queryFn: ({ signal }) => apiFetch(flowPaths.suggestions(cluster, { field, q, from: range.from, to: range.to }), { schema: FlowSuggestionsSchema, signal }),
    staleTime: 30_000,
    placeholderData: (prev) => prev,
    enabled: options.enabled ?? true,
  });
}

/** Rows per page of the Flows page's continuous list. */
export const FLOW_PAGE_SIZE = 200;

/**
 * The Flows page's list as a sparse array over one snapshot: the first page pins the snapshot
 * (`latest`, the newest row id it includes); the pages the table needs are read within it, by
 * keyset cursor when the page before is loaded (cheap, the usual scroll) and by offset otherwise
 * (a scrollbar jump). Pages keep their place while new rows arrive, because those are outside
 * the snapshot (the live stream brings them). `pages` are the 0-based page numbers to load.
 */
export function useFlowSnapshot(cluster: string, query: FlowQueryParams, pages: readonly number[]) {
  const client = useQueryClient();
  const first = useQuery({
    queryKey: queryKeys.flowFirstPage(cluster, query),
    queryFn: ({ signal }) => apiFetch(flowPaths.flows(cluster, { ...query, limit: FLOW_PAGE_SIZE, withCount: "true" }), { schema: FlowPageSchema, signal }),
    placeholderData: (prev) => prev,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const latest = first.isPlaceholderData ? undefined : first.data?.latest;
  const snapshotKey = (page: number) => queryKeys.flowSnapshotPage(cluster, query, latest ?? "", page);
  const rest = useQueries({
    queries: pages
      .filter((p) => p > 0)
      .map((page) => ({
        queryKey: snapshotKey(page),
        enabled: latest !== undefined,
        staleTime: Number.POSITIVE_INFINITY,
        queryFn: ({ signal }: { signal: AbortSignal }) => {
          const before = page === 1 ? first.data : client.getQueryData<FlowPage>(snapshotKey(page - 1));
          const position = before?.next !== undefined ? { cursor: before.next } : { offset: page * FLOW_PAGE_SIZE };
          return apiFetch(flowPaths.flows(cluster, { ...query, maxId: latest, limit: FLOW_PAGE_SIZE, ...position }), { schema: FlowPageSchema, signal });
        },
      })),
  });
  const loaded = new Map<number, readonly FlowRowView[]>();
  if (latest !== undefined && first.data !== undefined) loaded.set(0, first.data.items);
  let fetching = false;
  let error: unknown = first.error;
  pages
    .filter((p) => p > 0)
    .forEach((page, i) => {
      const r = rest[i];
      if (r?.data !== undefined) loaded.set(page, r.data.items);
      if (r?.isFetching === true) fetching = true;
      if (r?.error !== null && r?.error !== undefined) error = r.error;
    });
  const count = first.isPlaceholderData ? undefined : first.data?.count;
  return { first, latest, count, loaded, fetching, error };
}
/** A `flows` event parsed by its contract; undefined when it is not JSON or does not match. */
function parseStreamEvent(data: string): FlowStreamEvent | undefined {
  try {
    const parsed = FlowStreamEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The state of the live stream ("broken": an event did not match its contract, the stream stopped). */
export type FlowStreamStatus = "off" | "connecting" | "live" | "reconnecting" | "broken";

/**
 * Rows pushed by the server as they are stored (server-sent events), after row id `after`, with
 * the filters of `query`; `onRows` receives each batch (oldest first). Closed when `enabled` turns
 * false, and reopened when the filters change. EventSource reconnects by itself with the last
 * event id, so nothing is skipped across a dropped connection.
 */
export function useFlowStream(cluster: string, query: FlowQueryParams, after: string | undefined, enabled: boolean, onRows: (rows: readonly FlowRowView[]) => void): FlowStreamStatus {
  const [status, setStatus] = useState<FlowStreamStatus>("off");
  const onRowsRef = useRef(onRows);
  useEffect(() => {
    onRowsRef.current = onRows;
  }, [onRows]);
  const url = enabled && after !== undefined ? flowPaths.stream(cluster, { ...query, after }) : undefined;
  useEffect(() => {
    if (url === undefined || typeof EventSource === "undefined") {
      setStatus("off");
      return;
    }
    setStatus("connecting");
    const source = new EventSource(url);
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "off" : "reconnecting");
    source.addEventListener("flows", (e) => {
      // The server writes FlowStreamEvent JSON (lib/server/flows/stream.ts). An event that is not
      // one is a server fault a reconnect would repeat: the stream stops and says so ("broken"),
      // rather than handing rows of the wrong shape to the table.
      const event = parseStreamEvent((e as MessageEvent<string>).data);
      if (event === undefined) {
        source.close();
        setStatus("broken");
        return;
      }
      if (event.items.length > 0) onRowsRef.current(event.items);
    });
    return () => source.close();
  }, [url]);
  return status;
}

/** The simulator's state (embedded clusters only; real clusters answer 400). */
export function useSimulator(cluster: string) {
  return useQuery({
    queryKey: queryKeys.simulator(cluster),
    queryFn: ({ signal }) => apiFetch(flowPaths.simulator(cluster), { schema: SimulatorStateSchema, signal }),
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
  });
}

/** Pause or resume the simulator. */
export function useSetSimulatorPaused(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => apiFetch(flowPaths.simulator(cluster), { schema: SimulatorStateSchema, method: "PUT", json: { paused } }),
    onSuccess: (state) => client.setQueryData(queryKeys.simulator(cluster), state),
  });
}

/** Run one simulated interval now; refetches flows and the graph afterwards. */
export function useRunSimulator(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(flowPaths.simulator(cluster), { schema: SimulatorRunSchema, method: "POST" }),
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
    mutationFn: (obj: WireObjectView) => apiFetch(apiPaths.object(cluster, type, obj.metadata.name, obj.metadata.namespace), { schema: WireObjectSchema, method: "PUT", text: JSON.stringify(obj) }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}
