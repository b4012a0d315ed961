/**
 * Contracts of the policy board and editor endpoints under /api/v1/clusters/{cluster}/board
 * and /policies-ops: the board snapshot, reorder/move changes, enforce, restore, what-if probes,
 * impact previews and the audit log query. Resources travel in Palisade's model form (the
 * discriminated union of lib/calico/types.ts, no apiVersion); the server validates them.
 */
import { z } from "zod";
import type { CalicoResource } from "@/lib/calico/types";
import type { AuditEvent } from "@/lib/cluster/audit";
import type { Verdict } from "@/lib/policy";

/** A workload the pickers offer (pods with an IP). */
export interface WorkloadRefView {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly string[];
}

/** A Service the pickers offer. */
export interface ServiceRefView {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly name?: string }[];
}

/** GET …/board: the policy resources, per-policy endpoint counts, and the pickers' data. */
export interface BoardSnapshot {
  /** Tiers and every policy kind, model form, with metadata.resourceVersion. */
  readonly resources: readonly CalicoResource[];
  /** Endpoints each policy selects now, by policy key. */
  readonly endpointCounts: Readonly<Record<string, number>>;
  readonly namespaces: readonly string[];
  readonly workloads: readonly WorkloadRefView[];
  readonly services: readonly ServiceRefView[];
  readonly resourceVersion: string;
  /**
   * Tiers whose policies the caller may not see (lib/auth/permissions.ts): the board shows their
   * lanes locked and `resources` holds none of their policies. Absent: nothing is locked.
   */
  readonly lockedTiers?: readonly string[];
}

/**
 * One object change of a board edit: the object (`key` = policy key, or `Tier/<name>`) must still
 * be at `resourceVersion`; then its order, tier and/or name change. A new name recreates it.
 */
export const BoardChangeSchema = z.object({
  key: z.string().min(3),
  resourceVersion: z.string().min(1),
  order: z.number().finite().optional(),
  tier: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
});
export type BoardChange = z.infer<typeof BoardChangeSchema>;

/** POST …/board/changes: every change applied atomically. */
export const BoardChangesRequestSchema = z.object({ changes: z.array(BoardChangeSchema).min(1).max(500) });
export type BoardChangesRequest = z.infer<typeof BoardChangesRequestSchema>;

/** Answer of writes: the keys written and their new resourceVersions. */
export interface WriteSummary {
  readonly written: readonly { readonly key: string; readonly op: "create" | "update" | "delete"; readonly resourceVersion?: string }[];
}

/** POST …/policies-ops/enforce: enforce the staged policy `key` (must be at `resourceVersion`). */
export const EnforceRequestSchema = z.object({ key: z.string().min(3), resourceVersion: z.string().min(1) });
export type EnforceRequest = z.infer<typeof EnforceRequestSchema>;

/** POST …/policies-ops/restore: write revision `revision` of an object back as a new update. */
export const RestoreRequestSchema = z.object({
  kind: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().min(1),
  /** resourceVersion of the audit event whose `after` is restored. */
  revision: z.string().regex(/^\d+$/),
  /** The object's current resourceVersion as the client saw it ("" when it no longer exists). */
  currentResourceVersion: z.string(),
});
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** GET …/policies-ops/history query. */
export const HistoryQuerySchema = z.object({
  kind: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().min(1),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** Answer of history and audit queries. */
export interface AuditPageView {
  readonly items: readonly AuditEvent[];
  readonly next?: string;
}

/** GET …/audit query. `since`/`until` are RFC 3339 instants. */
export const AuditQuerySchema = z.object({
  kind: z.string().min(1).optional(),
  namespace: z.string().optional(),
  name: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AuditQueryParams = z.infer<typeof AuditQuerySchema>;

const ProtocolSchema = z.enum(["TCP", "UDP", "SCTP", "ICMP"]);

/** One side of a what-if probe. */
export const ProbeSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("workload"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("ip"), ip: z.string().min(1) }),
]);
export const ProbeDestinationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("workload"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("service"), namespace: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal("ip"), ip: z.string().min(1) }),
  z.object({ kind: z.literal("domain"), domain: z.string().min(1) }),
]);

