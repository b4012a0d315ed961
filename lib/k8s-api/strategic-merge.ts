/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), as apimachinery's
 * strategicpatch applies it on the server, for the fields described by a PatchSchema:
 *
 * - objects merge key by key; `null` deletes a key;
 * - lists with a merge key merge element by element (`{"name":"a","$patch":"delete"}` removes
 *   one), lists of scalars with a merge strategy are unions, every other list is replaced;
 * - directives: `$patch: replace|delete|merge` on objects and lists, `$retainKeys`,
 *   `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>` (what kubectl apply sends).
 *
 * Choice: `$setElementOrder` puts the listed elements first in the given order and keeps the
 * others (those the patch does not mention) after them in their previous order; upstream
 * interleaves them by their previous positions, which only changes the order of list elements.
 *
 * Pure; never mutates its inputs. Throws PatchError for a malformed patch.
 */
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { PatchSchema } from "@/lib/k8s-api/patch-strategy";
import { fieldSchema, itemSchema } from "@/lib/k8s-api/patch-strategy";

/** A patch that cannot be applied: `invalid` is a 422 (Invalid), otherwise a 400 (BadRequest). */
export class PatchError extends Error {
  readonly invalid: boolean;
  constructor(message: string, invalid = false) {
    super(message);
    this.name = "PatchError";
    this.invalid = invalid;
  }
}

const PATCH = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList/";
const SET_ELEMENT_ORDER = "$setElementOrder/";

/** Applies a strategic merge patch to `original` (an object). */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  const out = mergeObject(original, patch, schema);
  return out ?? {};
}

/** Merges an object patch; undefined means "delete this object" (`$patch: delete`). */
function mergeObject(original: JsonObject | undefined, patch: JsonObject, schema: PatchSchema): JsonObject | undefined {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === "delete") return undefined;
    if (directive === "replace") {
      const { [PATCH]: _d, ...rest } = patch;
      const replaced = stripDirectives(rest);
      return isJsonObject(replaced) ? replaced : {};
    }
    if (directive !== "merge") throw new PatchError(`unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const out: Record<string, unknown> = { ...original };
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain) || !retain.every((k) => typeof k === "string")) throw new PatchError("$retainKeys must be a list of field names");
    for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  }
  const orders = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE.length);
      if (!Array.isArray(value)) throw new PatchError(`${key} must be a list`);
      const current = out[field];
      if (Array.isArray(current)) out[field] = current.filter((v) => !value.some((d) => sameValue(d, v)));
      continue;
    }
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (!Array.isArray(value)) throw new PatchError(`${key} must be a list`);
      orders.set(key.slice(SET_ELEMENT_ORDER.length), value);
      continue;
    }
    if (key.startsWith("$")) throw new PatchError(`unknown strategic merge patch directive: ${key}`);
    if (value === null) {
      delete out[key];
      continue;
    }
    const sub = fieldSchema(schema, key);
    const merged = mergeValue(out[key], value, sub);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  for (const [field, order] of orders) {
    const list = out[field];
    if (Array.isArray(list)) out[field] = reorder(list, order, fieldSchema(schema, field).mergeKey);
  }
  return out;
}

function mergeValue(original: unknown, patch: unknown, schema: PatchSchema): unknown {
  if (isJsonObject(patch)) return mergeObject(isJsonObject(original) ? original : undefined, patch, schema);
  if (Array.isArray(patch)) return mergeList(Array.isArray(original) ? original : [], patch, schema);
  return patch;
}

function mergeList(original: readonly unknown[], patch: readonly unknown[], schema: PatchSchema): unknown[] {
  // A `{"$patch": "replace"}` element makes the rest of the patch the whole list.
  if (patch.some((e) => isJsonObject(e) && e[PATCH] === "replace")) {
    return patch.filter((e) => !(isJsonObject(e) && e[PATCH] === "replace")).map(stripDirectives);
  }
  if (schema.mergeScalars === true) {
    const out = [...original];
    for (const v of patch) if (!out.some((o) => sameValue(o, v))) out.push(v);
    return out;
  }
  const key = schema.mergeKey;
  if (key === undefined) return patch.map(stripDirectives);
  const out: unknown[] = [...original];
  for (const element of patch) {
    if (!isJsonObject(element)) throw new PatchError(`a list merged by "${key}" must hold objects, not ${JSON.stringify(element)}`);
    if (!(key in element)) throw new PatchError(`map: ${JSON.stringify(element)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((o) => isJsonObject(o) && sameValue(o[key], element[key]));
    if (element[PATCH] === "delete") {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    const merged = mergeObject(at >= 0 ? (out[at] as JsonObject) : undefined, element, itemSchema(schema)); // found by isJsonObject above
    if (merged === undefined) {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out;
}

function reorder(list: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (v: unknown): unknown => (mergeKey !== undefined && isJsonObject(v) ? v[mergeKey] : v);
  const wanted = order.map((o) => (mergeKey !== undefined && isJsonObject(o) ? o[mergeKey] : o));
  const first: unknown[] = [];
  for (const w of wanted) {
    const found = list.find((v) => sameValue(keyOf(v), w));
    if (found !== undefined) first.push(found);
  }
  const rest = list.filter((v) => !wanted.some((w) => sameValue(keyOf(v), w)));
  return [...first, ...rest];
}

/** Removes directive keys from a value (what replaces a field wholesale). */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith("$")) out[k] = stripDirectives(v);
  return out;
}

/** Deep equality of JSON values (object key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}
