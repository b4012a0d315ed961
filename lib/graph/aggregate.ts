/**
 * aggregateLargeGraph: the group stage. Above `maxNodes` we fold nodes instead of drawing them
 * (default 10,000, what the WebGL2 renderer draws within its budget; CANVAS_MAX_NODES, 5,000, for
 * cytoscape's canvas renderer, which redraws every element per frame):
 *   1. every workload, service and pod folds into its (collapsed) namespace node, and domains
 *      fold into one `agg:domains` node;
 *   2. if that is still too many, namespaces fold into `agg:ns-<n>` buckets (sorted by name).
 * Edges are re-targeted and merged, so counts are preserved.
 */
import { edgeIdOf, mergeEdges } from "@/lib/graph/merge";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/types";

/** The most nodes a graph is drawn with, unfolded: the server and the WebGL2 renderer's limit. */
export const DEFAULT_MAX_NODES = 10_000;
/** The limit when cytoscape's canvas renderer draws (no WebGL2, or the WebGL context was lost). */
export const CANVAS_MAX_NODES = 5_000;

export interface AggregatedGraph {
  readonly graph: Graph;
  /** 0 nothing folded, 1 into namespaces, 2 namespaces into buckets. */
  readonly stage: 0 | 1 | 2;
}

function remap(graph: Graph, target: (n: GraphNode) => GraphNode): Graph {
  const nodes = new Map<string, GraphNode>();
  const idMap = new Map<string, string>();
  for (const n of graph.nodes) {
    const t = target(n);
    idMap.set(n.id, t.id);
    const prev = nodes.get(t.id);
    nodes.set(t.id, prev === undefined ? t : { ...prev, members: (prev.members ?? 1) + (t.members ?? 1) });
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const source = idMap.get(e.source) ?? e.source;
    const target2 = idMap.get(e.target) ?? e.target;
    const id = edgeIdOf(source, target2);
    const moved: GraphEdge = { ...e, id, source, target: target2 };
    const prev = edges.get(id);
    edges.set(id, prev === undefined ? moved : mergeEdges(prev, moved));
  }
  return { nodes: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

function toNamespaces(n: GraphNode): GraphNode {
  if (n.kind === "domain") return { id: "agg:domains", kind: "aggregate", label: "domains", members: 1 };
  if (n.namespace !== undefined && (n.kind === "workload" || n.kind === "service" || n.kind === "pod" || n.kind === "namespace")) {
    return { id: `ns:${n.namespace}`, kind: "namespace", label: n.namespace, namespace: n.namespace, members: n.kind === "namespace" ? 0 : 1 };
  }
  return n;
}

/**
 * Folds the graph until it has at most `maxNodes` nodes (or stage 2 is reached). Pure; never
 * throws; a graph within the limit is returned unchanged with stage 0.
 */
export function aggregateLargeGraph(graph: Graph, maxNodes = DEFAULT_MAX_NODES): AggregatedGraph {
  if (graph.nodes.length <= maxNodes) return { graph, stage: 0 };
  const folded = remap(graph, toNamespaces);
  if (folded.nodes.length <= maxNodes) return { graph: folded, stage: 1 };
  const namespaces = folded.nodes.filter((n) => n.kind === "namespace").map((n) => n.id).sort();
  const others = folded.nodes.length - namespaces.length;
  const buckets = Math.max(1, maxNodes - others);
  const perBucket = Math.ceil(namespaces.length / buckets);
  const bucketOf = new Map(namespaces.map((id, i) => [id, Math.floor(i / perBucket)]));
  return {
    graph: remap(folded, (n) => {
      const b = bucketOf.get(n.id);
      if (b === undefined) return n;
      const first = namespaces[b * perBucket]?.slice(3) ?? "";
      const last = namespaces[Math.min(namespaces.length, (b + 1) * perBucket) - 1]?.slice(3) ?? "";
      return { id: `agg:ns-${b}`, kind: "aggregate", label: first === last ? first : `${first} … ${last}`, members: 1 };
    }),
    stage: 2,
  };
}
