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
};
