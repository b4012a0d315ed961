/**
 * Calico's JSON spelling of flow and DNS logs (felix/collector/flowlog JSONOutput, docs "Flow log
 * data types" and "Configure DNS logs"): the zod schemas that read it and the writers that
 * produce it. This is the only file that knows the snake_case field names.
 */
import * as z from "zod";

/** Byte and packet counters: exact integers only (the store keeps them as BIGINT). */
/** The bounds the schema and the quick check (conformingFlowWire) share. */
const COUNT_MAX = Number.MAX_SAFE_INTEGER;
const SMALL_COUNT_MAX = 2_147_483_647;
const PORT_MAX = 65_535;
const TIME_TEXT_MAX = 64;

const count = z.number().int().nonnegative().max(COUNT_MAX, "must be at most 2^53-1");
/** Flow counts are INTEGER columns in the store: a larger value would fail the whole batch. */
const smallCount = count.max(SMALL_COUNT_MAX, "must be at most 2147483647");
const port = z.number().int().min(0).max(PORT_MAX);
/** UNIX seconds, or an RFC 3339 string (Linseed / Go time.Time JSON); the range is checked when converted. */
export const timeSchema = z.union([z.number().finite().nonnegative(), z.string().min(1).max(TIME_TEXT_MAX)]);

/**
 * Labels: felix writes `{"labels": ["k=v", ...]}`; Linseed documents also carry plain maps or
 * arrays; `-` / null mean aggregated / not reported. The plain map is tried first and felix's
 * object needs its `labels` key: with the object first and `labels` optional, any plain map
 * matched it with every label stripped (`{"app": "x"}` was stored as no labels at all). A map
 * with a non-string value matches neither and is refused, naming the field.
 */
export const labelsSchema = z.union([
  z.record(z.string(), z.string()),
  z.object({ labels: z.array(z.string()).nullable() }),
  z.array(z.string()),
  z.literal("-"),
  z.null(),
]);

export const policiesSchema = z
  .object({
    enforced_policies: z.array(z.string()).nullable().optional(),
    pending_policies: z.array(z.string()).nullable().optional(),
    transit_policies: z.array(z.string()).nullable().optional(),
    /** Deprecated: enforced and staged hits up to the first enforced verdict. */
    all_policies: z.array(z.string()).nullable().optional(),
  })
  .nullable();

const keyword = z.string();

export const flowWireSchema = z.object({
  start_time: timeSchema,
  end_time: timeSchema,
  host: z.string().optional(),
  action: z.string(),
  reporter: z.string(),
  /** Calico Enterprise writes `proto`; Whisker's API calls it `protocol`. */
  proto: z.union([z.string(), z.number().int()]).optional(),
  protocol: z.union([z.string(), z.number().int()]).optional(),
  source_ip: z.string().nullable().optional(),
  source_name: keyword,
  source_name_aggr: keyword.optional(),
  source_namespace: keyword,
  source_port: port.nullable().optional(),
  source_type: keyword.optional(),
  source_labels: labelsSchema.optional(),
  dest_ip: z.string().nullable().optional(),
  dest_name: keyword,
  dest_name_aggr: keyword.optional(),
  dest_namespace: keyword,
  dest_port: port.nullable().optional(),
  dest_type: keyword.optional(),
  dest_labels: labelsSchema.optional(),
  dest_service_namespace: keyword.optional(),
  dest_service_name: keyword.optional(),
  dest_service_port: z.union([keyword, port]).nullable().optional(),
  dest_service_port_num: port.nullable().optional(),
  dest_domains: z.union([z.array(z.string()), z.string()]).nullable().optional(),
  policies: policiesSchema.optional(),
  bytes_in: count.default(0),
  bytes_out: count.default(0),
  packets_in: count.default(0),
  packets_out: count.default(0),
  num_flows: smallCount.default(1),
  num_flows_started: smallCount.default(0),
  num_flows_completed: smallCount.default(0),
  tcp_mean_send_congestion_window: count.optional(),
  tcp_min_send_congestion_window: count.optional(),
  tcp_mean_smooth_rtt: count.optional(),
  tcp_max_smooth_rtt: count.optional(),
  tcp_mean_min_rtt: count.optional(),
  tcp_max_min_rtt: count.optional(),
  tcp_mean_mss: count.optional(),
  tcp_min_mss: count.optional(),
  tcp_total_retransmissions: count.optional(),
  tcp_lost_packets: count.optional(),
  tcp_unrecovered_to: count.optional(),
});
export type FlowWire = z.infer<typeof flowWireSchema>;

