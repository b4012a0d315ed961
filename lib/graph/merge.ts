/** Merging edge data, shared by build (many records → one edge) and aggregate (many edges → one). */
import type { EdgeStats, GraphEdge } from "@/lib/graph/types";

export function addStats(a: EdgeStats, b: EdgeStats): EdgeStats {
  return {
    flows: a.flows + b.flows,
    allowed: a.allowed + b.allowed,
    denied: a.denied + b.denied,
    stagedDenied: a.stagedDenied + b.stagedDenied,
    bytes: a.bytes + b.bytes,
    packets: a.packets + b.packets,
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return [...a];
  return [...new Set([...a, ...b])].sort();
}

/** One edge from two with the same id or, when re-targeted, the given endpoints. */
export function mergeEdges(a: GraphEdge, b: GraphEdge, id = a.id, source = a.source, target = a.target): GraphEdge {
  return {
    id,
    source,
    target,
    stats: addStats(a.stats, b.stats),
    ports: union(a.ports, b.ports),
    policies: union(a.policies, b.policies),
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
  };
}

/** Edge id for a pair of node ids. */
export function edgeIdOf(source: string, target: string): string {
  return `${source}->${target}`;
}
