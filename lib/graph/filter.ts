/**
 * filterGraph: the second pipeline stage. Time range and flow-level filters are applied
 * upstream (to the records); here we narrow the built graph: namespaces, edge classes, search
 * text, and "hide unrelated" (only the neighbourhood of a selected node, to a depth).
 */
import type { EdgeClass } from "@/lib/graph/style";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/types";

export interface GraphFilterSpec {
  /** Keep edges touching a node of these namespaces, and those nodes even without edges. */
  readonly namespaces?: readonly string[];
  /** Keep edges with traffic of one of these classes (`allowed` = some allowed flows, ...). */
  readonly actions?: readonly Exclude<EdgeClass, "mixed">[];
  /** Case-insensitive text in a node's label or id: keep matching nodes and their direct neighbours. */
  readonly search?: string;
  /** Hide unrelated: keep only nodes within `depth` hops (edges in either direction, default 1). */
  readonly focus?: { readonly nodeId: string; readonly depth?: number };
}

function hasClass(e: GraphEdge, c: Exclude<EdgeClass, "mixed">): boolean {
  switch (c) {
    case "allowed":
      return e.stats.allowed > 0;
    case "denied":
      return e.stats.denied > 0;
    case "staged-denied":
      return e.stats.stagedDenied > 0;
  }
}

/** Node ids within `depth` hops of `start` over `edges`, ignoring direction. */
export function neighbourhood(edges: readonly GraphEdge[], start: string, depth: number): Set<string> {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    for (const [a, b] of [[e.source, e.target], [e.target, e.source]] as const) {
      const list = adj.get(a);
      if (list === undefined) adj.set(a, [b]);
      else list.push(b);
    }
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of adj.get(id) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/**
 * Applies the filters (AND-ed). Containers (expanded namespaces) stay only while they hold a
 * kept node. With an empty spec the graph is returned as is. Pure; never throws; a focus on an
 * unknown node gives an empty graph.
 */
export function filterGraph(graph: Graph, spec: GraphFilterSpec): Graph {
  const { namespaces, actions, search, focus } = spec;
  const text = search?.trim().toLowerCase() ?? "";
  if ((namespaces === undefined || namespaces.length === 0) && (actions === undefined || actions.length === 0) && text === "" && focus === undefined) return graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pinned = new Set<string>();
  let edges = graph.edges;
  if (actions !== undefined && actions.length > 0) edges = edges.filter((e) => actions.some((a) => hasClass(e, a)));
  if (namespaces !== undefined && namespaces.length > 0) {
    const set = new Set(namespaces);
    const inNs = (id: string): boolean => {
      const ns = byId.get(id)?.namespace;
      return ns !== undefined && set.has(ns);
    };
    edges = edges.filter((e) => inNs(e.source) || inNs(e.target));
    for (const n of graph.nodes) if (n.namespace !== undefined && set.has(n.namespace) && n.expanded !== true) pinned.add(n.id);
  }
  if (text !== "") {
    const matches = new Set(graph.nodes.filter((n) => n.expanded !== true && (n.label.toLowerCase().includes(text) || n.id.toLowerCase().includes(text))).map((n) => n.id));
    edges = edges.filter((e) => matches.has(e.source) || matches.has(e.target));
    const inNamespaces = namespaces !== undefined && namespaces.length > 0 ? new Set(pinned) : undefined;
    pinned.clear();
    for (const id of matches) if (inNamespaces === undefined || inNamespaces.has(id)) pinned.add(id);
  }
  if (focus !== undefined) {
    if (!byId.has(focus.nodeId)) return { nodes: [], edges: [] };
    const near = neighbourhood(edges, focus.nodeId, focus.depth ?? 1);
    edges = edges.filter((e) => near.has(e.source) && near.has(e.target));
    // A copy: deleting while iterating the set itself would be safe, but the copy says what is meant.
    for (const id of Array.from(pinned)) if (!near.has(id)) pinned.delete(id);
    pinned.add(focus.nodeId);
  }
  const keep = new Set(pinned);
  for (const e of edges) {
    keep.add(e.source);
    keep.add(e.target);
  }
  // A copy: parents added below must not be visited in turn (one level of parents only).
  for (const id of Array.from(keep)) {
    const parent = byId.get(id)?.parent;
    if (parent !== undefined) keep.add(parent);
  }
  const nodes: GraphNode[] = graph.nodes.filter((n) => keep.has(n.id));
  return { nodes, edges };
}
