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
  /** The Flows page's first page of one filter set (it pins the snapshot the others are read from). */
  flowFirstPage: (cluster: string, query: Readonly<Record<string, string | number | undefined>>) => ["cluster", cluster, "flows", "first", query] as const,
  /** Page `page` (0-based) of one filter set within the snapshot up to row id `latest`. */
  flowSnapshotPage: (cluster: string, query: Readonly<Record<string, string | number | undefined>>, latest: string, page: number) =>
    ["cluster", cluster, "flows", "snapshot", query, latest, page] as const,
  flowSuggestions: (cluster: string, field: string, q: string, range?: { readonly from?: number; readonly to?: number }) =>
    ["cluster", cluster, "flows", "suggestions", field, q, range?.from ?? 0, range?.to ?? 0] as const,
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
  // ---- Board, editor and audit (under the cluster key: apply, reset and switch refresh them) ----
  board: (cluster: string) => ["cluster", cluster, "board"] as const,
  boardTraffic: (cluster: string, minutes: number) => ["cluster", cluster, "board-traffic", minutes] as const,
  history: (cluster: string, kind: string, namespace: string | undefined, name: string) => ["cluster", cluster, "history", kind, namespace ?? "", name] as const,
  audit: (cluster: string, filters: Readonly<Record<string, string | undefined>>) => ["cluster", cluster, "audit", filters] as const,
  selects: (cluster: string, draft: string) => ["cluster", cluster, "selects", draft] as const,
  lint: (cluster: string, windowMinutes: number) => ["cluster", cluster, "lint", windowMinutes] as const,
  // ---- Network resources pages ----
  threatFeeds: (cluster: string) => ["cluster", cluster, "threat-feeds"] as const,
  ipPools: (cluster: string) => ["cluster", cluster, "ip-pools"] as const,
  /** Everything of the Alerts page (overview and events). */
  alerts: (cluster: string) => ["cluster", cluster, "alerts"] as const,
  alertsOverview: (cluster: string) => ["cluster", cluster, "alerts", "overview"] as const,
  alertEvents: (cluster: string, alert: string) => ["cluster", cluster, "alerts", "events", alert] as const,
  // ---- Kubernetes clusters ----
  kubeHealth: (cluster: string) => ["cluster", cluster, "health"] as const,
  /** `source` is `path` or `kubeconfig`; the value is the path or the pasted content (kept in memory only). */
  kubeContexts: (source: "path" | "kubeconfig", value: string) => ["kube-contexts", source, value] as const,
  // ---- Users, tokens and sign-in (not per cluster) ----
  users: () => ["users"] as const,
  apiTokens: () => ["api-tokens"] as const,
  authEvents: () => ["auth-events"] as const,
  authEventsPage: (limit: number) => ["auth-events", limit] as const,
  oidcSettings: () => ["oidc-settings"] as const,
};
