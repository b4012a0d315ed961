import "server-only";
/**
 * The board's server operations: the snapshot the board renders, reorders and moves between
 * tiers (planned in the browser by lib/board, checked and written here atomically), enforcing a
 * staged policy, and restoring a revision from the audit log.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { isPolicyResource, planEnforce } from "@/lib/board";
import type { StagedPolicy, EnforcedPolicy } from "@/lib/board";
import type { ClusterBackend, ClusterObject } from "@/lib/cluster/backend";
import type { BoardChange, BoardSnapshot, EnforceRequest, RestoreRequest, WriteSummary } from "@/lib/contracts/board";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/errors";
import { endpointsSelectedBy, policyKeyOf } from "@/lib/policy";
import type { WriteOp, WriteOutcome } from "@/lib/server/policy/atomic";
import { writeAtomically } from "@/lib/server/policy/atomic";
import type { ObjectRef } from "@/lib/server/policy/keys";
import { parseObjectKey, toObjectKey } from "@/lib/server/policy/keys";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { applyDocuments } from "@/lib/server/http/apply-engine";
import { listAuditEvents } from "@/lib/server/cluster/registry";
import { inScope } from "@/lib/auth/permissions";
import { unwrapBackend } from "@/lib/server/auth/scoped-backend";

/** The board snapshot of a cluster (see BoardSnapshot). Throws what the backend throws. */
export async function getBoardSnapshot(backend: ClusterBackend): Promise<BoardSnapshot> {
  const snap = await loadClusterSnapshot(backend);
  const resources = snap.resources.filter((r) => r.kind === "Tier" || isPolicyResource(r));
  const endpointCounts: Record<string, number> = {};
  for (const r of resources) {
    if (!isPolicyResource(r)) continue;
    const key = policyKeyOf(r);
    const selected = endpointsSelectedBy(snap.policySet, key);
    if (selected !== undefined) endpointCounts[key] = selected.length;
  }
  return {
    resources,
    endpointCounts,
    namespaces: snap.models.namespaces.map((n) => n.name).sort(),
    workloads: snap.models.endpoints.map((e) => ({ namespace: e.namespace, name: e.name, labels: e.labels, ips: e.ips })),
    services: snap.models.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP", ...(p.name !== undefined ? { name: p.name } : {}) })),
    })),
    resourceVersion: snap.resourceVersion,
    ...lockedTiersOf(backend, resources),
  };
}

/** The tiers a scoped caller may not see (their lanes are shown locked, without policies). */
function lockedTiersOf(backend: ClusterBackend, resources: readonly CalicoResource[]): { lockedTiers?: string[] } {
  const { scoped } = unwrapBackend(backend);
  if (scoped === undefined || scoped.principal.tiers === "all") return {};
  const scope = scoped.principal.tiers;
  const locked = resources.filter((r) => r.kind === "Tier" && !inScope(scope, r.metadata.name)).map((r) => r.metadata.name);
  return locked.length > 0 ? { lockedTiers: locked.sort() } : {};
}

async function getRef(backend: ClusterBackend, ref: ObjectRef): Promise<ClusterObject> {
  return backend.get(ref.kind, ref.name, ref.namespace);
}

function checkVersion(obj: ClusterObject, expected: string, key: string): void {
  if (obj.metadata.resourceVersion !== expected) {
    throw new ConflictError(
      `${key} was changed by someone else (now at resourceVersion ${obj.metadata.resourceVersion ?? "?"}, you had ${expected}); reload the board and try again`,
      obj,
    );
  }
}

function withoutServerMeta(obj: ClusterObject): ClusterObject {
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, generation: _g, ...metadata } = obj.metadata;
  // Safe: the same object with server-owned metadata removed, as a create needs.
  return { ...obj, metadata: metadata as ClusterObject["metadata"] } as ClusterObject;
}

