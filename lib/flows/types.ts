/**
 * The flow-log and DNS-log record model: Calico's flow log fields (docs "Flow log data types",
 * felix/collector/flowlog JSONOutput) in TypeScript spelling. The wire spelling (snake_case) lives
 * only in wire.ts; everything else in Palisade uses these view types.
 */

/** Calico endpoint types (felix/collector/types/endpoint): pod, host endpoint, network set, network. */
export const ENDPOINT_TYPES = ["wep", "hep", "ns", "net"] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

/** Flow-log actions. Pass never ends a flow, so it is not a flow action (only a policy-hit action). */
export const FLOW_ACTIONS = ["allow", "deny"] as const;
export type FlowAction = (typeof FLOW_ACTIONS)[number];

/** Where the flow was reported: at the initiating endpoint (egress) or the receiving one (ingress). */
export const FLOW_REPORTERS = ["src", "dst"] as const;
export type FlowReporter = (typeof FLOW_REPORTERS)[number];

/** Calico's placeholder for "not included / aggregated / not applicable" in keyword fields. */
export const FIELD_NOT_INCLUDED = "-";

/** Aggregated names of `net` endpoints (RFC 1918 private, or anything else). */
export type NetClass = "pub" | "pvt";

export type FlowLabels = Readonly<Record<string, string>>;

/** One side of a flow. */
export interface FlowEndpoint {
  readonly type: EndpointType;
  /** `-` when the endpoint is not namespaced (host endpoints, global network sets, networks). */
  readonly namespace: string;
  /** Pod / host-endpoint / network-set name; `-` when aggregated (level ≥ 2) or a plain network. */
  readonly name: string;
  /** `<pod prefix>*` for controller pods, the pod name for bare pods, the set name, `pub` / `pvt`. */
  readonly nameAggr: string;
  /** null when aggregated (level ≥ 2). */
  readonly ip: string | null;
  /** null when aggregated (source at level ≥ 1, destination at level 3) and for ICMP. */
  readonly port: number | null;
  /** Labels (the intersection over aggregated endpoints); null when not reported. */
  readonly labels: FlowLabels | null;
}

/** The Kubernetes Service the original destination was; every field `-` / null when none. */
export interface FlowService {
  readonly namespace: string;
  readonly name: string;
  /** Port name; `-` when none or aggregated, `*` when several port names match the number. */
  readonly portName: string;
  readonly portNum: number | null;
}

/**
 * Policy traces as Calico writes them: entries `<index>|<tier>|<name>|<action>|<rule index>`.
 * `enforced` ends at the first enforced verdict; `pending` counts staged policies too and ends at
 * the first verdict of either kind (docs "Format of the policies field").
 */
export interface FlowPolicies {
  readonly enforced: readonly string[];
  readonly pending: readonly string[];
  readonly transit?: readonly string[];
}

/** Optional TCP socket statistics (flowLogsEnableTcpStats). */
export interface TcpStats {
  readonly meanSendCongestionWindow: number;
  readonly minSendCongestionWindow: number;
  readonly meanSmoothRtt: number;
  readonly maxSmoothRtt: number;
  readonly meanMinRtt: number;
  readonly maxMinRtt: number;
  readonly meanMss: number;
  readonly minMss: number;
  readonly totalRetransmissions: number;
  readonly lostPackets: number;
  readonly unrecoveredTo: number;
}

/** One flow-log record: one flow key over one export interval, from one reporter. */
export interface FlowLog {
  /** Interval start and end, UNIX seconds. */
  readonly startTime: number;
  readonly endTime: number;
  /** The node that reported the flow, when known. */
  readonly host?: string;
  readonly source: FlowEndpoint;
  readonly dest: FlowEndpoint;
  readonly destService: FlowService;
  /** Domain names linked to the destination IP (src-reported flows to outside the cluster). */
  readonly destDomains: readonly string[];
  /** `tcp`, `udp`, `icmp`, `icmp6`, `sctp`, `ipip`, `esp`, or the protocol number as text. */
  readonly proto: string;
  readonly action: FlowAction;
  readonly reporter: FlowReporter;
  /** null when the reporter did not include policies. */
  readonly policies: FlowPolicies | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly packetsIn: number;
  readonly packetsOut: number;
  readonly numFlows: number;
  readonly numFlowsStarted: number;
  readonly numFlowsCompleted: number;
  readonly tcp?: TcpStats;
}

export interface DnsRRSet {
  readonly name: string;
  readonly type: string;
  readonly class: string;
  readonly rdata: readonly string[];
}

export interface DnsServer {
  readonly ip: string;
  readonly name: string;
  readonly nameAggr: string;
  readonly namespace: string;
  readonly labels: FlowLabels;
}

/** One DNS-log record (docs "Configure DNS logs"). */
export interface DnsLog {
  readonly startTime: number;
  readonly endTime: number;
  /** LOG, or UNLOGGED when the per-node limit was hit (then only `count` is meaningful). */
  readonly type: "LOG" | "UNLOGGED";
  readonly count: number;
  readonly clientIp: string | null;
  readonly clientName: string;
  readonly clientNameAggr: string;
  readonly clientNamespace: string;
  readonly clientLabels: FlowLabels;
  readonly qname: string;
  readonly qtype: string;
  readonly qclass: string;
  readonly rcode: string;
  readonly rrsets: readonly DnsRRSet[];
  readonly servers: readonly DnsServer[];
  readonly latencyCount?: number;
  /** Nanoseconds. */
  readonly latencyMean?: number;
  readonly latencyMax?: number;
  readonly host?: string;
}

/** Where a record failed to parse: 1-based line, wire field path, message. */
export interface RecordParseError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}
