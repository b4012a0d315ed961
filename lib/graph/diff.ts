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

/**
 * Orders nodes so that every parent comes before its children, at any depth (group → namespace
 * → workload): by depth of the parent chain within `nodes`, stable otherwise.
 */
function parentsFirst(nodes: readonly GraphNode[]): GraphNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = (n: GraphNode): number => {
    let d = 0;
    for (let p = n.parent; p !== undefined && d <= nodes.length; p = byId.get(p)?.parent) d++;
    return d;
  };
  const depths = new Map(nodes.map((n) => [n.id, depth(n)]));
  return [...nodes].sort((a, b) => (depths.get(a.id) ?? 0) - (depths.get(b.id) ?? 0));
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
 * What a diff is applied to: the canvas's cytoscape instance, or the plain model below. Every
 * call gets a non-empty list or one element; the order of calls is fixed by applyGraphDiff.
 */
export interface GraphDiffTarget {
  removeEdges(ids: readonly string[]): void;
  removeNodes(ids: readonly string[]): void;
  /** Parents before their children. */
  addNodes(nodes: readonly GraphNode[]): void;
  addEdges(edges: readonly GraphEdge[]): void;
  /** A node whose data or `parent` changed (the target re-parents when `parent` differs). */
  updateNode(node: GraphNode): void;
  updateEdge(edge: GraphEdge): void;
}

/**
 * Applies a diff to a target in the one order that is always valid: edges out, nodes out, nodes
 * in (parents first), edges in (their ends exist by then), then updates (an updated node may
 * move into a container added just now). The canvas and the tests both go through here, so the
 * order the tests check is the order the browser runs. Never throws unless the target does.
 */
export function applyGraphDiff(target: GraphDiffTarget, diff: GraphDiff): void {
  if (diff.removeEdges.length > 0) target.removeEdges(diff.removeEdges);
  if (diff.removeNodes.length > 0) target.removeNodes(diff.removeNodes);
  if (diff.addNodes.length > 0) target.addNodes(diff.addNodes);
  if (diff.addEdges.length > 0) target.addEdges(diff.addEdges);
  for (const n of diff.updateNodes) target.updateNode(n);
  for (const e of diff.updateEdges) target.updateEdge(e);
}

/**
 * A plain-data target: `applyGraphDiff(m, diffGraph(prev, next))` then `m.graph()` has exactly
 * next's nodes and edges (order: prev's, additions appended). It checks what cytoscape would
 * refuse — an edge whose ends are missing, a child added before its parent, a duplicate id — and
 * throws a GraphDiffError then, so a diff that the browser could not apply fails in tests.
 */
export function graphDiffModel(graph: Graph): GraphDiffTarget & { graph(): Graph } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = new Map(graph.edges.map((e) => [e.id, e]));
  const must = (ok: boolean, what: string): void => {
    if (!ok) throw new GraphDiffError(what);
  };
  return {
    removeEdges: (ids) => ids.forEach((id) => must(edges.delete(id), `remove of unknown edge ${id}`)),
    removeNodes: (ids) => ids.forEach((id) => must(nodes.delete(id), `remove of unknown node ${id}`)),
    addNodes: (list) =>
      list.forEach((n) => {
        must(!nodes.has(n.id), `duplicate node ${n.id}`);
        must(n.parent === undefined || nodes.has(n.parent), `node ${n.id} added before its parent ${n.parent ?? ""}`);
        nodes.set(n.id, n);
      }),
    addEdges: (list) =>
      list.forEach((e) => {
        must(!edges.has(e.id), `duplicate edge ${e.id}`);
        must(nodes.has(e.source) && nodes.has(e.target), `edge ${e.id} added before its ends`);
        edges.set(e.id, e);
      }),
    updateNode: (n) => {
      must(nodes.has(n.id) && (n.parent === undefined || nodes.has(n.parent)), `update of node ${n.id}`);
      nodes.set(n.id, n);
    },
    updateEdge: (e) => {
      must(edges.has(e.id), `update of unknown edge ${e.id}`);
      edges.set(e.id, e);
    },
    graph: () => ({ nodes: [...nodes.values()], edges: [...edges.values()] }),
  };
}

/**
 * A diff that a client could not apply (see graphDiffModel). Only the model throws it, in tests
 * and benchmarks; it never reaches a request, so it has no problem+json mapping.
 */
export class GraphDiffError extends Error {
  override readonly name = "GraphDiffError";
}
