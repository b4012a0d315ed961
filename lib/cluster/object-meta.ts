/**
 * Server-managed metadata of stored objects (uid, resourceVersion, creationTimestamp,
 * generation) and content comparison that ignores it. Pure.
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import type { ObjectMeta } from "@/lib/calico/types";

/** The metadata fields the server owns: a client's values are replaced on every write. */
export const SERVER_META_FIELDS = ["uid", "resourceVersion", "creationTimestamp", "generation"] as const;

export interface ServerMeta {
  readonly uid: string;
  readonly resourceVersion: string;
  readonly creationTimestamp: string;
  readonly generation: number;
}

/** A copy of `obj` with the server-owned metadata set; other fields untouched. */
export function withServerMeta<T extends ClusterObject>(obj: T, meta: ServerMeta): T {
  const metadata: ObjectMeta = { ...obj.metadata, ...meta };
  // Spreading keeps the variant: only `metadata` changes, and it stays an ObjectMeta.
  return { ...obj, metadata } as T;
}

/** A copy of `obj` without server-owned metadata and managedFields (and without empty label/annotation maps). */
export function withoutServerMeta(obj: ClusterObject): ClusterObject {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const f of SERVER_META_FIELDS) delete metadata[f];
  // Field ownership is bookkeeping of writes, not content.
  delete metadata["managedFields"];
  for (const f of ["labels", "annotations"]) {
    const v = metadata[f];
    if (v && typeof v === "object" && Object.keys(v).length === 0) delete metadata[f];
  }
  // Only metadata keys were removed; `name` (required) is still there.
  return { ...obj, metadata: metadata as unknown as ObjectMeta } as ClusterObject;
}

/** JSON with object keys sorted, so that key order never makes two equal values differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      // A non-array object (checked above): indexing by its own keys is safe.
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Whether two objects have the same content apart from server-owned metadata. */
export function isSameContent(a: ClusterObject, b: ClusterObject): boolean {
  return canonicalJson(withoutServerMeta(a)) === canonicalJson(withoutServerMeta(b));
}

/**
 * Whether an update changes the object's desired state (everything but metadata and status),
 * which is what bumps `metadata.generation` in Kubernetes.
 */
export function isSpecChange(before: ClusterObject, after: ClusterObject): boolean {
  const strip = (o: ClusterObject): Record<string, unknown> => {
    // Every ClusterObject is a plain record; the intersection only allows the rest spread.
    const { metadata: _metadata, status: _status, ...rest } = o as ClusterObject & Record<string, unknown>;
    return rest;
  };
  return canonicalJson(strip(before)) !== canonicalJson(strip(after));
}
