"use client";
/** The audit log page's query: filtered, paged (newest first) change log of the cluster. */
import { useQuery } from "@tanstack/react-query";
import { boardPaths } from "@/lib/contracts/board-paths";
import { AuditPageViewSchema } from "@/lib/contracts/board";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Filters of the audit log; empty strings mean "any". `before` pages to older events. */
export interface AuditFilters {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly actor?: string;
  readonly since?: string;
  readonly until?: string;
  readonly before?: string;
}

/** One page of the change log. */
export function useAuditLog(cluster: string, filters: AuditFilters) {
  const q: Record<string, string | undefined> = { ...filters };
  for (const k of Object.keys(q)) if (q[k] === "") delete q[k];
  return useQuery({
    queryKey: queryKeys.audit(cluster, q),
    queryFn: ({ signal }) => apiFetch(boardPaths.audit(cluster, { ...q, limit: 50 }), { schema: AuditPageViewSchema, signal }),
    placeholderData: (prev) => prev,
  });
}
