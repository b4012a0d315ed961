/**
 * Calico's JSON spelling of flow and DNS logs (felix/collector/flowlog JSONOutput, docs "Flow log
 * data types" and "Configure DNS logs"): the zod schemas that read it and the writers that
 * produce it. This is the only file that knows the snake_case field names.
 */
import * as z from "zod";

/** Byte and packet counters: exact integers only (the store keeps them as BIGINT). */
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER, "must be at most 2^53-1");
/** Flow counts are INTEGER columns in the store: a larger value would fail the whole batch. */
const smallCount = count.max(2_147_483_647, "must be at most 2147483647");
const port = z.number().int().min(0).max(65535);
/** UNIX seconds, or an RFC 3339 string (Linseed / Go time.Time JSON); the range is checked when converted. */
export const timeSchema = z.union([z.number().finite().nonnegative(), z.string().min(1).max(64)]);

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
