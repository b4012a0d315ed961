/**
 * Field sets and `metadata.managedFields`, as structured-merge-diff (sigs.k8s.io/
 * structured-merge-diff) and the apiserver's field manager define them. Pure.
 *
 * - A field set is a trie of path elements spelled as FieldsV1 spells them: `f:<field>`,
 *   `k:{"name":"web"}` (an item of a map-type list, by its keys), `v:"x"` (an item of a set).
 *   A node is a *member* when the path itself is in the set (FieldsV1 writes `.: {}` for a
 *   member that also has children, `{}` for a member leaf).
 * - The schema (SsaSchema) says how lists behave: atomic (the default: a leaf), map (items keyed
 *   by their merge keys) or set (scalar items); objects are granular unless `atomic`.
 * - `fieldSetOf` is SMD's ToFieldSet: every scalar, atomic list/object, null or empty object,
 *   and every item of a map/set list. `compareValues` is SMD's Compare (added, modified and
 *   removed paths; a granular object or list that appears or disappears is itself added or
 *   removed, which is where Update entries get their `.` members).
 * - `ManagedEntry` is one managedFields entry; entries are identified as upstream does: manager
 *   + operation (+ apiVersion for Update, + subresource).
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { PatchSchema } from "@/lib/k8s-api/patch-strategy";
import { patchSchemaForKind } from "@/lib/k8s-api/patch-strategy";

// ---------------------------------------------------------------------------------------------
// Schema

/** How server-side apply sees one field. */
export interface SsaSchema {
  /** Sub-fields of a granular object (unknown fields are granular objects or leaves by value). */
  readonly fields?: Readonly<Record<string, SsaSchema>>;
  /** An object owned as one value (`x-kubernetes-map-type: atomic`, `+structType=atomic`). */
  readonly atomic?: boolean;
  /** A list: `atomic` (default), `map` keyed by `keys`, or `set` of scalars. */
  readonly list?: "atomic" | "map" | "set";
  readonly keys?: readonly string[];
  /**
   * Values of key fields an item may leave out: the API server defaults them before SMD sees
   * the object (a port's `protocol` is "TCP"), so the item's key holds the default, as upstream.
   */
  readonly keyDefaults?: Readonly<Record<string, string>>;
  /** The schema of each list item. */
  readonly items?: SsaSchema;
}

const EMPTY_SCHEMA: SsaSchema = {};

/** The SSA schema of a strategic-merge schema: merge-keyed lists are map lists, merged scalar lists sets, the rest atomic. */
export function toSsaSchema(p: PatchSchema): SsaSchema {
  const fields: Record<string, SsaSchema> = {};
  for (const [k, v] of Object.entries(p.fields ?? {})) fields[k] = toSsaSchema(v);
  const items = p.items !== undefined ? toSsaSchema(p.items) : undefined;
  return {
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(p.mergeKey !== undefined ? { list: "map" as const, keys: [p.mergeKey] } : p.mergeScalars === true ? { list: "set" as const } : {}),
    ...(items !== undefined ? { items } : {}),
  };
}

function withField(schema: SsaSchema, path: readonly string[], leaf: SsaSchema): SsaSchema {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  const fields = { ...schema.fields };
  fields[head] = withField(fields[head] ?? EMPTY_SCHEMA, rest, leaf);
  return { ...schema, fields };
}

/** Ports as upstream keys them: by number and protocol (`+listMapKey=containerPort`, `+listMapKey=protocol`), protocol defaulting to TCP. */
function portList(list: SsaSchema | undefined, numberField: string): SsaSchema {
  return { ...list, list: "map", keys: [numberField, "protocol"], keyDefaults: { protocol: "TCP" } };
}

