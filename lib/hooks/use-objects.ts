"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import type { WireObjectView } from "@/lib/contracts/objects";
import { ObjectListSchema, WireObjectSchema } from "@/lib/contracts/objects";
import { apiPaths, toQueryString } from "@/lib/contracts/paths";
import type { ResourceType } from "@/lib/contracts/resources";
import { apiFetch } from "@/lib/hooks/fetcher";
import type { ObjectListFilters } from "@/lib/hooks/query-keys";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Page size of list reads (P1 in reference/performance-and-security.md: `limit=500` + `continue`). */
export const LIST_PAGE_SIZE = 500;
/** Stop following `continue` after this many objects; the UI says the list is truncated. */
export const LIST_MAX_OBJECTS = 10_000;

/** Every object of a list (pages followed), with whether it was cut at LIST_MAX_OBJECTS. */
export interface ObjectListResult {
  readonly items: readonly WireObjectView[];
  readonly resourceVersion: string;
  readonly truncated: boolean;
}

async function fetchAllPages(cluster: string, type: ResourceType, filters: ObjectListFilters, signal: AbortSignal): Promise<ObjectListResult> {
  const items: WireObjectView[] = [];
  let next: string | undefined;
  let resourceVersion = "";
  do {
    const path =
      apiPaths.collection(cluster, type) +
      toQueryString({ namespace: type.namespaced ? filters.namespace : undefined, labelSelector: filters.labelSelector, tier: filters.tier, limit: LIST_PAGE_SIZE, continue: next });
    const page = await apiFetch(path, { schema: ObjectListSchema, signal });
    // Wire objects from the server carry apiVersion/kind/metadata (lib/contracts/objects.ts).
    items.push(...(page.items as readonly WireObjectView[]));
    resourceVersion = page.metadata.resourceVersion;
    next = page.metadata.continue;
  } while (next !== undefined && items.length < LIST_MAX_OBJECTS);
  return { items, resourceVersion, truncated: next !== undefined };
}

/** Lists objects of one type (all namespaces unless `filters.namespace`). Disabled without a cluster. */
export function useObjectList(cluster: string | undefined, type: ResourceType | undefined, filters: ObjectListFilters = {}) {
  return useQuery({
    queryKey: queryKeys.objectList(cluster ?? "", type?.plural ?? "", filters),
    queryFn: ({ signal }) => fetchAllPages(cluster ?? "", type as ResourceType, filters, signal), // enabled only when type is set
    enabled: cluster !== undefined && type !== undefined,
  });
}

/** Lists several types at once (one query each, in `types` order). */
export function useObjectLists(cluster: string, types: readonly ResourceType[], filters: ObjectListFilters = {}) {
  return useQueries({
    queries: types.map((type) => ({
      queryKey: queryKeys.objectList(cluster, type.plural, filters),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchAllPages(cluster, type, filters, signal),
    })),
  });
}

/** Reads one object. */
export function useObject(cluster: string, type: ResourceType, name: string, namespace?: string) {
  return useQuery({
    queryKey: queryKeys.object(cluster, type.plural, namespace, name),
    queryFn: ({ signal }) => apiFetch(apiPaths.object(cluster, type, name, namespace), { schema: WireObjectSchema, signal }),
  });
}
