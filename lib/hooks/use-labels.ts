"use client";
/** The Workloads page's label editor: change only the labels of a Pod or Namespace; refreshes every read of the cluster. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LabelPatchRequest } from "@/lib/contracts/labels";
import { LabelPatchResponseSchema, labelPaths } from "@/lib/contracts/labels";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

export function usePatchLabels(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: LabelPatchRequest) => apiFetch(labelPaths.patch(cluster), { schema: LabelPatchResponseSchema, method: "POST", json: req }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) }),
  });
}