/** A Pod schema whose containers' (init, ephemeral) ports are keyed as upstream. */
function withContainerPortKeys(pod: SsaSchema): SsaSchema {
  const spec = pod.fields?.["spec"];
  const fields = { ...spec?.fields };
  for (const name of ["containers", "initContainers", "ephemeralContainers"]) {
    const list = fields[name];
    const item = list?.items;
    if (list === undefined || item === undefined) continue;
    fields[name] = { ...list, items: { ...item, fields: { ...item.fields, ports: portList(item.fields?.["ports"], "containerPort") } } };
  }
  return withField(pod, ["spec"], { ...spec, fields });
}

/**
 * The SSA schema of a wire kind. Lists follow patch-strategy.ts (containers by name,
 * ownerReferences by uid, finalizers as a set), except ports: the strategic merge patch merges
 * them by number alone, but SMD keys container ports by (containerPort, protocol) and Service
 * ports by (port, protocol), so TCP and UDP on one number are two items with owners of their
 * own. Calico v3 and NetworkPolicy lists declare no list type, so they are atomic;
 * NetworkPolicy's podSelector is a LabelSelector, an atomic struct upstream.
 */
export function ssaSchemaForKind(wireKind: string): SsaSchema {
  const base = toSsaSchema(patchSchemaForKind(wireKind));
  if (wireKind === "NetworkPolicy") return withField(base, ["spec", "podSelector"], { atomic: true });
  if (wireKind === "Pod") return withContainerPortKeys(base);
  if (wireKind === "Service") return withField(base, ["spec", "ports"], portList(base.fields?.["spec"]?.fields?.["ports"], "port"));
  return base;
}

// ---------------------------------------------------------------------------------------------
// Field sets

/** A set of field paths: a trie of FieldsV1 path elements. Immutable by convention. */
export interface FieldSet {
  readonly member: boolean;
  readonly children: ReadonlyMap<string, FieldSet>;
}

interface MutableSet {
  member: boolean;
  children: Map<string, MutableSet>;
}

const EMPTY_SET: FieldSet = { member: false, children: new Map() };

function newMutable(): MutableSet {
  return { member: false, children: new Map() };
}

function insertPath(root: MutableSet, path: readonly string[]): void {
  let node = root;
  for (const pe of path) {
    let next = node.children.get(pe);
    if (next === undefined) {
      next = newMutable();
      node.children.set(pe, next);
    }
    node = next;
  }
  node.member = true;
}

/** A field set holding exactly these paths. */
export function fieldSetOfPaths(paths: readonly (readonly string[])[]): FieldSet {
  const root = newMutable();
  for (const p of paths) insertPath(root, p);
  return root;
}

/** Every member path of a set, in trie order. */
export function pathsOf(set: FieldSet): string[][] {
  const out: string[][] = [];
  const walk = (node: FieldSet, prefix: string[]): void => {
    if (node.member && prefix.length > 0) out.push(prefix);
    for (const [pe, child] of sortedChildren(node)) walk(child, [...prefix, pe]);
  };
  walk(set, []);
  return out;
}

export function isEmptySet(set: FieldSet): boolean {
  return !set.member && [...set.children.values()].every(isEmptySet);
}

function prune(node: MutableSet): FieldSet {
  const children = new Map<string, FieldSet>();
  for (const [pe, child] of node.children) {
    const c = prune(child);
    if (c.member || c.children.size > 0) children.set(pe, c);
  }
  return { member: node.member, children };
}

function combine(a: FieldSet, b: FieldSet, op: (x: boolean, y: boolean) => boolean): FieldSet {
  const walk = (x: FieldSet, y: FieldSet): MutableSet => {
    const out = newMutable();
    out.member = op(x.member, y.member);
    for (const pe of new Set([...x.children.keys(), ...y.children.keys()])) {
      out.children.set(pe, walk(x.children.get(pe) ?? EMPTY_SET, y.children.get(pe) ?? EMPTY_SET));
    }
    return out;
  };
  return prune(walk(a, b));
}

export function unionSets(a: FieldSet, b: FieldSet): FieldSet {
  return combine(a, b, (x, y) => x || y);
}

