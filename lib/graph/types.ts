/**
 * The service-graph model: plain nodes and edges with string ids, no cytoscape or React types.
 * Node ids: `ns:<namespace>`, `wl:<ns>/<aggregated name>`, `svc:<ns>/<service>`,
 * `pod:<ns>/<pod>`, `net:pub` / `net:pvt`, `set:<ns or ->/<network set>`, `domain:<name>`,
 * `host:<name>`, `agg:<key>`, `grp:<label key>=<value>` (a box of namespaces, lib/graph/group.ts).
 * Edge ids: `<source id>-><target id>`.
 */

export type GraphNodeKind = "namespace" | "workload" | "service" | "pod" | "network" | "networkset" | "domain" | "host" | "aggregate" | "group";

export interface GraphNode {
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly label: string;
  /** The namespace the node belongs to (namespace nodes: their own name). */
  readonly namespace?: string;
  /** Compound parent (an expanded namespace's node). */
  readonly parent?: string;
  /** True for a container: an open namespace (of its workloads) or a group (of namespaces). */
  readonly expanded?: boolean;
  /** For aggregate nodes: how many nodes were folded in. */
  readonly members?: number;
}

/** Connection counts of an edge (num_flows sums, deduplicated across reporters; see DESIGN.md). */
export interface EdgeStats {
  readonly flows: number;
  readonly allowed: number;
  readonly denied: number;
  /** Allowed now, denied once staged policies are enforced. */
  readonly stagedDenied: number;
  readonly bytes: number;
  readonly packets: number;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly stats: EdgeStats;
  /** `tcp/8080`, `udp/53`, sorted. */
  readonly ports: readonly string[];
  /** Policies seen in the traces (`<tier>|<name as in the flow log>`), sorted. */
  readonly policies: readonly string[];
  /** Earliest start and latest end of the contributing records (UNIX seconds). */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const EMPTY_STATS: EdgeStats = { flows: 0, allowed: 0, denied: 0, stagedDenied: 0, bytes: 0, packets: 0 };
