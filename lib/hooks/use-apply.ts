"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApplyResultSchema } from "@/lib/contracts/apply";
import { apiPaths, toQueryString } from "@/lib/contracts/paths";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

export interface ApplyInput {
  readonly text: string;
  readonly dryRun: boolean;
}

/** Applies multi-document YAML/JSON to a cluster (`dryRun` writes nothing). A real apply refetches the cluster's reads. */
export function useApply(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApplyInput) =>
      apiFetch(apiPaths.apply(cluster) + toQueryString({ dryRun: input.dryRun ? "All" : undefined }), { schema: ApplyResultSchema, method: "POST", text: input.text }),
    onSuccess: (result) => (result.dryRun ? undefined : client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) })),
  });
}