export function differenceSets(a: FieldSet, b: FieldSet): FieldSet {
  return combine(a, b, (x, y) => x && !y);
}

export function intersectSets(a: FieldSet, b: FieldSet): FieldSet {
  return combine(a, b, (x, y) => x && y);
}

/**
 * Whether the set holds the path itself or a path below it. An owned ancestor does not count:
 * owning a list item (`.`) is not owning its fields (SMD's prune removes them).
 */
export function fieldSetTouches(set: FieldSet, path: readonly string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const pe of path) {
    node = node.children.get(pe);
    if (node === undefined) return false;
  }
  return !isEmptySet(node);
}

// ---------------------------------------------------------------------------------------------
// Path elements

/** Key order of FieldsV1: `.` first, then fields, keys, values, indexes (SMD's PathElement order). */
function elementRank(pe: string): number {
  if (pe === ".") return 0;
  return { f: 1, k: 2, v: 3, i: 4 }[pe[0] ?? ""] ?? 5;
}

function sortedChildren(node: FieldSet): [string, FieldSet][] {
  return [...node.children.entries()].sort(([a], [b]) => elementRank(a) - elementRank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function fieldElement(name: string): string {
  return `f:${name}`;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** The path element of a list item (`k:{…}` for map lists, `v:…` for sets), or undefined when the item lacks its keys. */
function itemElement(item: unknown, schema: SsaSchema): string | undefined {
  if (schema.list === "set") return isScalar(item) ? `v:${JSON.stringify(item)}` : undefined;
  if (!isJsonObject(item)) return undefined;
  const keys = [...(schema.keys ?? [])].sort();
  const key: Record<string, unknown> = {};
  for (const k of keys) {
    const v = item[k] ?? schema.keyDefaults?.[k];
    if (v === undefined || !isScalar(v)) return undefined;
    key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

/** A path as SMD prints it in conflicts: `.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`. */
export function formatPath(path: readonly string[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      if (pe.startsWith("f:")) return `.${body}`;
      if (pe.startsWith("v:")) return `[=${body}]`;
      if (pe.startsWith("i:")) return `[${body}]`;
      if (pe.startsWith("k:")) {
        const key = JSON.parse(body) as Record<string, unknown>; // written by itemElement as a JSON object
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
      }
      return pe;
    })
    .join("");
}

// ---------------------------------------------------------------------------------------------
// Values against the schema

function childSchema(schema: SsaSchema, field: string): SsaSchema {
  return schema.fields?.[field] ?? EMPTY_SCHEMA;
}

function isGranularList(schema: SsaSchema): boolean {
  return schema.list === "map" || schema.list === "set";
}

/** SMD's ToFieldSet of a value. */
export function fieldSetOf(value: unknown, schema: SsaSchema): FieldSet {
  const root = newMutable();
  const walk = (v: unknown, s: SsaSchema, path: string[]): void => {
    if (Array.isArray(v)) {
      if (!isGranularList(s)) {
        insertPath(root, path);
        return;
      }
      for (const item of v) {
        const pe = itemElement(item, s);
        if (pe === undefined) continue;
        const itemPath = [...path, pe];
        insertPath(root, itemPath);
        walk(item, s.items ?? EMPTY_SCHEMA, itemPath);
      }
      return;
    }
    if (isJsonObject(v)) {
      if (s.atomic === true) {
        insertPath(root, path);
        return;
      }
      for (const [k, child] of Object.entries(v)) {
        const p = [...path, fieldElement(k)];
        walk(child, childSchema(s, k), p);
        if (child === null || (isJsonObject(child) && Object.keys(child).length === 0)) insertPath(root, p);
      }
      return;
    }
    if (path.length > 0) insertPath(root, path);
  };
  walk(value, schema, []);
  return prune(root);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0);
}

/** SMD's Compare: what changed from `lhs` to `rhs`, path by path (undefined = absent). */
export function compareValues(lhs: unknown, rhs: unknown, schema: SsaSchema): Comparison {
  const added = newMutable();
  const modified = newMutable();
  const removed = newMutable();
  const leaf = (l: unknown, r: unknown, path: string[]): void => {
    if (l === undefined) insertPath(added, path);
    else if (r === undefined) insertPath(removed, path);
    else if (!deepEqual(l, r)) insertPath(modified, path);
  };
  const walk = (l: unknown, r: unknown, s: SsaSchema, path: string[]): void => {
    const asList = Array.isArray(l) || Array.isArray(r);
    const asObject = isJsonObject(l) || isJsonObject(r);
    const shape = (v: unknown): string => (Array.isArray(v) ? "list" : isJsonObject(v) ? "object" : "scalar");
    // A value that changes shape (scalar ↔ object ↔ list) is one modified leaf.
    const mixed = l !== undefined && r !== undefined && l !== null && r !== null && shape(l) !== shape(r);
    if (mixed || (!asList && !asObject) || (asList && !isGranularList(s)) || (asObject && s.atomic === true) || (isEmptyValue(l) && isEmptyValue(r))) {
      if (path.length > 0) leaf(l, r, path);
      return;
    }
    if (asList) {
      const index = (list: unknown): Map<string, unknown> => {
        const m = new Map<string, unknown>();
        if (Array.isArray(list)) for (const item of list) {
          const pe = itemElement(item, s);
          if (pe !== undefined) m.set(pe, item);
        }
        return m;
      };
      const li = index(l);
      const ri = index(r);
      for (const pe of new Set([...li.keys(), ...ri.keys()])) {
        const itemPath = [...path, pe];
        walk(li.get(pe), ri.get(pe), s.items ?? EMPTY_SCHEMA, itemPath);
      }
    } else {
      const lo = isJsonObject(l) ? l : {};
      const ro = isJsonObject(r) ? r : {};
      for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) walk(lo[k], ro[k], childSchema(s, k), [...path, fieldElement(k)]);
    }
    if (path.length > 0 && (l === undefined || l === null)) insertPath(added, path);
    else if (path.length > 0 && (r === undefined || r === null)) insertPath(removed, path);
  };
  walk(lhs, rhs, schema, []);
  return { added: prune(added), modified: prune(modified), removed: prune(removed) };
}

/**
 * SMD's Merge for apply: the configuration (`rhs`) wins at every leaf; granular objects merge
 * field by field; map and set lists merge item by item, items only in the live object keep
 * their place and shared and new items follow the configuration's order.
 */
export function mergeValues(lhs: unknown, rhs: unknown, schema: SsaSchema): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return rhs;
  if (Array.isArray(lhs) && Array.isArray(rhs) && isGranularList(schema)) {
    const items = schema.items ?? EMPTY_SCHEMA;
    const rightBy = new Map<string, unknown>();
    const rightOrder: string[] = [];
    const unkeyed: unknown[] = [];
    for (const item of rhs) {
      const pe = itemElement(item, schema);
      if (pe === undefined) unkeyed.push(item);
      else if (!rightBy.has(pe)) {
        rightBy.set(pe, item);
        rightOrder.push(pe);
      }
    }
    const out: unknown[] = [];
    const emitted = new Set<string>();
    let next = 0;
    const leftBy = new Map<string, unknown>();
    for (const item of lhs) {
      const pe = itemElement(item, schema);
      if (pe !== undefined && !leftBy.has(pe)) leftBy.set(pe, item);
    }
    const emitUpTo = (pe: string): void => {
      while (next < rightOrder.length && !emitted.has(pe)) {
        const r = rightOrder[next++] ?? "";
        emitted.add(r);
        out.push(mergeValues(leftBy.get(r), rightBy.get(r), items));
      }
    };
    for (const item of lhs) {
      const pe = itemElement(item, schema);
      if (pe === undefined || !rightBy.has(pe)) out.push(item);
      else emitUpTo(pe);
    }
    while (next < rightOrder.length) {
      const r = rightOrder[next++] ?? "";
      out.push(mergeValues(leftBy.get(r), rightBy.get(r), items));
    }
    return [...out, ...unkeyed];
  }
  if (isJsonObject(lhs) && isJsonObject(rhs) && schema.atomic !== true) {
    const out: Record<string, unknown> = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) out[k] = mergeValues(lhs[k], v, childSchema(schema, k));
    return out;
  }
  return rhs;
}

