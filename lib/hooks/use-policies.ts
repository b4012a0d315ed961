"use client";
/**
 * The policy editor's calls: save (create or replace through the resource routes, so conflicts
 * and validation errors come back exactly as for any client), delete, stage (apply of the staged
 * copy), restore a revision, the change log, and the read-only previews (selection, impact,
 * what-if). Writes refresh every read of the cluster.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CalicoResource } from "@/lib/calico/types";
import { toYaml } from "@/lib/calico";
import type { ClusterKind } from "@/lib/cluster/backend";
import { ApplyResultSchema } from "@/lib/contracts/apply";
import type { ImpactRequest, RestoreRequest, WhatIfRequest } from "@/lib/contracts/board";
import { AuditPageViewSchema, ImpactResponseSchema, SelectsResponseSchema, WhatIfResponseSchema, WriteSummarySchema } from "@/lib/contracts/board";
import { boardPaths } from "@/lib/contracts/board-paths";
import { WireObjectSchema } from "@/lib/contracts/objects";
import { apiPaths, toQueryString } from "@/lib/contracts/paths";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

function useInvalidateCluster(cluster: string): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.cluster(cluster) });
}

/**
 * Saves a resource: PUT when it carries a resourceVersion (409 with the current object when it
 * is stale), POST otherwise (409 when the name is taken).
 */
export function useSaveResource(cluster: string) {
  const invalidate = useInvalidateCluster(cluster);
  return useMutation({
    mutationFn: (resource: CalicoResource) => {
      const type = resourceTypeForKind(resource.kind);
      const ns = resource.metadata.namespace;
      const rv = resource.metadata.resourceVersion;
      const text = toYaml([resource]);
      return rv !== undefined && rv !== ""
        ? apiFetch(apiPaths.object(cluster, type, resource.metadata.name, ns), { schema: WireObjectSchema, method: "PUT", text })
        : apiFetch(apiPaths.collection(cluster, type, ns), { schema: WireObjectSchema, method: "POST", text });
    },
    onSuccess: invalidate,
  });
}

/** Create-or-update through the apply route (used by Stage: the staged copy may or may not exist). */
export function useApplyResources(cluster: string) {
  const invalidate = useInvalidateCluster(cluster);
  return useMutation({
    mutationFn: (resources: readonly CalicoResource[]) => apiFetch(apiPaths.apply(cluster), { schema: ApplyResultSchema, method: "POST", text: toYaml(resources) }),
    onSuccess: invalidate,
  });
}

/** What to delete, with the resourceVersion the user saw (409 when it changed). */
export interface DeleteTarget {
  readonly kind: ClusterKind;
  readonly name: string;
  readonly namespace?: string;
  readonly resourceVersion?: string;
}

/** Deletes one object. */
export function useDeleteResource(cluster: string) {
  const invalidate = useInvalidateCluster(cluster);
  return useMutation({
    mutationFn: (t: DeleteTarget) =>
      apiFetch(apiPaths.object(cluster, resourceTypeForKind(t.kind), t.name, t.namespace) + toQueryString({ resourceVersion: t.resourceVersion }), { schema: WireObjectSchema, method: "DELETE" }),
    onSuccess: invalidate,
  });
}

/** Writes an old revision back. */
export function useRestoreRevision(cluster: string) {
  const invalidate = useInvalidateCluster(cluster);
  return useMutation({
    mutationFn: (req: RestoreRequest) => apiFetch(boardPaths.restore(cluster), { schema: WriteSummarySchema, method: "POST", json: req }),
    onSuccess: invalidate,
  });
}

/** The change log of one object (newest first); disabled until `name` is set. */
export function useHistory(cluster: string, kind: string, namespace: string | undefined, name: string) {
  return useQuery({
    queryKey: queryKeys.history(cluster, kind, namespace, name),
    queryFn: ({ signal }) => apiFetch(boardPaths.history(cluster, { kind, name, ...(namespace !== undefined ? { namespace } : {}) }), { schema: AuditPageViewSchema, signal }),
    enabled: name !== "",
  });
}

/** Endpoints a draft selects; `draft` undefined disables the query (invalid form). */
export function useSelects(cluster: string, draft: CalicoResource | undefined) {
  const text = draft === undefined ? "" : JSON.stringify(draft);
  return useQuery({
    queryKey: queryKeys.selects(cluster, text),
    queryFn: ({ signal }) => apiFetch(boardPaths.selects(cluster), { schema: SelectsResponseSchema, method: "POST", json: { resource: draft }, signal }),
    enabled: draft !== undefined,
    placeholderData: (prev) => prev,
  });
}

/** Impact preview of a proposed change (a mutation: run on demand). */
export function useImpact(cluster: string) {
  return useMutation({
    mutationFn: (req: ImpactRequest) => apiFetch(boardPaths.impact(cluster), { schema: ImpactResponseSchema, method: "POST", json: req }),
  });
}

/** What-if probe (run on demand). */
export function useWhatIf(cluster: string) {
  return useMutation({
    mutationFn: (req: WhatIfRequest) => apiFetch(boardPaths.whatIf(cluster), { schema: WhatIfResponseSchema, method: "POST", json: req }),
  });
}
