/**
 * diffGraph: the last pipeline stage. The client keeps one cytoscape instance and applies the
 * difference between the previous and the next graph instead of re-mounting (which would lose
 * the layout and the user's viewport). Ids are stable, so a node or edge with the same id is the
 * same element; an edge id encodes its endpoints, so endpoints never change in an update.
 *
 * Apply in this order: removeEdges, removeNodes, addNodes (already parents-first), addEdges,
 * updateNodes, updateEdges. A node whose `parent` changed is in updateNodes; cytoscape needs
 * `node.move({ parent })` for it rather than a data update.
 */
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/types";

export interface GraphDiff {
  readonly addNodes: readonly GraphNode[];
  readonly removeNodes: readonly string[];
  readonly updateNodes: readonly GraphNode[];
  readonly addEdges: readonly GraphEdge[];
  readonly removeEdges: readonly string[];
  readonly updateEdges: readonly GraphEdge[];
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return a.kind === b.kind && a.label === b.label && a.namespace === b.namespace && a.parent === b.parent && a.expanded === b.expanded && a.members === b.members;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameEdge(a: GraphEdge, b: GraphEdge): boolean {
  const s = a.stats;
  const t = b.stats;
  return (
    s.flows === t.flows &&
    s.allowed === t.allowed &&
    s.denied === t.denied &&
    s.stagedDenied === t.stagedDenied &&
    s.bytes === t.bytes &&
    s.packets === t.packets &&
    a.firstSeen === b.firstSeen &&
    a.lastSeen === b.lastSeen &&
    sameList(a.ports, b.ports) &&
    sameList(a.policies, b.policies)
  );
}

/** Orders nodes so that every parent comes before its children. */
function parentsFirst(nodes: readonly GraphNode[]): GraphNode[] {
  return [...nodes].sort((a, b) => Number(a.parent !== undefined) - Number(b.parent !== undefined));
}

/** The changes that turn `prev` into `next`. Pure; never throws. */
export function diffGraph(prev: Graph, next: Graph): GraphDiff {
  const prevNodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const nextNodes = new Map(next.nodes.map((n) => [n.id, n]));
  const prevEdges = new Map(prev.edges.map((e) => [e.id, e]));
  const nextEdges = new Map(next.edges.map((e) => [e.id, e]));
  const addNodes: GraphNode[] = [];
  const updateNodes: GraphNode[] = [];
  for (const n of next.nodes) {
    const p = prevNodes.get(n.id);
    if (p === undefined) addNodes.push(n);
    else if (!sameNode(p, n)) updateNodes.push(n);
  }
  const addEdges: GraphEdge[] = [];
  const updateEdges: GraphEdge[] = [];
  for (const e of next.edges) {
    const p = prevEdges.get(e.id);
    if (p === undefined) addEdges.push(e);
    else if (!sameEdge(p, e)) updateEdges.push(e);
  }
  return {
    addNodes: parentsFirst(addNodes),
    removeNodes: prev.nodes.filter((n) => !nextNodes.has(n.id)).map((n) => n.id),
    updateNodes,
    addEdges,
    removeEdges: prev.edges.filter((e) => !nextEdges.has(e.id)).map((e) => e.id),
    updateEdges,
  };
}

/** True when the diff changes nothing. */
export function isEmptyDiff(d: GraphDiff): boolean {
  return d.addNodes.length + d.removeNodes.length + d.updateNodes.length + d.addEdges.length + d.removeEdges.length + d.updateEdges.length === 0;
}

/**
 * Applies a diff to a graph (a model of what the client does to its cytoscape instance).
 * `applyGraphDiff(prev, diffGraph(prev, next))` has exactly next's nodes and edges; order
 * follows `prev` with additions appended. Pure; never throws.
 */
export function applyGraphDiff(graph: Graph, diff: GraphDiff): Graph {
  const removedNodes = new Set(diff.removeNodes);
  const removedEdges = new Set(diff.removeEdges);
  const nodeUpdates = new Map(diff.updateNodes.map((n) => [n.id, n]));
  const edgeUpdates = new Map(diff.updateEdges.map((e) => [e.id, e]));
  return {
    nodes: [...graph.nodes.filter((n) => !removedNodes.has(n.id)).map((n) => nodeUpdates.get(n.id) ?? n), ...diff.addNodes],
    edges: [...graph.edges.filter((e) => !removedEdges.has(e.id)).map((e) => edgeUpdates.get(e.id) ?? e), ...diff.addEdges],
  };
}
