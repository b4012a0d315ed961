/**
 * Zod schemas of the domain types that answers of /api/v1 carry inside them (policy resources,
 * stored objects, verdicts with their traces, the service graph, audit events). The domain
 * modules own these types; each schema here is checked against its type with `satisfies`, so tsc
 * refuses a schema whose output is not the type. Resources and stored objects are not described
 * twice: their schema runs the one validator the server writes them with (lib/calico,
 * lib/cluster), hands the object on as sent, and a body it refuses names the validator's field
 * path. No schema here is `.loose()`: zod objects drop keys they do not name, so a field the
 * server adds later breaks no page, and reaches none until its schema names it.
 */
import { z } from "zod";
import { ACTIONS } from "@/lib/calico/types";
import type { CalicoResource } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico/validate";
import type { AuditEvent } from "@/lib/cluster/audit";
import type { ClusterObject } from "@/lib/cluster/backend";
import { CLUSTER_KINDS } from "@/lib/cluster/kinds";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import type { FieldError } from "@/lib/errors";
import type { Graph } from "@/lib/graph";
import type { DirectionVerdict, TraceStep, Verdict } from "@/lib/policy";

/** `spec.ingress[0].action` → ["spec", "ingress", 0, "action"]. */
function toIssuePath(path: string): (string | number)[] {
  return path
    .split(/[.[\]]/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * A value `validate` accepts, handed on exactly as the server sent it (not the validator's
 * normalised copy, which would, for instance, rewrite rule protocols or drop a status the page
 * shows); its field errors otherwise.
 */
function validatedBy<T>(validate: (raw: unknown) => { readonly ok: boolean; readonly errors: readonly FieldError[] }): z.ZodType<T> {
  return z.unknown().transform((raw, ctx) => {
    const { ok, errors } = validate(raw);
    // Safe: the validator the server writes these objects with accepted every field of `raw`.
    if (ok) return raw as T;
    for (const e of errors.length > 0 ? errors : [{ path: "", message: "not a valid object" }]) ctx.addIssue({ code: "custom", message: e.message, path: toIssuePath(e.path) });
    return z.NEVER;
  });
}

/** A Calico resource in Palisade's model form (no apiVersion), as the board and editors read it. */
export const CalicoResourceSchema = validatedBy<CalicoResource>((raw) => {
  const r = validateResource(raw);
  return { ok: r.resource !== undefined, errors: r.errors };
});

/** Any stored object (Calico resource or core kind), as audit events carry it. */
export const ClusterObjectSchema = validatedBy<ClusterObject>((raw) => {
  const r = validateClusterObject(raw);
  return { ok: r.object !== undefined, errors: r.errors };
});

const TraceStepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rule"), tier: z.string(), policy: z.string(), namespace: z.string().optional(), staged: z.boolean(), rule: z.number().int(), action: z.enum(ACTIONS) }),
  z.object({ kind: z.literal("noMatch"), tier: z.string(), policy: z.string(), namespace: z.string().optional(), staged: z.boolean() }),
  z.object({ kind: z.literal("endOfTier"), tier: z.string(), action: z.enum(["Deny", "Pass"]), policy: z.string().optional(), namespace: z.string().optional(), staged: z.boolean().optional() }),
  z.object({ kind: z.literal("profile"), profile: z.string(), action: z.enum(["Allow", "NoMatch"]) }),
  z.object({ kind: z.literal("defaultDeny") }),
]) satisfies z.ZodType<TraceStep>;

export const DirectionVerdictSchema = z.object({
  action: z.enum(["Allow", "Deny"]),
  reason: z.enum(["rule", "endOfTier", "noPolicy", "passedOutOfLastTier"]),
  tier: z.string().optional(),
  policy: z.string().optional(),
  namespace: z.string().optional(),
  rule: z.number().int().optional(),
  ruleAction: z.enum(ACTIONS).optional(),
  profile: z.string().optional(),
  trace: z.array(TraceStepSchema).readonly(),
}) satisfies z.ZodType<DirectionVerdict>;

/** Enforced verdict plus the pending one (every staged policy enforced). */
export const VerdictSchema = z.object({
  allowed: z.boolean(),
  egress: DirectionVerdictSchema.nullable(),
  ingress: DirectionVerdictSchema.nullable(),
  staged: z.object({ allowed: z.boolean(), egress: DirectionVerdictSchema.nullable(), ingress: DirectionVerdictSchema.nullable() }),
}) satisfies z.ZodType<Verdict>;

const count = z.number().min(0);
/** The service graph (lib/graph): nodes and edges with string ids. */
export const GraphSchema = z.object({
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
}) satisfies z.ZodType<Graph>;

/** One audited write; `before` is null for ADDED, `after` for DELETED. */
export const AuditEventSchema = z.object({
  resourceVersion: z.string().regex(/^\d+$/),
  type: z.enum(["ADDED", "MODIFIED", "DELETED"]),
  kind: z.enum(CLUSTER_KINDS),
  namespace: z.string().optional(),
  name: z.string().min(1),
  actor: z.string(),
  at: z.iso.datetime({ offset: true }),
  before: ClusterObjectSchema.nullable(),
  after: ClusterObjectSchema.nullable(),
}) satisfies z.ZodType<AuditEvent>;
