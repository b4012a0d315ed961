/**
 * Objects and lists as the /k8s API writes them for one group version: every object carries
 * `apiVersion` and `kind` of the group version the client asked for (crd.projectcalico.org/v1
 * requests get v1 objects with the v3 spec; see api-resources.ts), lists are `<Kind>List` with
 * `metadata.resourceVersion` and `metadata.continue`. Pure.
 */
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { toApiVersion } from "@/lib/k8s-api/api-resources";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";

/** Re-labels a wire object with the resource's group version and kind; key order apiVersion, kind, rest. */
export function toServedObject(obj: JsonObject, resource: ApiResource): JsonObject {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { apiVersion: toApiVersion(resource.group, resource.version), kind: resource.wireKind, ...rest };
}

/** A `<Kind>List` document. */
export function buildListDocument(resource: ApiResource, items: readonly JsonObject[], resourceVersion: string, continueToken?: string, remainingItemCount?: number): JsonObject {
  return {
    kind: `${resource.wireKind}List`,
    apiVersion: toApiVersion(resource.group, resource.version),
    metadata: { resourceVersion, ...(continueToken ? { continue: continueToken } : {}), ...(remainingItemCount !== undefined ? { remainingItemCount } : {}) },
    items: items.map((i) => toServedObject(i, resource)),
  };
}

/** A watch event line (without the newline). */
export function buildWatchEventLine(type: string, object: JsonObject): string {
  return JSON.stringify({ type, object });
}

/** `metadata` of a decoded object, or an empty object. */
export function metadataOf(obj: unknown): JsonObject {
  if (!isJsonObject(obj)) return {};
  const meta = obj["metadata"];
  return isJsonObject(meta) ? meta : {};
}

/** A string field of `metadata`, or undefined. */
export function metadataString(obj: unknown, field: string): string | undefined {
  const v = metadataOf(obj)[field];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Sets (or with undefined, removes) one metadata field, returning a new object. */
export function withMetadataField(obj: JsonObject, field: string, value: unknown): JsonObject {
  const meta: Record<string, unknown> = { ...metadataOf(obj) };
  if (value === undefined) delete meta[field];
  else meta[field] = value;
  return { ...obj, metadata: meta };
}
