/**
 * Typed fixture builders for flow-log and graph tests (aFlow, aWep, aNet). Used only by tests.
 */
import type { FlowEndpoint, FlowLog } from "@/lib/flows";

/** A pod endpoint `ns/name` with an aggregated name derived from the name. */
export function aWep(ns: string, name: string, overrides: Partial<FlowEndpoint> = {}): FlowEndpoint {
  const m = /^(.*-)[a-z0-9]{5}$/.exec(name);
  return { type: "wep", namespace: ns, name, nameAggr: m?.[1] !== undefined ? `${m[1]}*` : name, ip: "10.244.1.5", port: null, labels: { app: name.split("-")[0] ?? name }, ...overrides };
}

/** A public or private network endpoint. */
export function aNet(ip: string, aggr: "pub" | "pvt" = "pub", overrides: Partial<FlowEndpoint> = {}): FlowEndpoint {
  return { type: "net", namespace: "-", name: "-", nameAggr: aggr, ip, port: null, labels: {}, ...overrides };
}

/** An allowed, src-reported TCP flow from default/client-abcde to default/server-fghij:8080. */
export function aFlow(overrides: Partial<FlowLog> = {}): FlowLog {
  return {
    startTime: 1_700_000_000,
    endTime: 1_700_000_015,
    source: aWep("default", "client-7d9f8c6b5d-abcde", { port: 40000 }),
    dest: aWep("default", "server-6b8c4f9d7-fghij", { ip: "10.244.2.9", port: 8080 }),
    destService: { namespace: "-", name: "-", portName: "-", portNum: null },
    destDomains: [],
    proto: "tcp",
    action: "allow",
    reporter: "src",
    policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"], pending: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"] },
    bytesIn: 1000,
    bytesOut: 200,
    packetsIn: 5,
    packetsOut: 4,
    numFlows: 1,
    numFlowsStarted: 1,
    numFlowsCompleted: 1,
    ...overrides,
  };
}