/** The object with a new order / tier / name applied to its spec and metadata. */
function changed(obj: ClusterObject, change: BoardChange): ClusterObject {
  const spec: Record<string, unknown> = { ...("spec" in obj ? (obj.spec as Record<string, unknown> | undefined) : undefined) };
  if (change.order !== undefined) spec["order"] = change.order;
  if (change.tier !== undefined) spec["tier"] = change.tier;
  const metadata = change.name !== undefined ? { ...obj.metadata, name: change.name } : obj.metadata;
  // Safe: only spec.order / spec.tier / metadata.name change; the backend validates the result.
  return { ...obj, metadata, spec } as ClusterObject;
}

function summary(outcomes: readonly WriteOutcome[]): WriteSummary {
  return {
    written: outcomes.map((o) => ({
      key: toObjectKey({ kind: o.object.kind, name: o.object.metadata.name, ...(o.object.metadata.namespace !== undefined ? { namespace: o.object.metadata.namespace } : {}) }),
      op: o.op,
      ...(o.op !== "delete" && o.object.metadata.resourceVersion !== undefined ? { resourceVersion: o.object.metadata.resourceVersion } : {}),
    })),
  };
}

/**
 * Applies board changes (new orders, tier moves, renames) in one atomic write. Each object must
 * still be at the resourceVersion the browser saw, else ConflictError carrying the current
 * object and nothing is written. A rename deletes the old object and creates the new one
 * (Kubernetes names are immutable). Only tiers and Calico policy kinds may change.
 */
export async function applyBoardChanges(backend: ClusterBackend, changes: readonly BoardChange[], actor: string): Promise<WriteSummary> {
  const ops: WriteOp[] = [];
  for (const change of changes) {
    const ref = parseObjectKey(change.key);
    if (ref.kind === "KubernetesNetworkPolicy" || ref.kind === "StagedKubernetesNetworkPolicy") {
      throw new BadRequestError(`${change.key}: Kubernetes NetworkPolicies are evaluated in the default tier at order 1000 and cannot be moved`);
    }
    if (ref.kind !== "Tier" && !["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy"].includes(ref.kind)) {
      throw new BadRequestError(`${change.key}: only tiers and policies can be reordered`);
    }
    if (ref.kind === "Tier" && (change.tier !== undefined || change.name !== undefined)) throw new BadRequestError(`${change.key}: a tier can only be reordered`);
    const current = await getRef(backend, ref);
    checkVersion(current, change.resourceVersion, change.key);
    const next = changed(current, change);
    if (change.name !== undefined && change.name !== ref.name) {
      ops.push({ op: "delete", kind: ref.kind, name: ref.name, ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}), resourceVersion: change.resourceVersion });
      ops.push({ op: "create", object: withoutServerMeta(next) });
    } else {
      ops.push({ op: "update", object: next });
    }
  }
  // Deletes of renamed objects go first so a create never collides with the old name.
  const ordered = [...ops.filter((o) => o.op === "delete"), ...ops.filter((o) => o.op !== "delete")];
  return summary(await writeAtomically(backend, ordered, actor));
}

const ENFORCED_OF: Readonly<Record<string, EnforcedPolicy["kind"]>> = {
  StagedNetworkPolicy: "NetworkPolicy",
  StagedGlobalNetworkPolicy: "GlobalNetworkPolicy",
  StagedKubernetesNetworkPolicy: "KubernetesNetworkPolicy",
};

