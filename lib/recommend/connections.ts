/**
 * Observed flows as connection tuples for the policy engine, so a recommendation can be judged
 * against exactly the traffic it came from. The local side of a flow (the reporter's endpoint)
 * becomes one of its workload's pods; the remote side a pod, a network set address, the flow's
 * address, or a stand-in address of the right class when aggregation dropped the address.
 */
import type { FlowEndpoint, FlowLog } from "@/lib/flows";
import { formatIp, networkOf, parseCidrOrIp } from "@/lib/net/ip";
import type { Connection, Peer } from "@/lib/policy";
import type { RecommendIndex } from "@/lib/recommend/cluster-index";
import { protocolFromFlow } from "@/lib/net/protocols";
import type { RuleDirection } from "@/lib/recommend/types";

/**
 * Stand-ins for addresses dropped by aggregation: `pvt` → an RFC 1918 address outside the usual
 * pod and service ranges; `pub` → a CGNAT (RFC 6598) address, which felix classes as `pub` and
 * which no real internet host or network set is likely to use.
 */
export const PRIVATE_STAND_IN_IP = "192.168.255.254";
export const PUBLIC_STAND_IN_IP = "100.64.255.254";

/** One observed flow judged from the reporter's side. */
export interface ObservedConnection {
  readonly flow: FlowLog;
  /** egress: reported at the source; ingress: reported at the destination. */
  readonly direction: RuleDirection;
  readonly connection: Connection;
}

function endpointPeer(ep: FlowEndpoint, index: RecommendIndex): Peer | undefined {
  const pod = index.podsOf(ep.namespace, ep.nameAggr)[0];
  if (pod !== undefined) return { kind: "endpoint", endpoint: pod, ...(ep.ip !== null && pod.ips.includes(ep.ip) ? { ip: ep.ip } : {}) };
  return ep.ip !== null ? { kind: "external", ip: ep.ip } : undefined;
}

function setAddress(ep: FlowEndpoint, index: RecommendIndex): string | undefined {
  if (ep.ip !== null) return ep.ip;
  const set = index.networkSet(ep.namespace, ep.nameAggr);
  const first = set?.spec.nets?.map(parseCidrOrIp).find((c) => c !== undefined);
  return first === undefined ? undefined : formatIp(networkOf(first));
}

function remotePeers(ep: FlowEndpoint, flow: FlowLog, direction: RuleDirection, index: RecommendIndex): Peer[] {
  switch (ep.type) {
    case "wep": {
      const p = endpointPeer(ep, index);
      return p === undefined ? [] : [p];
    }
    case "ns": {
      const ip = setAddress(ep, index);
      return ip === undefined ? [] : [{ kind: "external", ip }];
    }
    case "net": {
      const ip = ep.ip ?? (ep.nameAggr === "pvt" ? PRIVATE_STAND_IN_IP : PUBLIC_STAND_IN_IP);
      const domains = direction === "egress" ? flow.destDomains : [];
      return domains.length > 0 ? domains.map((domain) => ({ kind: "external", ip, domain })) : [{ kind: "external", ip }];
    }
    case "hep":
      return [];
    default:
      return [];
  }
}

/**
 * The connections of allowed flows whose local side passes `isLocal` (egress for `src` records,
 * ingress for `dst`). A flow with several domains gives one connection per domain; flows whose
 * sides cannot be placed in the cluster (pods gone, host endpoints) give none. Never throws.
 */
export function toObservedConnections(flows: readonly FlowLog[], index: RecommendIndex, isLocal: (ep: FlowEndpoint) => boolean): ObservedConnection[] {
  const out: ObservedConnection[] = [];
  for (const flow of flows) {
    if (flow.action !== "allow") continue;
    const direction: RuleDirection = flow.reporter === "src" ? "egress" : "ingress";
    const localEp = direction === "egress" ? flow.source : flow.dest;
    if (!isLocal(localEp)) continue;
    const protocol = protocolFromFlow(flow.proto);
    const local = localEp.type === "wep" ? endpointPeer(localEp, index) : undefined;
    if (protocol === undefined || local === undefined || local.kind !== "endpoint") continue;
    for (const remote of remotePeers(direction === "egress" ? flow.dest : flow.source, flow, direction, index)) {
      const connection: Connection = {
        source: direction === "egress" ? local : remote,
        destination: direction === "egress" ? remote : local,
        protocol,
        ...(flow.dest.port !== null ? { port: flow.dest.port } : {}),
      };
      out.push({ flow, direction, connection });
    }
  }
  return out;
}
