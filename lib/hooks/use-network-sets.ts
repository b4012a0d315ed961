"use client";
/**
 * The Network sets page's reads: NetworkSets and GlobalNetworkSets, plus the Calico policies and
 * namespaces needed to say which policy rules select each set. Writes go through the resource
 * routes (lib/hooks/use-policies useSaveResource / useDeleteResource: conditional PUT, 409).
 */
import type { CalicoResource, GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import type { WireObjectView } from "@/lib/contracts/objects";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { useObjectLists } from "@/lib/hooks/use-objects";

const SET_TYPES = [resourceTypeForKind("NetworkSet"), resourceTypeForKind("GlobalNetworkSet")];
const POLICY_TYPES = ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy"] as const;
const OTHER_TYPES = [...POLICY_TYPES.map((k) => resourceTypeForKind(k)), resourceTypeForKind("Namespace")];

function toModel(obj: WireObjectView): CalicoResource | undefined {
  return validateResource(obj).resource;
}

export interface NetworkSetsData {
  readonly sets: readonly (NetworkSet | GlobalNetworkSet)[];
  readonly policies: readonly CalicoResource[];
  readonly namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly namespaceNames: readonly string[];
  readonly isPending: boolean;
  readonly error: unknown;
}

/** Network sets (both kinds, sorted: global first, then by namespace and name) and what references needs. */
export function useNetworkSets(cluster: string): NetworkSetsData {
  const lists = useObjectLists(cluster, [...SET_TYPES, ...OTHER_TYPES]);
  const items = (i: number): readonly WireObjectView[] => lists[i]?.data?.items ?? [];
  const sets = [...items(0), ...items(1)]
    .map(toModel)
    .filter((r): r is NetworkSet | GlobalNetworkSet => r !== undefined && (r.kind === "NetworkSet" || r.kind === "GlobalNetworkSet"))
    .sort((a, b) => (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") || a.metadata.name.localeCompare(b.metadata.name));
  const policies = POLICY_TYPES.flatMap((_k, i) => items(2 + i).map(toModel)).filter((r): r is CalicoResource => r !== undefined);
  const nsObjects = items(2 + POLICY_TYPES.length);
  const namespaces = new Map(nsObjects.map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  return {
    sets,
    policies,
    namespaces,
    namespaceNames: nsObjects.map((n) => n.metadata.name).sort(),
    isPending: lists.some((q) => q.isPending),
    error: lists.find((q) => q.error !== null)?.error ?? null,
  };
}
