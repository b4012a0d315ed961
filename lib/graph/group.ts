/**
 * groupByLabel: boxes of namespaces that share a label value, drawn around them — the zones of
 * a cluster (`zone`: dmz / trusted / restricted) rather than only namespaces. It runs last on
 * the client (after filter and aggregate): it adds one container node `grp:<key>=<value>` per
 * value seen and re-parents the namespace-level nodes (closed namespaces, open namespace
 * containers, namespaced network sets without a container) of namespaces carrying the label.
 * Namespaces without the label, and nodes outside the cluster, stay where they were.
 */
import type { Graph, GraphNode } from "@/lib/graph/types";

/** Labels of each namespace, by namespace name. */
export type NamespaceLabels = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** The id of the group box of one label value. */
export function groupIdOf(key: string, value: string): string {
  return `grp:${key}=${value}`;
}

/**
 * The graph with namespaces boxed by the value of their label `key`. An empty key, or a key no
 * namespace in the graph has, returns the graph unchanged (the same object). Group nodes come
 * first (sorted by value), so a diff adds them before their members. Pure; never throws.
 */
export function groupByLabel(graph: Graph, labels: NamespaceLabels, key: string): Graph {
  if (key === "") return graph;
  const groups = new Map<string, GraphNode>();
  const nodes = graph.nodes.map((n): GraphNode => {
    if (n.parent !== undefined || n.namespace === undefined || n.kind === "group") return n;
    const value = labels.get(n.namespace)?.[key];
    if (value === undefined) return n;
    const id = groupIdOf(key, value);
    if (!groups.has(id)) groups.set(id, { id, kind: "group", label: `${key}: ${value}`, expanded: true });
    return { ...n, parent: id };
  });
  if (groups.size === 0) return graph;
  const boxes = [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nodes: [...boxes, ...nodes], edges: graph.edges };
}

/** Label keys found on the namespaces, sorted, for the "group by" picker. Pure. */
export function labelKeysOf(labels: NamespaceLabels): string[] {
  const keys = new Set<string>();
  for (const l of labels.values()) for (const k of Object.keys(l)) keys.add(k);
  return [...keys].sort();
}
