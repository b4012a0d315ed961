"use client";
import { createContext, useContext, useMemo } from "react";
import type { ReactNode } from "react";
import type { LabelCatalog } from "@/lib/board";
import { buildLabelCatalog } from "@/lib/board";
import type { WorkloadRefView } from "@/lib/contracts/board";
import { resourceTypeForKind } from "@/lib/contracts/resources";
import { useObjectList } from "@/lib/hooks/use-objects";

/** Which objects a selector matches: endpoints (selector, notSelector), namespaces, or other (no suggestions). */
export type SelectorScope = "endpoint" | "namespace" | "none";

interface Suggestions {
  readonly endpoint: LabelCatalog;
  readonly namespace: LabelCatalog;
}

const NONE: LabelCatalog = new Map();
const EMPTY: Suggestions = { endpoint: NONE, namespace: NONE };
const SuggestionsContext = createContext<Suggestions>(EMPTY);

/** The labels that exist for one kind of selector (empty outside a provider). */
export function useLabelSuggestions(scope: SelectorScope): LabelCatalog {
  const all = useContext(SuggestionsContext);
  return scope === "none" ? NONE : all[scope];
}

/**
 * Offers the labels of the cluster's workloads and namespaces to the selector pickers below it.
 * Calico adds `projectcalico.org/namespace` to every endpoint and `projectcalico.org/name` to
 * every namespace (Kubernetes adds `kubernetes.io/metadata.name`), so those are offered too.
 */
export function LabelSuggestionsProvider(props: { readonly cluster: string; readonly workloads: readonly WorkloadRefView[]; readonly namespaces: readonly string[]; readonly children: ReactNode }) {
  const { workloads, namespaces } = props;
  const nsObjects = useObjectList(props.cluster, resourceTypeForKind("Namespace"));
  const nsItems = nsObjects.data?.items;
  const value = useMemo<Suggestions>(() => {
    const nsNames = [...new Set([...namespaces, ...(nsItems ?? []).map((n) => n.metadata.name)])];
    return {
      endpoint: buildLabelCatalog(workloads.map((w) => ({ ...w.labels, "projectcalico.org/namespace": w.namespace }))),
      namespace: buildLabelCatalog([
        ...(nsItems ?? []).map((n) => n.metadata.labels ?? {}),
        ...nsNames.map((n) => ({ "projectcalico.org/name": n, "kubernetes.io/metadata.name": n })),
      ]),
    };
  }, [workloads, namespaces, nsItems]);
  return <SuggestionsContext.Provider value={value}>{props.children}</SuggestionsContext.Provider>;
}
