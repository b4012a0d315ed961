/**
 * buildGraph: flow records → service-graph nodes and edges, the first stage of the pipeline
 * build → filter → group (aggregateLargeGraph) → diff.
 *
 * Views: `namespace` (one node per namespace; namespaces listed in `expanded` open up into their
 * workloads and services), `workload` (every namespace expanded), `pod` (pods where the records
 * still carry pod names, i.e. aggregation level ≤ 1; aggregated records fall back to workloads).
 * Outside the cluster: `net:pub` / `net:pvt`, network sets by name, domains (the first of a
 * src-reported flow's dest_domains), host endpoints.
 *
 * Counting: a connection between two cluster endpoints is reported twice (src and dst). Totals
 * come from src reports, or from dst reports when the source is outside the cluster; a dst
 * report of an in-cluster source only moves its flows from allowed to denied (an ingress deny
 * after an egress allow). See DESIGN.md.
 */
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
// The one function, not the barrel: the barrel brings the flow-log parser (zod) into every bundle that draws a graph.
import { PROFILE_TIER, isStagedDenied } from "@/lib/flows/policy-hit";
import { addStats, edgeIdOf } from "@/lib/graph/merge";
import type { EdgeStats, Graph, GraphEdge, GraphNode } from "@/lib/graph/types";

export type GraphLevel = "namespace" | "workload" | "pod";

export interface BuildGraphOptions {
  /** Default `namespace`. */
  readonly level?: GraphLevel;
  /** Namespaces opened up at the `namespace` level. */
  readonly expanded?: readonly string[];
}

interface Ctx {
  readonly level: GraphLevel;
  readonly expanded: ReadonlySet<string>;
  readonly nodes: Map<string, GraphNode>;
}

function isOpen(ctx: Ctx, ns: string): boolean {
  return ctx.level !== "namespace" || ctx.expanded.has(ns);
}

function nsNode(ctx: Ctx, ns: string, open: boolean): string {
  const id = `ns:${ns}`;
  const prev = ctx.nodes.get(id);
  if (prev === undefined || (open && prev.expanded !== true)) {
    ctx.nodes.set(id, { id, kind: "namespace", label: ns, namespace: ns, ...(open ? { expanded: true } : {}) });
  }
  return id;
}

function put(ctx: Ctx, node: GraphNode): string {
  if (!ctx.nodes.has(node.id)) ctx.nodes.set(node.id, node);
  return node.id;
}

function nodeFor(ctx: Ctx, e: FlowEndpoint, domains: readonly string[]): string {
  switch (e.type) {
    case "wep": {
      if (!isOpen(ctx, e.namespace)) return nsNode(ctx, e.namespace, false);
      const parent = nsNode(ctx, e.namespace, true);
      if (ctx.level === "pod" && e.name !== "-") {
        return put(ctx, { id: `pod:${e.namespace}/${e.name}`, kind: "pod", label: e.name, namespace: e.namespace, parent });
      }
      return put(ctx, { id: `wl:${e.namespace}/${e.nameAggr}`, kind: "workload", label: e.nameAggr, namespace: e.namespace, parent });
    }
    case "hep":
      return put(ctx, { id: `host:${e.nameAggr}`, kind: "host", label: e.nameAggr });
    case "ns":
      return put(ctx, { id: `set:${e.namespace}/${e.nameAggr}`, kind: "networkset", label: e.nameAggr, ...(e.namespace !== "-" ? { namespace: e.namespace } : {}) });
    case "net": {
      const domain = [...domains].sort()[0];
      if (domain !== undefined) return put(ctx, { id: `domain:${domain}`, kind: "domain", label: domain });
      return put(ctx, { id: `net:${e.nameAggr}`, kind: "network", label: e.nameAggr === "pvt" ? "Private network" : "Public network" });
    }
  }
}

/** A record's share of its edge's counts (may be negative on `allowed`; normalised at the end). */
export function contributionOf(f: FlowLog, stagedDenied: boolean = isStagedDenied(f)): EdgeStats {
  const n = f.numFlows;
  const staged = stagedDenied ? n : 0;
  const fromCluster = f.source.type === "wep" || f.source.type === "hep";
  if (f.reporter === "src" || !fromCluster) {
    return { flows: n, allowed: f.action === "allow" ? n : 0, denied: f.action === "deny" ? n : 0, stagedDenied: staged, bytes: f.bytesIn + f.bytesOut, packets: f.packetsIn + f.packetsOut };
  }
  return { flows: 0, allowed: f.action === "deny" ? -n : 0, denied: f.action === "deny" ? n : 0, stagedDenied: staged, bytes: 0, packets: 0 };
}

/** Adds the record's policies (`tier|name` of every trace entry but the profiles) to `out`. */
function addPolicies(out: Set<string>, entries: readonly string[]): void {
  // An entry is `index|tier|name|action|rule`: `tier|name` is the text between its first and
  // third bars (or the end), found without splitting it.
  for (const entry of entries) {
    const a = entry.indexOf("|");
    const b = a < 0 ? -1 : entry.indexOf("|", a + 1);
    if (b < 0) continue;
    const c = entry.indexOf("|", b + 1);
    if (b - a - 1 === PROFILE_TIER.length && entry.startsWith(PROFILE_TIER, a + 1)) continue;
    out.add(entry.slice(a + 1, c < 0 ? entry.length : c));
  }
}

