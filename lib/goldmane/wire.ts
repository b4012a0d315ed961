/**
 * Goldmane's flow messages as Palisade's gRPC client hands them over (proto/goldmane.proto loaded
 * with field names kept as written, enums as their names, 64-bit integers as numbers, defaults
 * filled in), checked with zod at the boundary. Enum values this build does not know arrive as
 * numbers and are kept as such, so a newer Goldmane fails one record, not the whole stream.
 */
import * as z from "zod";

const enumValue = z.union([z.string(), z.number()]);
const int64 = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]).default(0);

export interface GoldmanePolicyHit {
  readonly kind: string | number;
  readonly namespace: string;
  readonly name: string;
  readonly tier: string;
  readonly action: string | number;
  readonly policy_index: number;
  readonly rule_index: number;
  readonly trigger?: GoldmanePolicyHit | null;
}

export const policyHitSchema: z.ZodType<GoldmanePolicyHit> = z.lazy(() =>
  z.object({
    kind: enumValue.default(0),
    namespace: z.string().default(""),
    name: z.string().default(""),
    tier: z.string().default(""),
    action: enumValue.default(0),
    policy_index: int64,
    rule_index: int64,
    trigger: policyHitSchema.nullish(),
  }),
);

export const flowKeySchema = z.object({
  source_name: z.string().default(""),
  source_namespace: z.string().default(""),
  source_type: enumValue.default(0),
  dest_name: z.string().default(""),
  dest_namespace: z.string().default(""),
  dest_type: enumValue.default(0),
  dest_port: int64,
  dest_service_name: z.string().default(""),
  dest_service_namespace: z.string().default(""),
  dest_service_port_name: z.string().default(""),
  dest_service_port: int64,
  proto: z.string().default(""),
  reporter: enumValue.default(0),
  action: enumValue.default(0),
  policies: z
    .object({ enforced_policies: z.array(policyHitSchema).default([]), pending_policies: z.array(policyHitSchema).default([]) })
    .nullish(),
});

export const goldmaneFlowSchema = z.object({
  Key: flowKeySchema,
  start_time: int64,
  end_time: int64,
  source_labels: z.array(z.string()).default([]),
  dest_labels: z.array(z.string()).default([]),
  packets_in: int64,
  packets_out: int64,
  bytes_in: int64,
  bytes_out: int64,
  num_connections_started: int64,
  num_connections_completed: int64,
  num_connections_live: int64,
});

/** One Goldmane Flow (key, interval, labels, counters). */
export type GoldmaneFlow = z.infer<typeof goldmaneFlowSchema>;
export type GoldmaneFlowKey = z.infer<typeof flowKeySchema>;

/** FlowResult: a flow and the id of its key (stable only within one Goldmane lifetime). */
export const flowResultSchema = z.object({ id: int64, flow: goldmaneFlowSchema.nullish() });
export type GoldmaneFlowResult = z.infer<typeof flowResultSchema>;

/** FlowListResult: one page and the paging totals. */
export const flowListResultSchema = z.object({
  meta: z.object({ totalPages: int64, totalResults: int64 }).nullish(),
  flows: z.array(flowResultSchema).default([]),
});
export type GoldmaneFlowList = z.infer<typeof flowListResultSchema>;
