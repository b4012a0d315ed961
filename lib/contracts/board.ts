/**
 * Contracts of the policy board and editor endpoints under /api/v1/clusters/{cluster}/board
 * and /policies-ops: the board snapshot, reorder/move changes, enforce, restore, what-if probes,
 * impact previews and the audit log query. Resources travel in Palisade's model form (the
 * discriminated union of lib/calico/types.ts, no apiVersion); the server validates them.
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { AuditEventSchema, CalicoResourceSchema, VerdictSchema } from "@/lib/contracts/model-schemas";

/** A workload the pickers offer (pods with an IP). */
export const WorkloadRefViewSchema = lazySchema(() => z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()),
  ips: z.array(z.string()).readonly(),
}));
export type WorkloadRefView = z.infer<typeof WorkloadRefViewSchema>;

/** A Service the pickers offer. */
export const ServiceRefViewSchema = lazySchema(() => z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  ports: z.array(z.object({ port: z.number().int(), protocol: z.string(), name: z.string().optional() })).readonly(),
}));
export type ServiceRefView = z.infer<typeof ServiceRefViewSchema>;

/**
 * GET …/board: the policy resources (tiers and every policy kind, model form, with
 * metadata.resourceVersion), the endpoints each policy selects now (by policy key), and the
 * pickers' data. `lockedTiers`: tiers whose policies the caller may not see
 * (lib/auth/permissions.ts); the board shows their lanes locked and `resources` holds none of
 * their policies. Absent: nothing is locked.
 */
export const BoardSnapshotSchema = lazySchema(() => z.object({
  resources: z.array(CalicoResourceSchema).readonly(),
  endpointCounts: z.record(z.string(), z.number().int().min(0)),
  namespaces: z.array(z.string()).readonly(),
  workloads: z.array(WorkloadRefViewSchema).readonly(),
  services: z.array(ServiceRefViewSchema).readonly(),
  resourceVersion: z.string(),
  lockedTiers: z.array(z.string()).readonly().optional(),
}));
export type BoardSnapshot = z.infer<typeof BoardSnapshotSchema>;

/**
 * One object change of a board edit: the object (`key` = policy key, or `Tier/<name>`) must still
 * be at `resourceVersion`; then its order, tier and/or name change. A new name recreates it.
 */
export const BoardChangeSchema = lazySchema(() => z.object({
  key: z.string().min(3),
  resourceVersion: z.string().min(1),
  order: z.number().finite().optional(),
  tier: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
}));
export type BoardChange = z.infer<typeof BoardChangeSchema>;

/** POST …/board/changes: every change applied atomically. */
export const BoardChangesRequestSchema = lazySchema(() => z.object({ changes: z.array(BoardChangeSchema).min(1).max(500) }));
export type BoardChangesRequest = z.infer<typeof BoardChangesRequestSchema>;

/** Answer of writes: the keys written and their new resourceVersions. */
export const WriteSummarySchema = lazySchema(() => z.object({
  written: z.array(z.object({ key: z.string().min(1), op: z.enum(["create", "update", "delete"]), resourceVersion: z.string().optional() })).readonly(),
}));
export type WriteSummary = z.infer<typeof WriteSummarySchema>;

/** POST …/policies-ops/enforce: enforce the staged policy `key` (must be at `resourceVersion`). */
export const EnforceRequestSchema = lazySchema(() => z.object({ key: z.string().min(3), resourceVersion: z.string().min(1) }));
export type EnforceRequest = z.infer<typeof EnforceRequestSchema>;

/** POST …/policies-ops/restore: write revision `revision` of an object back as a new update. */
export const RestoreRequestSchema = lazySchema(() => z.object({
  kind: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().min(1),
  /** resourceVersion of the audit event whose `after` is restored. */
  revision: z.string().regex(/^\d+$/),
  /** The object's current resourceVersion as the client saw it ("" when it no longer exists). */
  currentResourceVersion: z.string(),
}));
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** GET …/policies-ops/history query. */
export const HistoryQuerySchema = lazySchema(() => z.object({
  kind: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().min(1),
}));
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** Answer of history and audit queries. */
export const AuditPageViewSchema = lazySchema(() => z.object({ items: z.array(AuditEventSchema).readonly(), next: z.string().optional() }));
export type AuditPageView = z.infer<typeof AuditPageViewSchema>;

/** GET …/audit query. `since`/`until` are RFC 3339 instants. */
export const AuditQuerySchema = lazySchema(() => z.object({
  kind: z.string().min(1).optional(),
  namespace: z.string().optional(),
  name: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
}));
export type AuditQueryParams = z.infer<typeof AuditQuerySchema>;

const ProtocolSchema = lazySchema(() => z.enum(["TCP", "UDP", "SCTP", "ICMP"]));

/** One side of a what-if probe. */
export const ProbeSourceSchema = lazySchema(() => z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("workload"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("ip"), ip: z.string().min(1) }),
]));
export const ProbeDestinationSchema = lazySchema(() => z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("workload"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("service"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("ip"), ip: z.string().min(1) }),
  z.object({ kind: z.literal("domain"), domain: z.string().min(1) }),
]));

/** POST …/policies-ops/what-if. */
export const WhatIfRequestSchema = lazySchema(() => z.object({
  source: ProbeSourceSchema,
  destination: ProbeDestinationSchema,
  protocol: ProtocolSchema,
  port: z.number().int().min(1).max(65535).optional(),
  /** Extra changes to judge against (the editor's draft), as in the impact request. */
  upserts: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
  deletes: z.array(z.string()).max(50).optional(),
}));
export type WhatIfRequest = z.infer<typeof WhatIfRequestSchema>;

