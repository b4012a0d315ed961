import "server-only";
/**
 * SQL access to the embedded cluster's tables (ClusterRevision, ClusterObject, ObjectEvent).
 * Every function runs on the transaction it is given; the write protocol (lock the revision row,
 * write the object conditionally, append the event) lives in embedded-writes.ts. Secret data is
 * sealed on the way in and opened on the way out here (secret-seal.ts), so the rest of the
 * code sees plain objects and the tables never hold a Secret value in clear.
 */
import type { ClusterKind, ClusterObject } from "@/lib/cluster/backend";
import { TIERED_POLICY_KINDS } from "@/lib/cluster/kinds";
import { NotFoundError } from "@/lib/errors";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { toBigInt } from "@/lib/server/db/sql";
import { openFromStorage, sealForStorage } from "@/lib/server/cluster/secret-seal";

export interface Revision {
  readonly current: bigint;
  readonly compacted: bigint;
}

export interface ObjectKey {
  readonly kind: ClusterKind;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
}

export interface StoredObject {
  readonly uid: string;
  readonly resourceVersion: bigint;
  readonly object: ClusterObject;
}

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface NewEvent extends ObjectKey {
  readonly resourceVersion: bigint;
  readonly type: EventType;
  readonly actor: string;
  readonly at: Date;
  readonly before: ClusterObject | null;
  readonly after: ClusterObject | null;
}

interface RevisionRow {
  current: unknown;
  compacted: unknown;
}

/**
 * Locks the cluster's revision row until the transaction ends and returns it. Every write takes
 * this lock first, so writes to one cluster are serialised and commit in resourceVersion order
 * (a watcher reading "rv > N" can never miss a write that commits later with a smaller rv).
 * Throws NotFoundError when the cluster does not exist.
 */
export async function lockRevision(tx: SqlQueryable, clusterId: string): Promise<Revision> {
  const { rows } = await tx.query<RevisionRow>(`SELECT "current", "compacted" FROM "ClusterRevision" WHERE "clusterId" = $1 FOR UPDATE`, [clusterId]);
  const row = rows[0];
  if (!row) throw new NotFoundError(`cluster "${clusterId}" not found`);
  return { current: toBigInt(row.current), compacted: toBigInt(row.compacted) };
}

/** Reads the revision row without locking. Throws NotFoundError. */
export async function readRevision(tx: SqlQueryable, clusterId: string): Promise<Revision> {
  const { rows } = await tx.query<RevisionRow>(`SELECT "current", "compacted" FROM "ClusterRevision" WHERE "clusterId" = $1`, [clusterId]);
  const row = rows[0];
  if (!row) throw new NotFoundError(`cluster "${clusterId}" not found`);
  return { current: toBigInt(row.current), compacted: toBigInt(row.compacted) };
}

/** Hands out the next resourceVersion. Call only while holding `lockRevision`. */
export async function nextResourceVersion(tx: SqlQueryable, clusterId: string): Promise<bigint> {
  const { rows } = await tx.query<{ current: unknown }>(
    `UPDATE "ClusterRevision" SET "current" = "current" + 1 WHERE "clusterId" = $1 RETURNING "current"`,
    [clusterId],
  );
  if (!rows[0]) throw new NotFoundError(`cluster "${clusterId}" not found`);
  return toBigInt(rows[0].current);
}

interface ObjectRow {
  uid: string;
  resourceVersion: unknown;
  object: ClusterObject;
}

/** The stored object at `key`, or null. */
export async function readObject(tx: SqlQueryable, clusterId: string, key: ObjectKey): Promise<StoredObject | null> {
  const { rows } = await tx.query<ObjectRow>(
    `SELECT "uid", "resourceVersion", "object" FROM "ClusterObject"
      WHERE "clusterId" = $1 AND "kind" = $2 AND "namespace" = $3 AND "name" = $4`,
    [clusterId, key.kind, key.namespace, key.name],
  );
  const row = rows[0];
  return row ? { uid: row.uid, resourceVersion: toBigInt(row.resourceVersion), object: await openFromStorage(clusterId, row.object) } : null;
}