const dnsServerSchema = z.object({
  ip: z.string(),
  name: z.string().default("-"),
  name_aggr: z.string().default("-"),
  namespace: z.string().default("-"),
  labels: labelsSchema.optional(),
});

const rrsetSchema = z.object({
  name: z.string(),
  type: z.union([z.string(), z.number().int()]),
  class: z.union([z.string(), z.number().int()]),
  rdata: z.array(z.string()).nullable().default([]),
});

export const dnsWireSchema = z.object({
  start_time: timeSchema,
  end_time: timeSchema,
  type: z.enum(["LOG", "UNLOGGED"]).default("LOG"),
  count: smallCount,
  client_ip: z.string().nullable().optional(),
  client_name: z.string().default("-"),
  client_name_aggr: z.string().default("-"),
  client_namespace: z.string().default("-"),
  client_labels: labelsSchema.optional(),
  qname: z.string().default(""),
  qtype: z.union([z.string(), z.number().int()]).default(""),
  qclass: z.union([z.string(), z.number().int()]).default(""),
  rcode: z.union([z.string(), z.number().int()]).default(""),
  rrsets: z.array(rrsetSchema).nullable().default([]),
  servers: z.array(dnsServerSchema).nullable().default([]),
  latency_count: smallCount.optional(),
  latency_mean: z.number().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  latency_max: z.number().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  host: z.string().optional(),
});
export type DnsWire = z.infer<typeof dnsWireSchema>;

/*
 * A check of the usual record without zod (conformingFlowWire). flowWireSchema.safeParse cost
 * ~5–9 µs a record and made a new object (and an issue list) per field: with JSON.parse, the
 * console's largest share per record over HTTP after garbage collection, which those objects
 * fed. The check accepts a subset of what the schema accepts — plain objects whose every known
 * field has its common form — and everything else goes to the schema, which decides and names
 * the field. parse.fuzz.test.ts compares the two on hostile records.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};
const isStringArray = (v: unknown): v is string[] => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
};
const isOptString = (v: unknown): boolean => v === undefined || typeof v === "string";
const isOptNullString = (v: unknown): boolean => v === undefined || v === null || typeof v === "string";
const isTime = (v: unknown): boolean => (typeof v === "number" ? Number.isFinite(v) && v >= 0 : typeof v === "string" && v.length >= 1 && v.length <= TIME_TEXT_MAX);
const isPort = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= PORT_MAX;
const isOptNullPort = (v: unknown): boolean => v === undefined || v === null || isPort(v);
const isCount = (v: unknown, max: number): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= max;
const isOptCount = (v: unknown): boolean => v === undefined || isCount(v, COUNT_MAX);
const isOptProto = (v: unknown): boolean => v === undefined || typeof v === "string" || (typeof v === "number" && Number.isSafeInteger(v));

/** labelsSchema's first two branches, as the schema reads them (a map of strings; felix's object); "-" and null. */
function isUsualLabels(v: unknown): boolean {
  if (v === undefined || v === null || v === "-") return true;
  if (isStringArray(v)) return true;
  if (!isPlainObject(v)) return false;
  let allStrings = true;
  for (const k in v) {
    // zod builds the map by assignment, where "__proto__" is not a key: the schema decides.
    if (k === "__proto__") return false;
    if (typeof v[k] !== "string") allStrings = false;
  }
  return allStrings || (Object.hasOwn(v, "labels") && (v.labels === null || isStringArray(v.labels)));
}

