"use client";
/** The policy analyser's findings of a cluster (board badges), refreshed with the flow history. */
import { useQuery } from "@tanstack/react-query";
import { toQueryString } from "@/lib/contracts/paths";
import { LintResponseSchema } from "@/lib/contracts/lint";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

const LINT_REFRESH_MS = 60_000;

export const lintPath = (cluster: string, windowMinutes: number): string =>
  `/api/v1/clusters/${encodeURIComponent(cluster)}/policies-ops/lint${toQueryString({ windowMinutes })}`;

/** Findings over the last `windowMinutes` of flows (unused rules, staged-policy check). */
export function useLint(cluster: string, windowMinutes: number) {
  return useQuery({
    queryKey: queryKeys.lint(cluster, windowMinutes),
    queryFn: ({ signal }) => apiFetch(lintPath(cluster, windowMinutes), { schema: LintResponseSchema, signal }),
    refetchInterval: LINT_REFRESH_MS,
    placeholderData: (prev) => prev,
  });
}
