import "server-only";
/**
 * The write protocol of the embedded cluster, run inside one transaction:
 *
 *   1. lock the cluster's revision row (serialises writers; commits happen in rv order);
 *   2. check references (namespace exists, policy tier exists, tier not in use on delete);
 *   3. take the next resourceVersion and write the object with a compare-and-swap on the
 *      version read (UPDATE … WHERE "resourceVersion" = $old), so a stale writer always loses;
 *   4. append the ObjectEvent (watch + audit record) in the same transaction.
 *
 * Objects reaching these functions are already validated (validate-object.ts).
 */
import { randomUUID } from "node:crypto";
import type { ClusterObject, ServiceObject } from "@/lib/cluster/backend";
import { BUILT_IN_TIERS, isNamespacedKind, isTieredPolicyKind, PROTECTED_NAMESPACES, resourceName, tierOf } from "@/lib/cluster/kinds";
import { isSameContent, isSpecChange, withServerMeta } from "@/lib/cluster/object-meta";
import { effectiveK8sPolicyTypes } from "@/lib/calico/policy-names";
import { AlreadyExistsError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { FieldError } from "@/lib/errors";
import type { ObjectKey, StoredObject } from "@/lib/server/cluster/object-store";
import {
  countPoliciesInTier,
  deleteObjectIf,
  insertEvent,
  insertObject,
  nextResourceVersion,
  readNamespaceContents,
  readObject,
  readServiceClusterIps,
  updateObjectIf,
} from "@/lib/server/cluster/object-store";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { toWireObject } from "@/lib/contracts/resources";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { ssaSchemaForKind } from "@/lib/k8s-api/managed-fields";
import { PALISADE_FIELD_MANAGER, recordUpdate } from "@/lib/k8s-api/server-side-apply";

export interface WriteContext {
  readonly tx: SqlQueryable;
  readonly clusterId: string;
  readonly actor: string;
  readonly at: Date;
  /** Prefix for field paths and messages in multi-document applies (`[2].`); "" otherwise. */
  readonly prefix: string;
  /** The field manager of this write's Update entry (default `palisade`); see WriteOptions. */
  readonly fieldManager?: string;
  readonly managerApiVersion?: string;
  /** Server-side apply computed metadata.managedFields already. */
  readonly managedFieldsGiven?: boolean;
}

/**
 * The object with its metadata.managedFields after this write: the writer's Update entry takes
 * the fields it added or changed (lib/k8s-api/server-side-apply.ts), computed on the wire form
 * (the paths kubectl shows). Server-side applies bring their own.
 */
function withManagedFields(ctx: WriteContext, before: ClusterObject | null, after: ClusterObject): ClusterObject {
  if (ctx.managedFieldsGiven === true) return after;
  const next = toWireObject(after) as unknown as JsonObject; // a wire object is a JSON record
  const apiVersion = typeof next["apiVersion"] === "string" ? next["apiVersion"] : "v1";
  const managedFields = recordUpdate({
    live: before === null ? undefined : (toWireObject(before) as unknown as JsonObject),
    next,
    manager: ctx.fieldManager ?? PALISADE_FIELD_MANAGER,
    apiVersion: ctx.managerApiVersion ?? apiVersion,
    now: ctx.at,
    schema: ssaSchemaForKind(String(next["kind"])),
  });
  const { managedFields: _old, ...metadata } = after.metadata;
  // Only metadata.managedFields changes; the variant is unchanged.
  return { ...after, metadata: managedFields.length > 0 ? { ...metadata, managedFields } : metadata } as ClusterObject;
}

/** The storage key of an object. */
export function keyOf(obj: ClusterObject): ObjectKey {
  return { kind: obj.kind, namespace: isNamespacedKind(obj.kind) ? (obj.metadata.namespace ?? "") : "", name: obj.metadata.name };
}

function describe(key: ObjectKey): string {
  return `${resourceName(key.kind)} "${key.name}"`;
}

/** Clears fields the server owns or ignores before storing: namespace of cluster-scoped kinds, defaults. */
function normalise(obj: ClusterObject): ClusterObject {
  let out = obj;
  if (!isNamespacedKind(obj.kind) && obj.metadata.namespace !== undefined) {
    const { namespace: _ignored, ...metadata } = obj.metadata;
    // Only metadata.namespace was dropped; the variant is unchanged.
    out = { ...out, metadata } as ClusterObject;
  }
  if (out.kind === "Namespace") {
    // Kubernetes (1.21+) always sets this label to the namespace's name.
    out = { ...out, metadata: { ...out.metadata, labels: { ...out.metadata.labels, "kubernetes.io/metadata.name": out.metadata.name } } };
    out = withNamespaceDefaults(out);
  }
  if (out.kind === "KubernetesNetworkPolicy" && (out.spec.policyTypes === undefined || out.spec.policyTypes.length === 0)) {
    // The apiserver's defaulting: Ingress always, Egress when the policy has egress rules.
    out = { ...out, spec: { ...out.spec, policyTypes: effectiveK8sPolicyTypes(out.spec) } };
  }
  return out;
}

/** The apiserver's Namespace defaults: spec.finalizers ["kubernetes"], status.phase "Active". */
function withNamespaceDefaults(ns: ClusterObject): ClusterObject {
  const raw = ns as unknown as Record<string, unknown>; // a stored object is a JSON record
  const spec = typeof raw["spec"] === "object" && raw["spec"] !== null ? (raw["spec"] as Record<string, unknown>) : {};
  const status = typeof raw["status"] === "object" && raw["status"] !== null ? (raw["status"] as Record<string, unknown>) : {};
  return {
    ...raw,
    spec: { ...spec, finalizers: Array.isArray(spec["finalizers"]) ? spec["finalizers"] : ["kubernetes"] },
    status: { ...status, phase: typeof status["phase"] === "string" ? status["phase"] : "Active" },
  } as unknown as ClusterObject; // only spec.finalizers and status.phase added to a Namespace
}

async function checkReferences(ctx: WriteContext, obj: ClusterObject): Promise<void> {
  const key = keyOf(obj);
  if (key.namespace !== "") {
    const ns = await readObject(ctx.tx, ctx.clusterId, { kind: "Namespace", namespace: "", name: key.namespace });
    if (!ns) throw new NotFoundError(`${ctx.prefix}namespaces "${key.namespace}" not found`);
  }
  if (isTieredPolicyKind(obj.kind)) {
    const tier = tierOf(obj) ?? "default";
    const found = await readObject(ctx.tx, ctx.clusterId, { kind: "Tier", namespace: "", name: tier });
    if (!found) {
      const errors: FieldError[] = [{ path: `${ctx.prefix}spec.tier`, message: `tier "${tier}" does not exist: create the Tier first` }];
      throw new ValidationError(`${ctx.prefix}${describe(key)} is invalid: spec.tier: tier "${tier}" does not exist`, errors);
    }
  }
}

const SERVICE_RANGE_START = (10 << 24) | (96 << 16); // 10.96.0.0/12, kubeadm's default service CIDR
const SERVICE_RANGE_SIZE = 1 << 20;

function ipFromInt(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Gives a new Service a free clusterIP, as the apiserver's allocator does; keeps it on update. */
async function allocateClusterIp(ctx: WriteContext, svc: ServiceObject, previous: ServiceObject | null): Promise<ServiceObject> {
  if (svc.spec.type === "ExternalName") return svc;
  const old = previous?.spec.clusterIP;
  if (old !== undefined && old !== "") {
    if (svc.spec.clusterIP !== undefined && svc.spec.clusterIP !== "" && svc.spec.clusterIP !== old) {
      throw new ValidationError(`${ctx.prefix}${describe(keyOf(svc))} is invalid`, [{ path: `${ctx.prefix}spec.clusterIP`, message: "Invalid value: field is immutable" }]);
    }
    return { ...svc, spec: { ...svc.spec, clusterIP: old } };
  }
  if (svc.spec.clusterIP !== undefined && svc.spec.clusterIP !== "") return svc;
  const used = await readServiceClusterIps(ctx.tx, ctx.clusterId);
  // Skip .0 (network) and .1 (the `kubernetes` service) and .10 (kube-dns by convention).
  for (let i = 2; i < SERVICE_RANGE_SIZE - 1; i++) {
    const ip = ipFromInt(SERVICE_RANGE_START + i);
    if (i !== 10 && !used.has(ip)) return { ...svc, spec: { ...svc.spec, clusterIP: ip } };
  }
  throw new ValidationError(`${ctx.prefix}no free clusterIP left in 10.96.0.0/12`, [{ path: `${ctx.prefix}spec.clusterIP`, message: "range is full" }]);
}

/** Creates the object. Throws AlreadyExistsError, NotFoundError (namespace), ValidationError (tier). */
export async function createObject(ctx: WriteContext, input: ClusterObject): Promise<ClusterObject> {
  let obj = normalise(input);
  const key = keyOf(obj);
  if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== "") {
    throw new ValidationError(`${ctx.prefix}${describe(key)} is invalid`, [
      { path: `${ctx.prefix}metadata.resourceVersion`, message: "resourceVersion should not be set on objects to be created" },
    ]);
  }
  await checkReferences(ctx, obj);
  if (await readObject(ctx.tx, ctx.clusterId, key)) throw new AlreadyExistsError(`${ctx.prefix}${describe(key)} already exists`);
  if (obj.kind === "Service") obj = await allocateClusterIp(ctx, obj, null);
  obj = withManagedFields(ctx, null, obj);
  const rv = await nextResourceVersion(ctx.tx, ctx.clusterId);
  const uid = randomUUID();
  const stored = withServerMeta(obj, { uid, resourceVersion: rv.toString(), creationTimestamp: ctx.at.toISOString().replace(/\.\d{3}Z$/, "Z"), generation: 1 });
  await insertObject(ctx.tx, ctx.clusterId, key, uid, rv, stored, ctx.at);
  await insertEvent(ctx.tx, ctx.clusterId, { ...key, resourceVersion: rv, type: "ADDED", actor: ctx.actor, at: ctx.at, before: null, after: stored });
  return stored;
}

/**
 * Replaces `current` with `input` if the stored version is still `current.resourceVersion`.
 * Throws ConflictError (carrying the stored object) when it changed in between.
 */
export async function replaceObject(ctx: WriteContext, current: StoredObject, input: ClusterObject): Promise<ClusterObject> {
  let obj = normalise(input);
  const key = keyOf(obj);
  if (obj.metadata.uid !== undefined && obj.metadata.uid !== "" && obj.metadata.uid !== current.uid) {
    throw new ConflictError(
      `${ctx.prefix}Operation cannot be fulfilled on ${describe(key)}: Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${current.uid}`,
      current.object,
    );
  }
  await checkReferences(ctx, obj);
  if (obj.kind === "Service" && current.object.kind === "Service") obj = await allocateClusterIp(ctx, obj, current.object);
  obj = withManagedFields(ctx, current.object, obj);
  const rv = await nextResourceVersion(ctx.tx, ctx.clusterId);
  const before = current.object;
  const generation = (before.metadata.generation ?? 1) + (isSpecChange(before, obj) ? 1 : 0);
  const stored = withServerMeta(obj, {
    uid: current.uid,
    resourceVersion: rv.toString(),
    creationTimestamp: before.metadata.creationTimestamp ?? ctx.at.toISOString(),
    generation,
  });
  if (!(await updateObjectIf(ctx.tx, ctx.clusterId, key, current.resourceVersion, rv, stored, ctx.at))) {
    const now = await readObject(ctx.tx, ctx.clusterId, key);
    throw new ConflictError(conflictMessage(ctx, key), now?.object);
  }
  await insertEvent(ctx.tx, ctx.clusterId, { ...key, resourceVersion: rv, type: "MODIFIED", actor: ctx.actor, at: ctx.at, before, after: stored });
  return stored;
}

function conflictMessage(ctx: WriteContext, key: ObjectKey): string {
  return `${ctx.prefix}Operation cannot be fulfilled on ${describe(key)}: the object has been modified; please apply your changes to the latest version and try again`;
}

/**
 * Update with optimistic concurrency: `input.metadata.resourceVersion` must equal the stored
 * version. Throws NotFoundError, ConflictError, ValidationError (missing resourceVersion).
 */
export async function updateObject(ctx: WriteContext, input: ClusterObject): Promise<ClusterObject> {
  const key = keyOf(input);
  const rv = input.metadata.resourceVersion;
  if (rv === undefined || rv === "") {
    throw new ValidationError(`${ctx.prefix}${describe(key)} is invalid`, [
      { path: `${ctx.prefix}metadata.resourceVersion`, message: "Invalid value: 0x0: must be specified for an update" },
    ]);
  }
  const current = await readObject(ctx.tx, ctx.clusterId, key);
  if (!current) throw new NotFoundError(`${ctx.prefix}${describe(key)} not found`);
  if (!/^\d+$/.test(rv) || BigInt(rv) !== current.resourceVersion) throw new ConflictError(conflictMessage(ctx, key), current.object);
  return replaceObject(ctx, current, input);
}

/** Apply of one document: create, replace, or leave alone when identical. */
export async function applyObject(ctx: WriteContext, input: ClusterObject): Promise<{ readonly outcome: "created" | "configured" | "unchanged"; readonly object: ClusterObject }> {
  const key = keyOf(input);
  const current = await readObject(ctx.tx, ctx.clusterId, key);
  if (!current) {
    const { resourceVersion: _ignored, ...metadata } = input.metadata;
    // Only metadata.resourceVersion was dropped (apply creates ignore it); the variant is unchanged.
    return { outcome: "created", object: await createObject(ctx, { ...input, metadata } as ClusterObject) };
  }
  const rv = input.metadata.resourceVersion;
  if (rv !== undefined && rv !== "" && (!/^\d+$/.test(rv) || BigInt(rv) !== current.resourceVersion)) {
    throw new ConflictError(conflictMessage(ctx, key), current.object);
  }
  let candidate = normalise(input);
  if (candidate.kind === "Service" && current.object.kind === "Service") candidate = await allocateClusterIp(ctx, candidate, current.object);
  if (isSameContent(candidate, current.object)) return { outcome: "unchanged", object: current.object };
  return { outcome: "configured", object: await replaceObject(ctx, current, candidate) };
}

/**
 * Deletes the object (a Namespace with everything in it, each with its own DELETED event).
 * Throws NotFoundError, ConflictError (stale `expectedRv`, or a Tier still holding policies),
 * ForbiddenError (built-in tiers, protected namespaces).
 */
export async function deleteObject(ctx: WriteContext, key: ObjectKey, expectedRv?: string): Promise<ClusterObject> {
  const current = await readObject(ctx.tx, ctx.clusterId, key);
  if (!current) throw new NotFoundError(`${ctx.prefix}${describe(key)} not found`);
  if (expectedRv !== undefined && expectedRv !== "" && (!/^\d+$/.test(expectedRv) || BigInt(expectedRv) !== current.resourceVersion)) {
    throw new ConflictError(
      `${ctx.prefix}Operation cannot be fulfilled on ${describe(key)}: the ResourceVersion in the precondition (${expectedRv}) does not match the ResourceVersion in record (${current.resourceVersion}). The object might have been modified`,
      current.object,
    );
  }
  if (key.kind === "Tier") {
    if (BUILT_IN_TIERS.has(key.name)) throw new ForbiddenError(`${ctx.prefix}${describe(key)} is forbidden: the ${key.name} tier may not be deleted`);
    const n = await countPoliciesInTier(ctx.tx, ctx.clusterId, key.name);
    if (n > 0) {
      throw new ConflictError(`${ctx.prefix}${describe(key)} cannot be deleted: the tier still contains ${n} ${n === 1 ? "policy" : "policies"}; delete them or move them to another tier first`, current.object);
    }
  }
  if (key.kind === "Namespace") {
    if (PROTECTED_NAMESPACES.has(key.name)) throw new ForbiddenError(`${ctx.prefix}${describe(key)} is forbidden: this namespace may not be deleted`);
    for (const child of await readNamespaceContents(ctx.tx, ctx.clusterId, key.name)) await removeStored(ctx, keyOf(child.object), child);
  }
  await removeStored(ctx, key, current);
  return current.object;
}

async function removeStored(ctx: WriteContext, key: ObjectKey, current: StoredObject): Promise<void> {
  const rv = await nextResourceVersion(ctx.tx, ctx.clusterId);
  if (!(await deleteObjectIf(ctx.tx, ctx.clusterId, key, current.resourceVersion))) {
    const now = await readObject(ctx.tx, ctx.clusterId, key);
    throw new ConflictError(conflictMessage(ctx, key), now?.object);
  }
  await insertEvent(ctx.tx, ctx.clusterId, { ...key, resourceVersion: rv, type: "DELETED", actor: ctx.actor, at: ctx.at, before: current.object, after: null });
}
