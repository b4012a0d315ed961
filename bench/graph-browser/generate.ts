/**
 * The graph browser benchmark's data (bench/graph-browser.bench.ts serves it as the harness page's
 * graph.json, the stand-in for the graph API's answer).
 */
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph";
import type { GraphReply } from "@/lib/contracts/flows";
import { mulberry32 } from "@/lib/random";

/**
 * A workload-level graph: namespaces open as containers of 19 workloads each (so nodes are
 * namespaces + workloads), edges between random workloads, 10% denied, 5% staged-denied.
 */
export function generate(totalNodes: number, totalEdges: number): Graph {
  const rand = mulberry32(42);
  const perNs = 20;
  const namespaces = Math.max(1, Math.round(totalNodes / perNs));
  const nodes: GraphNode[] = [];
  const workloads: string[] = [];
  for (let n = 0; n < namespaces && nodes.length < totalNodes; n++) {
    const ns = `ns-${n}`;
    nodes.push({ id: `ns:${ns}`, kind: "namespace", label: ns, namespace: ns, expanded: true });
    for (let w = 0; w < perNs - 1 && nodes.length < totalNodes; w++) {
      const id = `wl:${ns}/app-${w}-*`;
      nodes.push({ id, kind: "workload", label: `app-${w}-*`, namespace: ns, parent: `ns:${ns}` });
      workloads.push(id);
    }
  }
  const edges = new Map<string, GraphEdge>();
  while (edges.size < totalEdges) {
    const source = workloads[Math.floor(rand() * workloads.length)] ?? "";
    const target = workloads[Math.floor(rand() * workloads.length)] ?? "";
    const id = `${source}->${target}`;
    if (source === target || edges.has(id)) continue;
    const r = rand();
    const flows = 1 + Math.floor(rand() * 50);
    const denied = r < 0.1 ? flows : 0;
    const stagedDenied = r >= 0.1 && r < 0.15 ? flows : 0;
    const bytes = Math.floor(rand() * 1_000_000);
    edges.set(id, { id, source, target, stats: { flows, allowed: flows - denied, denied, stagedDenied, bytes, packets: Math.floor(bytes / 800) }, ports: ["tcp/8080"], policies: [], firstSeen: 0, lastSeen: 0 });
  }
  return { nodes, edges: [...edges.values()] };
}


/** The graph API's answer around `generate`'s graph (an hour's range, unfolded). */
export function generateReply(totalNodes: number, totalEdges: number): GraphReply {
  const graph = generate(totalNodes, totalEdges);
  return { ...graph, from: 1_700_000_000, to: 1_700_003_600, groups: graph.edges.length, aggregated: false };
}
