/**
 * Recent flows → engine connections, for the impact preview. A stored flow-log record names its
 * endpoints the way Calico reports them (type, namespace, name or aggregated name, IP, domains);
 * the engine needs endpoint models. Each side is resolved against the cluster as it is now:
 *
 * - `wep` (pod): by IP first, then by namespace + name, then by namespace + aggregated name
 *   (`<replicaset prefix>*`). Pods behind one aggregated name come from one controller and carry
 *   the same labels, so the first match stands for all of them. A pod that no longer exists
 *   makes the tuple unresolved (it is counted, not judged).
 * - `hep` (host endpoint): by IP, then by name.
 * - `ns` / `net` (network set, network): an external peer with the flow's IP (or a network
 *   set's first address when the IP was aggregated away) and, for egress, its first domain.
 *   A `net` flow aggregated to `pub` / `pvt` without IP or domain cannot be judged exactly and
 *   is counted as unresolved.
 *
 * Tuples are deduplicated on (source, destination, protocol, port) after resolution, so the
 * src- and dst-reported halves of one flow, and repeated intervals, are judged once.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import { aggregatedPodName } from "@/lib/flows";
import type { EndpointModel, Connection, Peer } from "@/lib/policy";
import { protocolFromFlow } from "@/lib/net/protocols";

/** One side of a grouped flow tuple as read from the flow store. */
export interface FlowTupleSide {
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly nameAggr: string;
  readonly ip: string | null;
}

/** A distinct flow tuple of the window with how many flow-log records carried it. */
export interface FlowTuple {
  readonly source: FlowTupleSide;
  readonly dest: FlowTupleSide;
  readonly destDomains: readonly string[];
  /** Flow-log protocol spelling: `tcp`, `udp`, `icmp`, `icmp6`, `sctp`, or a number as text. */
  readonly proto: string;
  /** Post-DNAT destination port; null when aggregated or for ICMP. */
  readonly port: number | null;
  readonly records: number;
}

/** What the tuples resolve against (the cluster now). */
export interface FlowResolveContext {
  readonly endpoints: readonly EndpointModel[];
  readonly networkSets: readonly (NetworkSet | GlobalNetworkSet)[];
}

/** A connection to judge with the number of flow-log records behind it. */
export interface FlowConnection {
  readonly connection: Connection;
  readonly records: number;
}

export interface FlowConnections {
  readonly connections: readonly FlowConnection[];
  /** Records whose endpoints no longer exist or were aggregated beyond recognition. */
  readonly unresolvedRecords: number;
}


const present = (v: string | null | undefined): v is string => v !== null && v !== undefined && v !== "" && v !== "-";

/** First address of a CIDR or a plain IP (the network address lies inside the net). */
function firstAddress(net: string): string {
  return net.split("/")[0] ?? net;
}

interface Index {
  readonly byIp: ReadonlyMap<string, EndpointModel>;
  readonly byName: ReadonlyMap<string, EndpointModel>;
  readonly byAggr: ReadonlyMap<string, EndpointModel>;
  readonly sets: ReadonlyMap<string, NetworkSet | GlobalNetworkSet>;
}

function buildIndex(ctx: FlowResolveContext): Index {
  const byIp = new Map<string, EndpointModel>();
  const byName = new Map<string, EndpointModel>();
  const byAggr = new Map<string, EndpointModel>();
  for (const ep of ctx.endpoints) {
    for (const ip of ep.ips) if (!byIp.has(ip)) byIp.set(ip, ep);
    if (ep.kind === "workload") {
      byName.set(`wep/${ep.namespace}/${ep.name}`, ep);
      const aggr = `wep/${ep.namespace}/${aggregatedPodName(ep.name, ep.labels)}`;
      if (!byAggr.has(aggr)) byAggr.set(aggr, ep);
    } else byName.set(`hep/${ep.name}`, ep);
  }
  const sets = new Map(ctx.networkSets.map((s) => [`${s.metadata.namespace ?? "-"}/${s.metadata.name}`, s]));
  return { byIp, byName, byAggr, sets };
}

function resolveSide(side: FlowTupleSide, domain: string | undefined, ix: Index): Peer | undefined {
  if (side.type === "wep" || side.type === "hep") {
    const byIp = present(side.ip) ? ix.byIp.get(side.ip) : undefined;
    if (byIp !== undefined) return { kind: "endpoint", endpoint: byIp, ...(present(side.ip) ? { ip: side.ip } : {}) };
    const key = side.type === "wep" ? `wep/${side.namespace}/` : "hep/";
    const ep = (present(side.name) ? ix.byName.get(key + side.name) : undefined) ?? (side.type === "wep" && present(side.nameAggr) ? ix.byAggr.get(key + side.nameAggr) : undefined);
    return ep === undefined ? undefined : { kind: "endpoint", endpoint: ep };
  }
  let ip = present(side.ip) ? side.ip : undefined;
  if (ip === undefined && side.type === "ns") {
    const set = ix.sets.get(`${side.namespace}/${present(side.name) ? side.name : side.nameAggr}`);
    const net = set?.spec.nets?.[0];
    if (net !== undefined) ip = firstAddress(net);
  }
  if (ip === undefined && domain === undefined) return undefined;
  return { kind: "external", ...(ip !== undefined ? { ip } : {}), ...(domain !== undefined ? { domain } : {}) };
}

function peerKey(p: Peer): string {
  if (p.kind === "external") return `x/${p.ip ?? ""}/${p.domain ?? ""}`;
  const ep = p.endpoint;
  return ep.kind === "workload" ? `w/${ep.namespace}/${ep.name}/${p.ip ?? ""}` : `h/${ep.name}/${p.ip ?? ""}`;
}

/**
 * Resolves and deduplicates flow tuples (see the module comment); the connections keep the
 * first-seen order of `tuples` and sum their records. Never throws.
 */
export function buildFlowConnections(tuples: readonly FlowTuple[], ctx: FlowResolveContext): FlowConnections {
  const ix = buildIndex(ctx);
  const out = new Map<string, { connection: Connection; records: number }>();
  let unresolvedRecords = 0;
  for (const t of tuples) {
    const protocol = protocolFromFlow(t.proto);
    const source = resolveSide(t.source, undefined, ix);
    const destination = resolveSide(t.dest, t.destDomains.find(present), ix);
    if (protocol === undefined || source === undefined || destination === undefined) {
      unresolvedRecords += t.records;
      continue;
    }
    const key = `${peerKey(source)}|${peerKey(destination)}|${String(protocol)}|${t.port ?? ""}`;
    const seen = out.get(key);
    if (seen !== undefined) seen.records += t.records;
    else out.set(key, { connection: { source, destination, protocol, ...(t.port !== null ? { port: t.port } : {}) }, records: t.records });
  }
  return { connections: [...out.values()], unresolvedRecords };
}