/** Every stored object of a namespace (namespaced kinds only), for namespace deletion. */
export async function readNamespaceContents(tx: SqlQueryable, clusterId: string, namespace: string): Promise<readonly StoredObject[]> {
  const { rows } = await tx.query<ObjectRow>(
    `SELECT "uid", "resourceVersion", "object" FROM "ClusterObject"
      WHERE "clusterId" = $1 AND "namespace" = $2 ORDER BY "kind", "name"`,
    [clusterId, namespace],
  );
  return Promise.all(rows.map(async (r) => ({ uid: r.uid, resourceVersion: toBigInt(r.resourceVersion), object: await openFromStorage(clusterId, r.object) })));
}

/** Inserts a new object row. The unique key guards against a concurrent create. */
export async function insertObject(tx: SqlQueryable, clusterId: string, key: ObjectKey, uid: string, rv: bigint, obj: ClusterObject, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO "ClusterObject" ("uid", "clusterId", "kind", "namespace", "name", "resourceVersion", "labels", "object", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $9)`,
    [uid, clusterId, key.kind, key.namespace, key.name, rv.toString(), JSON.stringify(obj.metadata.labels ?? {}), JSON.stringify(await sealForStorage(clusterId, obj)), at],
  );
}

/**
 * Replaces the object only if it is still at `expectedRv` (a compare-and-swap). Returns false
 * when another write got there first, so two concurrent writers can never both win.
 */
export async function updateObjectIf(tx: SqlQueryable, clusterId: string, key: ObjectKey, expectedRv: bigint, rv: bigint, obj: ClusterObject, at: Date): Promise<boolean> {
  const r = await tx.query(
    `UPDATE "ClusterObject" SET "resourceVersion" = $6, "labels" = $7::jsonb, "object" = $8::jsonb, "updatedAt" = $9
      WHERE "clusterId" = $1 AND "kind" = $2 AND "namespace" = $3 AND "name" = $4 AND "resourceVersion" = $5`,
    [clusterId, key.kind, key.namespace, key.name, expectedRv.toString(), rv.toString(), JSON.stringify(obj.metadata.labels ?? {}), JSON.stringify(await sealForStorage(clusterId, obj)), at],
  );
  return r.rowCount === 1;
}

/** Deletes the object only if it is still at `expectedRv`. Returns false otherwise. */
export async function deleteObjectIf(tx: SqlQueryable, clusterId: string, key: ObjectKey, expectedRv: bigint): Promise<boolean> {
  const r = await tx.query(
    `DELETE FROM "ClusterObject" WHERE "clusterId" = $1 AND "kind" = $2 AND "namespace" = $3 AND "name" = $4 AND "resourceVersion" = $5`,
    [clusterId, key.kind, key.namespace, key.name, expectedRv.toString()],
  );
  return r.rowCount === 1;
}

/** Appends one event (the watch and audit record of a write). */
export async function insertEvent(tx: SqlQueryable, clusterId: string, e: NewEvent): Promise<void> {
  await tx.query(
    `INSERT INTO "ObjectEvent" ("clusterId", "resourceVersion", "type", "kind", "namespace", "name", "actor", "at", "before", "after")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      clusterId,
      e.resourceVersion.toString(),
      e.type,
      e.kind,
      e.namespace,
      e.name,
      e.actor,
      e.at,
      e.before === null ? null : JSON.stringify(await sealForStorage(clusterId, e.before)),
      e.after === null ? null : JSON.stringify(await sealForStorage(clusterId, e.after)),
    ],
  );
}

/** How many Calico policies name `tier` (an unset or empty spec.tier means `default`). */
export async function countPoliciesInTier(tx: SqlQueryable, clusterId: string, tier: string): Promise<number> {
  const { rows } = await tx.query<{ n: unknown }>(
    `SELECT count(*) AS n FROM "ClusterObject"
      WHERE "clusterId" = $1 AND "kind" = ANY($2::text[]) AND COALESCE(NULLIF("object"->'spec'->>'tier', ''), 'default') = $3`,
    [clusterId, [...TIERED_POLICY_KINDS], tier],
  );
  return Number(toBigInt(rows[0]?.n ?? 0));
}

/** The clusterIP of every Service, for allocating a free one. */
export async function readServiceClusterIps(tx: SqlQueryable, clusterId: string): Promise<ReadonlySet<string>> {
  const { rows } = await tx.query<{ ip: string | null }>(
    `SELECT "object"->'spec'->>'clusterIP' AS ip FROM "ClusterObject" WHERE "clusterId" = $1 AND "kind" = 'Service'`,
    [clusterId],
  );
  return new Set(rows.map((r) => r.ip).filter((ip): ip is string => typeof ip === "string" && ip !== ""));
}
