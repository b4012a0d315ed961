/** The query-key factory: every react-query key is built here, never inline. */
export interface ObjectListFilters {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly tier?: string;
}

export const queryKeys = {
  session: () => ["session"] as const,
  clusters: () => ["clusters"] as const,
  /** Everything read from one cluster (invalidated on apply, reset, cluster switch). */
  cluster: (cluster: string) => ["cluster", cluster] as const,
  objectsOf: (cluster: string, resource: string) => ["cluster", cluster, "objects", resource] as const,
  objectList: (cluster: string, resource: string, filters: ObjectListFilters) =>
    ["cluster", cluster, "objects", resource, "list", { namespace: filters.namespace ?? "", labelSelector: filters.labelSelector ?? "", tier: filters.tier ?? "" }] as const,
  object: (cluster: string, resource: string, namespace: string | undefined, name: string) =>
    ["cluster", cluster, "objects", resource, "detail", namespace ?? "", name] as const,
  /** Stored flows (list pages, suggestions, graph) of a cluster; invalidated after a simulator run. */
  flowsOf: (cluster: string) => ["cluster", cluster, "flows"] as const,
  flowPage: (cluster: string, query: Readonly<Record<string, string | number | undefined>>) => ["cluster", cluster, "flows", "page", query] as const,
  flowSuggestions: (cluster: string, field: string, q: string) => ["cluster", cluster, "flows", "suggestions", field, q] as const,
  graph: (cluster: string, query: Readonly<Record<string, string | number | undefined>>) => ["cluster", cluster, "flows", "graph", query] as const,
  simulator: (cluster: string) => ["cluster", cluster, "simulator"] as const,
  /** The caller's saved views of a page (graph) on a cluster. */
  savedViews: (cluster: string, page: string) => ["cluster", cluster, "saved-views", page] as const,
  /** The caller's stored graph node positions of a cluster ("" = no saved view). */
  graphPositions: (cluster: string, view: string) => ["cluster", cluster, "graph-positions", view] as const,
  /** Namespace recommendations and their settings (invalidated after run / actions / settings). */
  recommendations: (cluster: string) => ["cluster", cluster, "recommendations"] as const,
  recommendationDetail: (cluster: string, namespace: string) => ["cluster", cluster, "recommendations", "detail", namespace] as const,
  recommendationSettings: (cluster: string) => ["cluster", cluster, "recommendations", "settings"] as const,
  recommendWorkloads: (cluster: string) => ["cluster", cluster, "recommendations", "workloads"] as const,
};