/** An edge while records are added to it: sums in place, ports and policies as sets. */
interface EdgeSums {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly stats: { flows: number; allowed: number; denied: number; stagedDenied: number; bytes: number; packets: number };
  readonly ports: Set<string>;
  readonly policies: Set<string>;
  firstSeen: number;
  lastSeen: number;
}

/**
 * isStagedDenied remembered by pending trace for one build: the records of a graph (rollup groups
 * above all) repeat a few traces, and judging one parses each of its entries. With the action
 * "allow" (the only one that can be staged-denied) the answer depends on the pending trace alone.
 */
function stagedDeniedMemo(): (f: FlowLog) => boolean {
  const memo = new Map<string, boolean>();
  return (f) => {
    if (f.action !== "allow" || f.policies === null || f.policies.pending.length === 0) return false;
    const key = JSON.stringify(f.policies.pending);
    let known = memo.get(key);
    if (known === undefined) {
      known = isStagedDenied(f);
      memo.set(key, known);
    }
    return known;
  };
}

function normalise(s: EdgeStats): EdgeStats {
  const allowed = Math.max(0, s.allowed);
  return { ...s, allowed, stagedDenied: Math.min(s.stagedDenied, allowed), flows: Math.max(s.flows, allowed + s.denied) };
}

/** Builds the graph. Pure; never throws. Node order: containers first, then by id. */
export function buildGraph(flows: readonly FlowLog[], options: BuildGraphOptions = {}): Graph {
  const ctx: Ctx = { level: options.level ?? "namespace", expanded: new Set(options.expanded ?? []), nodes: new Map() };
  // Each edge's sums are kept in place while records are added (a record at a time through
  // mergeEdges copied the edge and re-sorted its ports and policies: most of the time of a graph
  // built from ~16,000 rollup groups); the same edge as folding the records with mergeEdges.
  const edges = new Map<string, EdgeSums>();
  const stagedDenied = stagedDeniedMemo();
  const addEdge = (source: string, target: string, f: FlowLog, stats: EdgeStats): void => {
    const id = edgeIdOf(source, target);
    let edge = edges.get(id);
    if (edge === undefined) {
      edge = { id, source, target, stats: { flows: 0, allowed: 0, denied: 0, stagedDenied: 0, bytes: 0, packets: 0 }, ports: new Set(), policies: new Set(), firstSeen: f.startTime, lastSeen: f.endTime };
      edges.set(id, edge);
    } else {
      edge.firstSeen = Math.min(edge.firstSeen, f.startTime);
      edge.lastSeen = Math.max(edge.lastSeen, f.endTime);
    }
    const sums = edge.stats;
    sums.flows += stats.flows;
    sums.allowed += stats.allowed;
    sums.denied += stats.denied;
    sums.stagedDenied += stats.stagedDenied;
    sums.bytes += stats.bytes;
    sums.packets += stats.packets;
    if (f.dest.port !== null) edge.ports.add(`${f.proto}/${f.dest.port}`);
    if (f.policies !== null) {
      addPolicies(edge.policies, f.policies.enforced);
      addPolicies(edge.policies, f.policies.pending);
    }
  };
  for (const f of flows) {
    const src = nodeFor(ctx, f.source, []);
    const dst = nodeFor(ctx, f.dest, f.reporter === "src" ? f.destDomains : []);
    const stats = contributionOf(f, stagedDenied(f));
    const svc = f.destService;
    const viaService = f.dest.type === "wep" && svc.name !== "-" && isOpen(ctx, svc.namespace) && !dst.startsWith("ns:");
    if (viaService) {
      const svcId = put(ctx, { id: `svc:${svc.namespace}/${svc.name}`, kind: "service", label: svc.name, namespace: svc.namespace, parent: nsNode(ctx, svc.namespace, true) });
      addEdge(src, svcId, f, stats);
      addEdge(svcId, dst, f, stats);
    } else {
      addEdge(src, dst, f, stats);
    }
  }
  const nodes = [...ctx.nodes.values()].sort((a, b) => Number(b.expanded === true) - Number(a.expanded === true) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edgeList: GraphEdge[] = [...edges.values()]
    .map((e) => ({ id: e.id, source: e.source, target: e.target, stats: normalise(e.stats), ports: [...e.ports].sort(), policies: [...e.policies].sort(), firstSeen: e.firstSeen, lastSeen: e.lastSeen }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: edgeList };
}

/** Sum of stats, for node totals and summaries. */
export function sumStats(edges: readonly GraphEdge[]): EdgeStats {
  return edges.reduce((acc, e) => addStats(acc, e.stats), { flows: 0, allowed: 0, denied: 0, stagedDenied: 0, bytes: 0, packets: 0 });
}
