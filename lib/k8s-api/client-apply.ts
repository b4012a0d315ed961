/**
 * Client-side apply, the semantics of `kubectl apply` (without --server-side), on wire objects:
 * a three-way merge of
 *
 *   original — the configuration applied last time (the `kubectl.kubernetes.io/last-applied-
 *              configuration` annotation of the live object),
 *   modified — the document being applied now,
 *   current  — the live object.
 *
 * Fields the document sets win; fields the document does not mention are kept (someone else
 * owns them: the server's clusterIP, a Pod's IP, a label added by `kubectl label`); fields that
 * were in the last applied configuration but are gone from the document are removed. Lists
 * merge element by element where the kind's patch strategy says so (containers by name, ports
 * by containerPort…, see patch-strategy.ts) and are replaced whole otherwise, as kubectl's
 * three-way strategic merge patch does for built-in kinds (for kinds without patch strategies,
 * such as Calico's, this is kubectl's three-way JSON merge patch).
 *
 * Palisade's choices, stated where kubectl would behave otherwise:
 * - `status` is never written by an apply: it is dropped from the document (and from the stored
 *   annotation) and the live status is kept;
 * - server-owned metadata in the document (uid, creationTimestamp, generation, managedFields,
 *   selfLink) is ignored; `metadata.resourceVersion`, when set, is a precondition.
 *
 * Pure.
 */
import { canonicalJson } from "@/lib/cluster/object-meta";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { PatchSchema } from "@/lib/k8s-api/patch-strategy";
import { fieldSchema, itemSchema } from "@/lib/k8s-api/patch-strategy";
import { sameValue } from "@/lib/k8s-api/strategic-merge";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

const IGNORED_METADATA = ["uid", "creationTimestamp", "generation", "managedFields", "selfLink", "resourceVersion", "deletionTimestamp"];

/** The document as apply stores and merges it: no status, no server-owned metadata, no annotation of its own. */
export function applyConfigurationOf(doc: JsonObject): JsonObject {
  const { status: _status, ...rest } = doc;
  const meta: Record<string, unknown> = isJsonObject(rest["metadata"]) ? { ...rest["metadata"] } : {};
  for (const f of IGNORED_METADATA) delete meta[f];
  if (isJsonObject(meta["annotations"])) {
    const { [LAST_APPLIED_ANNOTATION]: _own, ...annotations } = meta["annotations"];
    if (Object.keys(annotations).length === 0) delete meta["annotations"];
    else meta["annotations"] = annotations;
  }
  return { ...rest, metadata: meta };
}

/** The last applied configuration stored on a live object, or undefined (none, or not JSON). */
export function lastAppliedOf(obj: JsonObject): JsonObject | undefined {
  const meta = obj["metadata"];
  const annotations = isJsonObject(meta) ? meta["annotations"] : undefined;
  const text = isJsonObject(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
  if (typeof text !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function withAnnotation(obj: JsonObject, config: JsonObject): JsonObject {
  const meta = isJsonObject(obj["metadata"]) ? obj["metadata"] : {};
  const annotations = isJsonObject(meta["annotations"]) ? meta["annotations"] : {};
  return { ...obj, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: canonicalJson(config) } } };
}

/** What an apply of one document writes. */
export interface ClientApplyPlan {
  /** The object to store (wire form), with the new last-applied annotation. */
  readonly object: JsonObject;
  /** The document's metadata.resourceVersion, a precondition, when it set one. */
  readonly precondition?: string;
}

/**
 * Plans the apply of `doc` onto `current` (undefined: the object does not exist, so it is
 * created from the document). The result still has to be validated and written.
 */
export function planClientApply(doc: JsonObject, current: JsonObject | undefined, schema: PatchSchema): ClientApplyPlan {
  const meta = isJsonObject(doc["metadata"]) ? doc["metadata"] : {};
  const rv = meta["resourceVersion"];
  const precondition = typeof rv === "string" && rv !== "" ? { precondition: rv } : {};
  const config = applyConfigurationOf(doc);
  if (current === undefined) return { object: withAnnotation(config, config), ...precondition };
  const original = lastAppliedOf(current);
  const merged = mergeObjects(original, config, current, schema);
  return { object: withAnnotation(merged, config), ...precondition };
}

function mergeObjects(original: JsonObject | undefined, modified: JsonObject, current: JsonObject, schema: PatchSchema): JsonObject {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(modified)) {
    // An explicit null in the configuration asks for the field to be absent.
    if (value === null) delete out[key];
    else out[key] = mergeValues(original?.[key], value, current[key], fieldSchema(schema, key));
  }
  if (original !== undefined) {
    for (const key of Object.keys(original)) if (!(key in modified)) delete out[key];
  }
  return out;
}

function mergeValues(original: unknown, modified: unknown, current: unknown, schema: PatchSchema): unknown {
  if (isJsonObject(modified) && isJsonObject(current)) return mergeObjects(isJsonObject(original) ? original : undefined, modified, current, schema);
  if (Array.isArray(modified) && Array.isArray(current)) {
    if (schema.mergeScalars === true) {
      const was = Array.isArray(original) ? original : [];
      // Kept: values someone else added (in current, never applied by us).
      const kept = current.filter((v) => !modified.some((m) => sameValue(m, v)) && !was.some((o) => sameValue(o, v)));
      return [...modified, ...kept];
    }
    const key = schema.mergeKey;
    if (key !== undefined && modified.every(isJsonObject) && current.every(isJsonObject)) {
      const was = Array.isArray(original) ? original.filter(isJsonObject) : [];
      const find = (list: readonly JsonObject[], k: unknown): JsonObject | undefined => list.find((e) => sameValue(e[key], k));
      const merged = modified.map((m) => {
        const c = find(current, m[key]);
        return c === undefined ? m : mergeObjects(find(was, m[key]), m, c, itemSchema(schema));
      });
      const kept = current.filter((c) => find(modified, c[key]) === undefined && find(was, c[key]) === undefined);
      return [...merged, ...kept];
    }
  }
  return modified;
}

/** One changed field between two objects. */
export interface FieldChange {
  /** Field path (`spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`). */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

function childPath(path: string, key: string): string {
  const plain = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key);
  if (plain) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every leaf that differs between `before` and `after`, in a stable order: objects compare key
 * by key (an object added or removed whole shows each of its leaves), lists of the same length
 * element by element, anything else as a whole.
 */
export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (sameValue(before, after)) return [];
  const b = isJsonObject(before) ? before : before === undefined ? {} : undefined;
  const a = isJsonObject(after) ? after : after === undefined ? {} : undefined;
  // Objects (also one added or removed whole) compare leaf by leaf; an empty one is a leaf.
  if (b !== undefined && a !== undefined && Object.keys(b).length + Object.keys(a).length > 0) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffFields(b[k], a[k], childPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => diffFields(v, after[i], `${path}[${i}]`));
  }
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}