/** A copy of `value` without the paths of `set` (whole subtrees); maps emptied by a removal are dropped. */
export function removePaths(value: unknown, set: FieldSet, schema: SsaSchema): unknown {
  if (set.member) return undefined;
  if (set.children.size === 0) return value;
  if (Array.isArray(value)) {
    if (!isGranularList(schema)) return value;
    const out: unknown[] = [];
    for (const item of value) {
      const pe = itemElement(item, schema);
      const sub = pe === undefined ? undefined : set.children.get(pe);
      if (sub === undefined) out.push(item);
      else {
        const kept = removePaths(item, sub, schema.items ?? EMPTY_SCHEMA);
        if (kept !== undefined) out.push(kept);
      }
    }
    return out;
  }
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = set.children.get(fieldElement(k));
      if (sub === undefined) {
        out[k] = v;
        continue;
      }
      const kept = removePaths(v, sub, childSchema(schema, k));
      // Choice: a map or list emptied by the removal disappears (Go's omitempty fields do).
      const emptied =
        (isJsonObject(kept) && Object.keys(kept).length === 0 && isJsonObject(v) && Object.keys(v).length > 0) ||
        (Array.isArray(kept) && kept.length === 0 && Array.isArray(v) && v.length > 0);
      if (kept !== undefined && !emptied) out[k] = kept;
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// FieldsV1 and managedFields entries

/** A FieldsV1 document of a set (`{"f:spec":{"f:order":{}}}`, `.` for members with children). */
export function encodeFieldsV1(set: FieldSet): JsonObject {
  const encode = (node: FieldSet): JsonObject => {
    const out: Record<string, unknown> = {};
    if (node.member && node.children.size > 0) out["."] = {};
    for (const [pe, child] of sortedChildren(node)) out[pe] = encode(child);
    return out;
  };
  return encode(set);
}

const ELEMENT = /^(f:.*|k:\{.*\}|v:.+|i:\d+)$/s;

/** Decodes FieldsV1 (every key `.`, `f:`, `k:{…}`, `v:…` or `i:<n>`, every value an object). */
export function decodeFieldsV1(doc: unknown, path = "fieldsV1"): Result<FieldSet, string> {
  if (!isJsonObject(doc)) return err(`${path}: must be an object`);
  const children = new Map<string, FieldSet>();
  let member = Object.keys(doc).length === 0;
  for (const [pe, child] of Object.entries(doc)) {
    if (pe === ".") {
      if (!isJsonObject(child) || Object.keys(child).length > 0) return err(`${path}["."]: must be an empty object`);
      member = true;
      continue;
    }
    if (!ELEMENT.test(pe)) return err(`${path}: invalid path element ${JSON.stringify(pe)}`);
    if (pe.startsWith("k:") || pe.startsWith("v:")) {
      try {
        JSON.parse(pe.slice(2));
      } catch {
        return err(`${path}: invalid path element ${JSON.stringify(pe)}: not JSON`);
      }
    }
    const sub = decodeFieldsV1(child, `${path}[${JSON.stringify(pe)}]`);
    if (!sub.ok) return sub;
    children.set(pe, sub.value);
  }
  return ok({ member, children });
}

export type ManagedOperation = "Apply" | "Update";

/** One managedFields entry, its fields decoded. */
export interface ManagedEntry {
  readonly manager: string;
  readonly operation: ManagedOperation;
  readonly apiVersion: string;
  /** RFC 3339 seconds (`2026-01-02T03:04:05Z`). */
  readonly time?: string;
  readonly subresource?: string;
  readonly fields: FieldSet;
}

/** The identity of an entry: manager + operation (+ apiVersion for Update) + subresource, as BuildManagerIdentifier. */
export function entryIdentity(e: Pick<ManagedEntry, "manager" | "operation" | "apiVersion" | "subresource">): string {
  return JSON.stringify([e.manager, e.operation, e.operation === "Update" ? e.apiVersion : "", e.subresource ?? ""]);
}

/** How a conflict names a manager: `"kubectl"`, or `"kubectl-edit" using v1` for Update entries. */
export function describeManager(e: Pick<ManagedEntry, "manager" | "operation" | "apiVersion" | "subresource">): string {
  const name = e.subresource !== undefined && e.subresource !== "" ? `${JSON.stringify(e.manager)} with subresource ${JSON.stringify(e.subresource)}` : JSON.stringify(e.manager);
  return e.operation === "Update" ? `${name} using ${e.apiVersion}` : name;
}

/** Decodes `metadata.managedFields`. Errors name the entry (`managedFields[1].operation`). */
export function decodeManagedFields(raw: unknown): Result<ManagedEntry[], string> {
  if (raw === undefined || raw === null) return ok([]);
  if (!Array.isArray(raw)) return err("managedFields: must be a list");
  const out: ManagedEntry[] = [];
  for (const [i, e] of raw.entries()) {
    const at = `managedFields[${i}]`;
    if (!isJsonObject(e)) return err(`${at}: must be an object`);
    const manager = e["manager"];
    const operation = e["operation"];
    const apiVersion = e["apiVersion"];
    if (typeof manager !== "string") return err(`${at}.manager: must be a string`);
    if (operation !== "Apply" && operation !== "Update") return err(`${at}.operation: Unsupported value: ${JSON.stringify(operation)}: supported values: "Apply", "Update"`);
    if (typeof apiVersion !== "string" || apiVersion === "") return err(`${at}.apiVersion: Required value`);
    if (e["fieldsType"] !== undefined && e["fieldsType"] !== "FieldsV1") return err(`${at}.fieldsType: Unsupported value: ${JSON.stringify(e["fieldsType"])}: supported values: "FieldsV1"`);
    const fields = decodeFieldsV1(e["fieldsV1"] ?? {}, `${at}.fieldsV1`);
    if (!fields.ok) return fields;
    const time = e["time"];
    const sub = e["subresource"];
    out.push({ manager, operation, apiVersion, fields: fields.value, ...(typeof time === "string" ? { time } : {}), ...(typeof sub === "string" && sub !== "" ? { subresource: sub } : {}) });
  }
  return ok(out);
}

/** Encodes entries as `metadata.managedFields`, sorted as upstream (Apply before Update, then time, manager, apiVersion). */
export function encodeManagedFields(entries: readonly ManagedEntry[]): JsonObject[] {
  const sorted = [...entries].sort((a, b) => {
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    const ta = a.time ?? "";
    const tb = b.time ?? "";
    if (ta !== tb) return ta < tb ? -1 : 1;
    if (a.manager !== b.manager) return a.manager < b.manager ? -1 : 1;
    return a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0;
  });
  return sorted.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time !== undefined ? { time: e.time } : {}),
    fieldsType: "FieldsV1",
    fieldsV1: encodeFieldsV1(e.fields),
    ...(e.subresource !== undefined ? { subresource: e.subresource } : {}),
  }));
}

/** A time as managedFields write it (RFC 3339, seconds). */
export function toManagedTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A copy without metadata.managedFields: what kubectl shows unless `--show-managed-fields`. */
export function withoutManagedFields<T>(obj: T): T {
  if (!isJsonObject(obj) || !isJsonObject(obj["metadata"]) || !("managedFields" in obj["metadata"])) return obj;
  const { managedFields: _hidden, ...metadata } = obj["metadata"];
  // Only metadata.managedFields is dropped; the shape is otherwise T's.
  return { ...obj, metadata } as T;
}