/** POST …/policies-ops/what-if. */
export const WhatIfRequestSchema = z.object({
  source: ProbeSourceSchema,
  destination: ProbeDestinationSchema,
  protocol: ProtocolSchema,
  port: z.number().int().min(1).max(65535).optional(),
  /** Extra changes to judge against (the editor's draft), as in the impact request. */
  upserts: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
  deletes: z.array(z.string()).max(50).optional(),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequestSchema>;

/** One judged connection of a probe (a Service destination gives one per backing pod). */
export interface ProbeResult {
  readonly source: string;
  readonly destination: string;
  readonly port?: number;
  readonly protocol: string;
  readonly verdict: Verdict;
}

export interface WhatIfResponse {
  readonly results: readonly ProbeResult[];
  /** Why nothing could be judged (unknown workload, Service without backends…). */
  readonly message?: string;
}

/** POST …/policies-ops/impact: compare the cluster now with the cluster after these changes. */
export const ImpactRequestSchema = z.object({
  upserts: z.array(z.record(z.string(), z.unknown())).max(50),
  deletes: z.array(z.string()).max(50),
  /** How far back recent flows are read, in minutes (default 15). */
  windowMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});
export type ImpactRequest = z.infer<typeof ImpactRequestSchema>;

/** The deciding step of one direction, trace left out. */
export interface DeciderView {
  readonly action: "Allow" | "Deny";
  readonly reason: string;
  readonly tier?: string;
  readonly policy?: string;
  readonly rule?: number;
  readonly ruleAction?: string;
  readonly profile?: string;
}

export interface VerdictSummary {
  readonly allowed: boolean;
  readonly egress: DeciderView | null;
  readonly ingress: DeciderView | null;
}

export interface ImpactRow {
  readonly source: string;
  readonly destination: string;
  readonly port?: number;
  readonly protocol: string;
  readonly before: { readonly enforced: VerdictSummary; readonly pending: VerdictSummary };
  readonly after: { readonly enforced: VerdictSummary; readonly pending: VerdictSummary };
  /** Flow-log records behind this connection (flows source only). */
  readonly records?: number;
}

/** Where the judged connections came from. */
export type ImpactSource =
  | {
      readonly kind: "flows";
      /** Flow-log records in the window (both reporters). */
      readonly records: number;
      readonly windowMinutes: number;
      /** Records whose endpoints are gone or aggregated beyond recognition (not judged). */
      readonly unresolvedRecords: number;
    }
  | { readonly kind: "matrix" };

export interface ImpactResponse {
  /** How many distinct connections were judged. */
  readonly judged: number;
  /** True when the connections were cut at their size limit. */
  readonly truncated: boolean;
  readonly changed: readonly ImpactRow[];
  /** Recent flows when the window had any, else the what-if matrix. */
  readonly source: ImpactSource;
}

/** Default look-back of the impact preview and the board's traffic counters, in minutes. */
export const DEFAULT_FLOW_WINDOW_MINUTES = 15;

/** GET …/board/traffic query: the counters' range as RFC 3339 instants or a look-back in minutes. */
export const BoardTrafficQuerySchema = z.object({
  minutes: z.coerce.number().int().min(1).max(30 * 24 * 60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type BoardTrafficQuery = z.infer<typeof BoardTrafficQuerySchema>;

/** Allowed / denied / passed hits of one policy. */
export interface PolicyTrafficView {
  readonly allowed: number;
  readonly denied: number;
  readonly passed: number;
}

/** GET …/board/traffic: counters per policy key (every current policy, zeros included). */
export interface BoardTraffic {
  /** The range counted, UNIX seconds [from, to). */
  readonly from: number;
  readonly to: number;
  /** Flow-log records in the range. */
  readonly records: number;
  readonly policies: Readonly<Record<string, PolicyTrafficView>>;
}

/** POST …/policies-ops/selects: which endpoints a draft policy selects. */
export const SelectsRequestSchema = z.object({ resource: z.record(z.string(), z.unknown()) });
export interface SelectsResponse {
  readonly endpoints: readonly { readonly namespace?: string; readonly name: string }[];
}