async function findOptional(backend: ClusterBackend, ref: ObjectRef): Promise<ClusterObject | undefined> {
  try {
    return await getRef(backend, ref);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/**
 * Enforces a staged policy (lib/board planEnforce): creates or updates the enforced policy from
 * the staged spec and deletes the staged copy — or, for `stagedAction: Delete`, deletes both —
 * in one atomic write. Throws NotFoundError, ConflictError (staged copy changed since the
 * browser read it, or the enforced policy changed meanwhile), BadRequestError (not staged).
 */
export async function enforceStaged(backend: ClusterBackend, req: EnforceRequest, actor: string): Promise<WriteSummary> {
  const ref = parseObjectKey(req.key);
  const enforcedKind = ENFORCED_OF[ref.kind];
  if (enforcedKind === undefined) throw new BadRequestError(`${req.key} is not a staged policy`);
  const staged = await getRef(backend, ref);
  checkVersion(staged, req.resourceVersion, req.key);
  const existing = await findOptional(backend, { ...ref, kind: enforcedKind });
  // Safe: the kinds were checked above (staged kind; its enforced family).
  const plan = planEnforce(staged as StagedPolicy, existing as EnforcedPolicy | undefined);
  const ops: WriteOp[] = [];
  if (plan.create !== undefined) ops.push({ op: "create", object: plan.create });
  if (plan.update !== undefined) ops.push({ op: "update", object: plan.update });
  for (const key of plan.delete) {
    const r = parseObjectKey(key);
    const rv = key === req.key ? req.resourceVersion : existing?.metadata.resourceVersion;
    ops.push({ op: "delete", kind: r.kind, name: r.name, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), ...(rv !== undefined ? { resourceVersion: rv } : {}) });
  }
  return summary(await writeAtomically(backend, ops, actor));
}

/** The change log of one object, newest first (embedded clusters only). */
export async function objectHistory(clusterId: string, q: { kind: string; namespace?: string; name: string }) {
  const ref = parseObjectKey(toObjectKey({ kind: q.kind as ObjectRef["kind"], name: q.name, ...(q.namespace ? { namespace: q.namespace } : {}) }));
  return listAuditEvents(clusterId, { kind: ref.kind, name: ref.name, limit: 200, ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}) });
}

async function findRevision(clusterId: string, req: RestoreRequest): Promise<ClusterObject> {
  // The event with resourceVersion `revision` is the newest one at or below revision + 1.
  const page = await listAuditEvents(clusterId, {
    kind: parseObjectKey(toObjectKey({ kind: req.kind as ObjectRef["kind"], name: req.name, ...(req.namespace ? { namespace: req.namespace } : {}) })).kind,
    name: req.name,
    ...(req.namespace ? { namespace: req.namespace } : {}),
    before: (BigInt(req.revision) + 1n).toString(),
    limit: 1,
  });
  const event = page.items[0];
  if (event === undefined || event.resourceVersion !== req.revision) throw new NotFoundError(`revision ${req.revision} of ${req.kind} "${req.name}" is not in the change log`);
  if (event.after === null) throw new BadRequestError(`revision ${req.revision} is the deletion of ${req.kind} "${req.name}"; pick a revision that has content`);
  return event.after;
}

/**
 * Writes an old revision back as a new, audited change: an apply (client-side apply semantics,
 * lib/server/http/apply-engine.ts) conditioned on the object's current resourceVersion as the browser saw it (409 when someone changed it since), or a create
 * when the object was deleted meanwhile (`currentResourceVersion` ""). Throws NotFoundError
 * (no such revision), BadRequestError (a deletion revision), ConflictError.
 */
export async function restoreRevision(backend: ClusterBackend, req: RestoreRequest, actor: string): Promise<WriteSummary> {
  const revision = withoutServerMeta(await findRevision(backend.id, req));
  if (req.currentResourceVersion === "") return summary(await writeAtomically(backend, [{ op: "create", object: revision }], actor));
  const object = { ...revision, metadata: { ...revision.metadata, resourceVersion: req.currentResourceVersion } } as ClusterObject; // only resourceVersion added
  // The revision is applied with `kubectl apply`'s semantics (the console's one apply engine):
  // the version the browser saw is a precondition, status and fields others own are kept.
  const [applied] = await applyDocuments(backend, [{ object }], { dryRun: false, actor });
  if (applied === undefined) throw new NotFoundError(`${req.kind} "${req.name}" was not written`);
  return summary([{ op: "update", object: applied.object }]);
}

/** Resources of the snapshot that are policies or tiers (for tests and the impact preview). */
export function policyResourcesOf(resources: readonly CalicoResource[]): CalicoResource[] {
  return resources.filter((r) => r.kind === "Tier" || isPolicyResource(r));
}
