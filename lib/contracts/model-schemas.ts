/**
 * Zod schemas of the domain types that answers of /api/v1 carry inside them (policy resources,
 * stored objects, verdicts with their traces, the service graph, audit events). The domain
 * modules own these types; each schema here is checked against its type with `satisfies`, so tsc
 * refuses a schema whose output is not the type.
 *
 * Resources and stored objects are the exception: the server hands on what a cluster holds even
 * when lib/calico's validator refuses it (lib/server/kube/backend.ts `fromWire`: "shown, as
 * served", e.g. a field of a newer Calico), so the browser cannot hold them to that validator
 * without blanking the board of a real cluster. Their schema checks the envelope every page keys
 * on (a known kind, metadata with a name and the optional string fields) and is `.loose()` for
 * the rest, whose shape depends on the kind. Everything else is not loose: zod objects drop keys
 * they do not name, so a field the server adds later breaks no page, and reaches none until its
 * schema names it.
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { ACTIONS, RESOURCE_KINDS } from "@/lib/calico/types";
import type { CalicoResource } from "@/lib/calico/types";
import type { AuditEvent } from "@/lib/cluster/audit";
import type { ClusterObject } from "@/lib/cluster/backend";
import { CLUSTER_KINDS } from "@/lib/cluster/kinds";
import type { Graph } from "@/lib/graph";
import type { DirectionVerdict, TraceStep, Verdict } from "@/lib/policy";

/** The metadata fields pages read; loose: the server keeps the rest (managedFields, ownerReferences…) as the cluster has them. */
const ObjectMetaSchema = lazySchema(() => z
  .object({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    resourceVersion: z.string().optional(),
    uid: z.string().optional(),
    creationTimestamp: z.string().optional(),
  })
  .loose());

/** A Calico resource in Palisade's model form (no apiVersion), as the board and editors read it. */
export const CalicoResourceSchema = lazySchema(() => z
  .object({ kind: z.enum(RESOURCE_KINDS), metadata: ObjectMetaSchema, spec: z.record(z.string(), z.unknown()).optional() })
  .loose()
  // Safe as far as the server vouches (see the module comment): kind and metadata checked, the kind's fields as served.
  .transform((o) => o as unknown as CalicoResource));

/** Any stored object (Calico resource or core kind), as audit events carry it. */
export const ClusterObjectSchema = lazySchema(() => z
  .object({ kind: z.enum(CLUSTER_KINDS), metadata: ObjectMetaSchema })
  .loose()
  // As CalicoResourceSchema: kind and metadata checked, the kind's fields as served.
  .transform((o) => o as unknown as ClusterObject));

const TraceStepSchema = lazySchema(() => z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rule"), tier: z.string(), policy: z.string(), namespace: z.string().optional(), staged: z.boolean(), rule: z.number().int(), action: z.enum(ACTIONS) }),
  z.object({ kind: z.literal("noMatch"), tier: z.string(), policy: z.string(), namespace: z.string().optional(), staged: z.boolean() }),
  z.object({ kind: z.literal("endOfTier"), tier: z.string(), action: z.enum(["Deny", "Pass"]), policy: z.string().optional(), namespace: z.string().optional(), staged: z.boolean().optional() }),
  z.object({ kind: z.literal("profile"), profile: z.string(), action: z.enum(["Allow", "NoMatch"]) }),
  z.object({ kind: z.literal("defaultDeny") }),
]) satisfies z.ZodType<TraceStep>);

export const DirectionVerdictSchema = lazySchema(() => z.object({
  action: z.enum(["Allow", "Deny"]),
  reason: z.enum(["rule", "endOfTier", "noPolicy", "passedOutOfLastTier"]),
  tier: z.string().optional(),
  policy: z.string().optional(),
  namespace: z.string().optional(),
  rule: z.number().int().optional(),
  ruleAction: z.enum(ACTIONS).optional(),
  profile: z.string().optional(),
  trace: z.array(TraceStepSchema).readonly(),
}) satisfies z.ZodType<DirectionVerdict>);

/** Enforced verdict plus the pending one (every staged policy enforced). */
export const VerdictSchema = lazySchema(() => z.object({
  allowed: z.boolean(),
  egress: DirectionVerdictSchema.nullable(),
  ingress: DirectionVerdictSchema.nullable(),
  staged: z.object({ allowed: z.boolean(), egress: DirectionVerdictSchema.nullable(), ingress: DirectionVerdictSchema.nullable() }),
}) satisfies z.ZodType<Verdict>);

const count = z.number().min(0);
/** The service graph (lib/graph): nodes and edges with string ids. */
export const GraphSchema = lazySchema(() => z.object({
  nodes: z
    .array(
      z.object({
        id: z.string().min(1),
        kind: z.enum(["namespace", "workload", "service", "pod", "network", "networkset", "domain", "host", "aggregate", "group"]),
        label: z.string(),
        namespace: z.string().optional(),
        parent: z.string().optional(),
        expanded: z.boolean().optional(),
        members: z.number().int().min(0).optional(),
      }),
    )
    .readonly(),
  edges: z
    .array(
      z.object({
        id: z.string().min(1),
        source: z.string().min(1),
        target: z.string().min(1),
        stats: z.object({ flows: count, allowed: count, denied: count, stagedDenied: count, bytes: count, packets: count }),
        ports: z.array(z.string()).readonly(),
        policies: z.array(z.string()).readonly(),
        firstSeen: z.number(),
        lastSeen: z.number(),
      }),
    )
    .readonly(),
}) satisfies z.ZodType<Graph>);

/** One audited write; `before` is null for ADDED, `after` for DELETED. */
export const AuditEventSchema = lazySchema(() => z.object({
  resourceVersion: z.string().regex(/^\d+$/),
  type: z.enum(["ADDED", "MODIFIED", "DELETED"]),
  kind: z.enum(CLUSTER_KINDS),
  namespace: z.string().optional(),
  name: z.string().min(1),
  actor: z.string(),
  at: z.iso.datetime({ offset: true }),
  before: ClusterObjectSchema.nullable(),
  after: ClusterObjectSchema.nullable(),
}) satisfies z.ZodType<AuditEvent>);
