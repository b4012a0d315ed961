"use client";
/** The service graph query (live by interval, previous graph kept while the next loads). */
import { useQuery } from "@tanstack/react-query";
import { GraphReplySchema, flowPaths } from "@/lib/contracts/flows";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";
import type { FlowQueryParams } from "@/lib/hooks/use-flows";
import { LIVE_REFRESH_MS } from "@/lib/hooks/use-flows";

/** The graph for a query; `live` refetches every LIVE_REFRESH_MS. */
export function useGraph(cluster: string, query: FlowQueryParams, options: { readonly live?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.graph(cluster, query),
    queryFn: ({ signal }) => apiFetch(flowPaths.graph(cluster, query), { schema: GraphReplySchema, signal }),
    placeholderData: (prev) => prev,
    refetchInterval: options.live === true ? LIVE_REFRESH_MS : false,
  });
}
