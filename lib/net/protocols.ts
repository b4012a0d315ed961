/**
 * The protocol table: Calico's protocol names, their IANA numbers, the names flow logs use, and
 * which of them carry ports. Every part of the console that names or numbers a protocol reads it
 * from here (validator, policy engine, lint, recommender, board, CLI probes, forms). Pure.
 */

/** Calico's protocol names (numorstring.Protocol), case as the v3 API writes them. */
export const PROTOCOL_NAMES = ["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

interface ProtocolRow {
  readonly name: ProtocolName;
  readonly number: number;
  /** How flow logs (felix, Goldmane) spell it. */
  readonly flowName: string;
  /** Packets of this protocol carry source and destination ports. */
  readonly carriesPorts: boolean;
  /**
   * Calico's validator lets a rule with this protocol name `ports` (numorstring
   * `Protocol.SupportsPorts`: TCP, UDP and SCTP; UDPLite has ports on the wire but not in rules).
   */
  readonly rulePorts: boolean;
}

const TABLE: readonly ProtocolRow[] = [
  { name: "TCP", number: 6, flowName: "tcp", carriesPorts: true, rulePorts: true },
  { name: "UDP", number: 17, flowName: "udp", carriesPorts: true, rulePorts: true },
  { name: "ICMP", number: 1, flowName: "icmp", carriesPorts: false, rulePorts: false },
  { name: "ICMPv6", number: 58, flowName: "icmp6", carriesPorts: false, rulePorts: false },
  { name: "SCTP", number: 132, flowName: "sctp", carriesPorts: true, rulePorts: true },
  { name: "UDPLite", number: 136, flowName: "udplite", carriesPorts: true, rulePorts: false },
];

/** Protocols flow logs name that Calico has no name for: written as their numbers. */
const FLOW_ONLY: Readonly<Record<string, number>> = { ipip: 4, esp: 50 };

const BY_LOWER_NAME = new Map(TABLE.map((r) => [r.name.toLowerCase(), r] as const));
const BY_NUMBER = new Map(TABLE.map((r) => [r.number, r] as const));
const BY_FLOW_NAME = new Map(TABLE.map((r) => [r.flowName, r] as const));

/** The flow-log protocol names the flows page offers as filter values. */
export const FLOW_PROTOCOL_NAMES: readonly string[] = TABLE.filter((r) => r.name !== "UDPLite").map((r) => r.flowName);

function rowOf(p: ProtocolName | number): ProtocolRow | undefined {
  return typeof p === "number" ? BY_NUMBER.get(p) : BY_LOWER_NAME.get(p.toLowerCase());
}

/**
 * A protocol name (any case), number 0-255 or digit string → its number; undefined when it is
 * none of those. What the policy engine matches packets on.
 */
export function protocolNumber(p: ProtocolName | number | string): number | undefined {
  if (typeof p === "number") return Number.isInteger(p) && p >= 0 && p <= 255 ? p : undefined;
  const named = BY_LOWER_NAME.get(p.toLowerCase());
  if (named !== undefined) return named.number;
  return /^\d{1,3}$/.test(p) && Number(p) <= 255 ? Number(p) : undefined;
}

/** The Calico name of a protocol number, if Calico has one. */
export function protocolNameOf(n: number): ProtocolName | undefined {
  return BY_NUMBER.get(n)?.name;
}

/** The Calico name with exactly this spelling (the validator is case-sensitive). */
export function exactProtocolName(text: string): ProtocolName | undefined {
  return PROTOCOL_NAMES.find((p) => p === text);
}

/** The Calico name with this spelling in any case. */
export function protocolNameIgnoringCase(text: string): ProtocolName | undefined {
  return BY_LOWER_NAME.get(text.toLowerCase())?.name;
}

/**
 * A flow log's `proto` (`tcp`, `icmp6`, `ipip`, `"47"`…) as a Calico rule protocol: the name when
 * Calico has one (numbers of named protocols included), else the number 1-255; undefined for
 * anything else. Never throws.
 */
export function protocolFromFlow(proto: string): ProtocolName | number | undefined {
  const lower = proto.toLowerCase();
  const row = BY_FLOW_NAME.get(lower) ?? BY_LOWER_NAME.get(lower);
  if (row !== undefined) return row.name;
  const other = FLOW_ONLY[lower];
  if (other !== undefined) return other;
  if (!/^\d{1,3}$/.test(proto)) return undefined;
  const n = Number(proto);
  return n >= 1 && n <= 255 ? (BY_NUMBER.get(n)?.name ?? n) : undefined;
}

/** True when packets of the protocol (name in any case, or number) carry ports. */
export function carriesPorts(p: ProtocolName | number): boolean {
  return rowOf(p)?.carriesPorts ?? false;
}

/** True when Calico's validator allows `ports` in a rule with this protocol (TCP, UDP, SCTP). */
export function protocolSupportsPorts(p: ProtocolName | number | undefined): boolean {
  return p !== undefined && (rowOf(p)?.rulePorts ?? false);
}

/** True for ICMP (1) and ICMPv6 (58). */
export function isIcmpProtocol(p: ProtocolName | number | undefined): boolean {
  if (p === undefined) return false;
  const n = rowOf(p)?.number;
  return n === 1 || n === 58;
}
