/**
 * Query keys of the board, editor and audit hooks. They sit under `queryKeys.cluster(cluster)`,
 * so anything that invalidates a cluster's reads (apply, reset, cluster switch) refreshes them.
 */
import { queryKeys } from "@/lib/hooks/query-keys";

export const boardQueryKeys = {
  board: (cluster: string) => [...queryKeys.cluster(cluster), "board"] as const,
  traffic: (cluster: string, minutes: number) => [...queryKeys.cluster(cluster), "board-traffic", minutes] as const,
  history: (cluster: string, kind: string, namespace: string | undefined, name: string) => [...queryKeys.cluster(cluster), "history", kind, namespace ?? "", name] as const,
  audit: (cluster: string, filters: Readonly<Record<string, string | undefined>>) => [...queryKeys.cluster(cluster), "audit", filters] as const,
  selects: (cluster: string, draft: string) => [...queryKeys.cluster(cluster), "selects", draft] as const,
};