function isUsualPolicies(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!isPlainObject(v)) return false;
  for (const k of ["enforced_policies", "pending_policies", "transit_policies", "all_policies"]) {
    const list = v[k];
    if (list !== undefined && list !== null && !isStringArray(list)) return false;
  }
  return true;
}

const COUNTS = ["bytes_in", "bytes_out", "packets_in", "packets_out"] as const;
const SMALL_COUNTS = ["num_flows", "num_flows_started", "num_flows_completed"] as const;
const TCP_COUNTS = [
  "tcp_mean_send_congestion_window",
  "tcp_min_send_congestion_window",
  "tcp_mean_smooth_rtt",
  "tcp_max_smooth_rtt",
  "tcp_mean_min_rtt",
  "tcp_max_min_rtt",
  "tcp_mean_mss",
  "tcp_min_mss",
  "tcp_total_retransmissions",
  "tcp_lost_packets",
  "tcp_unrecovered_to",
] as const;
/** The counters' defaults, taken from the schema (what it gives for an absent field). */
const COUNT_DEFAULTS: readonly (readonly [string, number])[] = [...COUNTS, ...SMALL_COUNTS].map((k) => [k, flowWireSchema.shape[k].parse(undefined)] as const);

/**
 * The record as flowWireSchema would give it, when it is a plain object whose every field has
 * its usual form; undefined otherwise (the schema then decides). The object itself is returned
 * (unknown fields stay on it: readers of a FlowWire read only its fields), or a copy with the
 * counters' defaults filled in when one is missing.
 */
export function conformingFlowWire(v: unknown): FlowWire | undefined {
  if (!isPlainObject(v)) return undefined;
  if (!isTime(v.start_time) || !isTime(v.end_time)) return undefined;
  if (typeof v.action !== "string" || typeof v.reporter !== "string") return undefined;
  if (typeof v.source_name !== "string" || typeof v.source_namespace !== "string" || typeof v.dest_name !== "string" || typeof v.dest_namespace !== "string") return undefined;
  if (!isOptString(v.host) || !isOptProto(v.proto) || !isOptProto(v.protocol)) return undefined;
  if (!isOptNullString(v.source_ip) || !isOptNullString(v.dest_ip)) return undefined;
  if (!isOptString(v.source_name_aggr) || !isOptString(v.source_type) || !isOptString(v.dest_name_aggr) || !isOptString(v.dest_type)) return undefined;
  if (!isOptString(v.dest_service_namespace) || !isOptString(v.dest_service_name)) return undefined;
  if (!isOptNullPort(v.source_port) || !isOptNullPort(v.dest_port) || !isOptNullPort(v.dest_service_port_num)) return undefined;
  const svcPort = v.dest_service_port;
  if (!(svcPort === undefined || svcPort === null || typeof svcPort === "string" || isPort(svcPort))) return undefined;
  const domains = v.dest_domains;
  if (!(domains === undefined || domains === null || typeof domains === "string" || isStringArray(domains))) return undefined;
  if (!isUsualLabels(v.source_labels) || !isUsualLabels(v.dest_labels) || !isUsualPolicies(v.policies)) return undefined;
  let missing = false;
  for (const k of COUNTS) {
    if (v[k] === undefined) missing = true;
    else if (!isCount(v[k], COUNT_MAX)) return undefined;
  }
  for (const k of SMALL_COUNTS) {
    if (v[k] === undefined) missing = true;
    else if (!isCount(v[k], SMALL_COUNT_MAX)) return undefined;
  }
  for (const k of TCP_COUNTS) if (!isOptCount(v[k])) return undefined;
  if (!missing) return v as FlowWire; // every field checked above against the schema's types
  const filled: Record<string, unknown> = { ...v };
  for (const [k, d] of COUNT_DEFAULTS) if (filled[k] === undefined) filled[k] = d;
  return filled as FlowWire; // the same, with the schema's defaults
}
