import "server-only";
/**
 * Several writes to one cluster as one change: enforce (create/update the enforced policy and
 * delete the staged copy), a move to another tier (delete + create under the new name), and
 * multi-object reorders. On the embedded cluster they run in one database transaction, so either
 * all of them happen or none; each write still gets its own audited event. Other backends have
 * no multi-object transaction (the Kubernetes API has none): there the writes run in order,
 * creations and updates first, so a failure part-way never loses the enforced policy.
 */
import type { ClusterBackend, ClusterKind, ClusterObject } from "@/lib/cluster/backend";
import { isNamespacedKind } from "@/lib/cluster/kinds";
import { prefixFieldErrors, validateClusterObject } from "@/lib/cluster/validate-object";
import { ValidationError } from "@/lib/errors";
import { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import type { WriteContext } from "@/lib/server/cluster/embedded-writes";
import { createObject, deleteObject, updateObject } from "@/lib/server/cluster/embedded-writes";
import { lockRevision } from "@/lib/server/cluster/object-store";
import { notifyClusterWrite } from "@/lib/server/cluster/write-notifier";
import { getSql } from "@/lib/server/db";
import { unwrapBackend } from "@/lib/server/auth/scoped-backend";

/** One write of an atomic change. `update` needs the object's current resourceVersion. */
export type WriteOp =
  | { readonly op: "create"; readonly object: ClusterObject }
  | { readonly op: "update"; readonly object: ClusterObject }
  | { readonly op: "delete"; readonly kind: ClusterKind; readonly name: string; readonly namespace?: string; readonly resourceVersion?: string };

/** What each op produced: the stored object (create/update) or the removed one (delete). */
export type WriteOutcome = { readonly op: WriteOp["op"]; readonly object: ClusterObject };

function validated(ops: readonly WriteOp[]): WriteOp[] {
  const errors = [];
  const out: WriteOp[] = [];
  for (const [i, op] of ops.entries()) {
    if (op.op === "delete") {
      out.push(op);
      continue;
    }
    const v = validateClusterObject(op.object);
    if (v.object === undefined) errors.push(...prefixFieldErrors(i, v.errors));
    else out.push({ op: op.op, object: v.object });
  }
  if (errors.length > 0) throw new ValidationError(`invalid object: ${errors[0]?.path ?? ""}: ${errors[0]?.message ?? ""}`, errors);
  return out;
}

async function runEmbedded(backend: EmbeddedBackend, ops: readonly WriteOp[], actor: string): Promise<WriteOutcome[]> {
  const sql = await getSql();
  const result = await sql.transaction(async (tx) => {
    await lockRevision(tx, backend.id);
    const ctx: WriteContext = { tx, clusterId: backend.id, actor: actor.trim() || "unknown", at: new Date(), prefix: "" };
    const out: WriteOutcome[] = [];
    for (const op of ops) {
      if (op.op === "create") out.push({ op: "create", object: await createObject(ctx, op.object) });
      else if (op.op === "update") out.push({ op: "update", object: await updateObject(ctx, op.object) });
      else {
        const key = { kind: op.kind, namespace: isNamespacedKind(op.kind) ? (op.namespace ?? "") : "", name: op.name };
        out.push({ op: "delete", object: await deleteObject(ctx, key, op.resourceVersion) });
      }
    }
    return out;
  });
  notifyClusterWrite(backend.id);
  return result;
}

async function runSequential(backend: ClusterBackend, ops: readonly WriteOp[], actor: string): Promise<WriteOutcome[]> {
  // Writes before deletes: a failure part-way leaves an extra object, never a missing one.
  const ordered = [...ops.filter((o) => o.op !== "delete"), ...ops.filter((o) => o.op === "delete")];
  const out: WriteOutcome[] = [];
  for (const op of ordered) {
    if (op.op === "create") out.push({ op: "create", object: await backend.create(op.object, { actor }) });
    else if (op.op === "update") out.push({ op: "update", object: await backend.update(op.object, { actor }) });
    else out.push({ op: "delete", object: await backend.delete(op.kind, op.name, op.namespace, { actor, ...(op.resourceVersion !== undefined ? { resourceVersion: op.resourceVersion } : {}) }) });
  }
  return out;
}

/**
 * Runs `ops` as one change (see the module comment). Objects are validated first: any invalid
 * one rejects the whole change (ValidationError, paths prefixed `[i].`). Throws ConflictError
 * (stale resourceVersion; nothing written on the embedded cluster), NotFoundError,
 * AlreadyExistsError and the backend's other errors.
 */
export async function writeAtomically(scopedOrNot: ClusterBackend, ops: readonly WriteOp[], actor: string): Promise<WriteOutcome[]> {
  const checked = validated(ops);
  if (checked.length === 0) return [];
  // A caller's permissions are checked op by op before anything is written, then the plain
  // backend runs the change (atomically on the embedded cluster).
  const { inner: backend, scoped } = unwrapBackend(scopedOrNot);
  if (scoped !== undefined) {
    await scoped.checkWrites(
      checked.map((op) =>
        op.op === "delete"
          ? { verb: "delete", kind: op.kind, name: op.name, namespace: op.namespace }
          : { verb: op.op, kind: op.object.kind, name: op.object.metadata.name, namespace: op.object.metadata.namespace, object: op.object },
      ),
    );
  }
  if (backend instanceof EmbeddedBackend) return runEmbedded(backend, checked, actor);
  return runSequential(backend, checked, actor);
}