/** One judged connection of a probe (a Service destination gives one per backing pod). */
export const ProbeResultSchema = lazySchema(() => z.object({
  source: z.string(),
  destination: z.string(),
  port: z.number().int().optional(),
  protocol: z.string(),
  verdict: VerdictSchema,
}));
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

/** `message`: why nothing could be judged (unknown workload, Service without backends…). */
export const WhatIfResponseSchema = lazySchema(() => z.object({ results: z.array(ProbeResultSchema).readonly(), message: z.string().optional() }));
export type WhatIfResponse = z.infer<typeof WhatIfResponseSchema>;

/** POST …/policies-ops/impact: compare the cluster now with the cluster after these changes. */
export const ImpactRequestSchema = lazySchema(() => z.object({
  upserts: z.array(z.record(z.string(), z.unknown())).max(50),
  deletes: z.array(z.string()).max(50),
  /** How far back recent flows are read, in minutes (default 15). */
  windowMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
}));
export type ImpactRequest = z.infer<typeof ImpactRequestSchema>;

/** The deciding step of one direction, trace left out. */
export const DeciderViewSchema = lazySchema(() => z.object({
  action: z.enum(["Allow", "Deny"]),
  reason: z.string(),
  tier: z.string().optional(),
  policy: z.string().optional(),
  rule: z.number().int().optional(),
  ruleAction: z.string().optional(),
  profile: z.string().optional(),
}));
export type DeciderView = z.infer<typeof DeciderViewSchema>;

export const VerdictSummarySchema = lazySchema(() => z.object({ allowed: z.boolean(), egress: DeciderViewSchema.nullable(), ingress: DeciderViewSchema.nullable() }));
export type VerdictSummary = z.infer<typeof VerdictSummarySchema>;

const EnforcedPendingSchema = lazySchema(() => z.object({ enforced: VerdictSummarySchema, pending: VerdictSummarySchema }));

/** One connection whose verdict changes; `records`: flow-log records behind it (flows source only). */
export const ImpactRowSchema = lazySchema(() => z.object({
  source: z.string(),
  destination: z.string(),
  port: z.number().int().optional(),
  protocol: z.string(),
  before: EnforcedPendingSchema,
  after: EnforcedPendingSchema,
  records: z.number().int().min(0).optional(),
}));
export type ImpactRow = z.infer<typeof ImpactRowSchema>;

/**
 * Where the judged connections came from: recent flows (`records` in the window, both
 * reporters; `unresolvedRecords` whose endpoints are gone or aggregated beyond recognition, not
 * judged), or the what-if matrix.
 */
export const ImpactSourceSchema = lazySchema(() => z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("flows"), records: z.number().int().min(0), windowMinutes: z.number().int().min(1), unresolvedRecords: z.number().int().min(0) }),
  z.object({ kind: z.literal("matrix") }),
]));
export type ImpactSource = z.infer<typeof ImpactSourceSchema>;

/**
 * `judged`: how many distinct connections were judged; `truncated`: cut at their size limit;
 * `source`: recent flows when the window had any, else the what-if matrix.
 */
export const ImpactResponseSchema = lazySchema(() => z.object({
  judged: z.number().int().min(0),
  truncated: z.boolean(),
  changed: z.array(ImpactRowSchema).readonly(),
  source: ImpactSourceSchema,
}));
export type ImpactResponse = z.infer<typeof ImpactResponseSchema>;

/** Default look-back of the impact preview and the board's traffic counters, in minutes. */
export const DEFAULT_FLOW_WINDOW_MINUTES = 15;

/** GET …/board/traffic query: the counters' range as RFC 3339 instants or a look-back in minutes. */
export const BoardTrafficQuerySchema = lazySchema(() => z.object({
  minutes: z.coerce.number().int().min(1).max(30 * 24 * 60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
}));
export type BoardTrafficQuery = z.infer<typeof BoardTrafficQuerySchema>;

/** Allowed / denied / passed hits of one policy. */
export const PolicyTrafficViewSchema = lazySchema(() => z.object({ allowed: z.number().min(0), denied: z.number().min(0), passed: z.number().min(0) }));
export type PolicyTrafficView = z.infer<typeof PolicyTrafficViewSchema>;

/**
 * GET …/board/traffic: counters per policy key (every current policy, zeros included) over the
 * range [from, to) in UNIX seconds, and the flow-log records in it.
 */
export const BoardTrafficSchema = lazySchema(() => z.object({
  /** UNIX seconds, fractional (the range ends at "now"). */
  from: z.number().min(0),
  to: z.number().min(0),
  records: z.number().int().min(0),
  policies: z.record(z.string(), PolicyTrafficViewSchema),
}));
export type BoardTraffic = z.infer<typeof BoardTrafficSchema>;

/** POST …/policies-ops/selects: which endpoints a draft policy selects. */
export const SelectsRequestSchema = lazySchema(() => z.object({ resource: z.record(z.string(), z.unknown()) }));
export const SelectsResponseSchema = lazySchema(() => z.object({ endpoints: z.array(z.object({ namespace: z.string().optional(), name: z.string().min(1) })).readonly() }));
export type SelectsResponse = z.infer<typeof SelectsResponseSchema>;
