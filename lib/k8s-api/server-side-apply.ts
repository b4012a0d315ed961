/**
 * Server-side apply and the ownership bookkeeping of every other write, as structured-merge-diff's
 * Updater (Apply, Update) and the apiserver's field manager do them. Pure: objects in, object and
 * managedFields out; lib/server/kube does the IO.
 *
 * - Apply: the configuration is merged into the live object (managed-fields.ts mergeValues); the
 *   applier then owns exactly the fields of its configuration; fields it owned before and no
 *   longer applies are removed unless another manager owns them (SMD's prune); a field another
 *   manager owns whose value the apply changes is a conflict (409, whole apply refused) unless
 *   `force`, which takes the field away from them. Equal values are shared, never conflicts.
 * - Update (POST, PUT, merge/JSON/strategic patch, the console's writes): the writer takes every
 *   field it added or changed away from the other managers; removed fields leave every manager.
 * - Not owned by anyone: apiVersion, kind, metadata.name/namespace and the server-set metadata
 *   (upstream's stripMeta), and `status` (the main resource resets it, as for every kind with a
 *   status subresource). An apply never writes status: the live status is kept.
 * - An object without managedFields (written before any tracking) stays untracked by updates and
 *   is owned by an Update entry `before-first-apply` at its first apply, as upstream does.
 * - At most 10 Update entries: after an Update the oldest are merged into `ancient-changes` per
 *   apiVersion (upstream's capmanagers.go; `capUpdateManagers`). Apply entries are not capped.
 * - The manager `kubectl` (only it, as upstream's lastappliedmanager.go / lastappliedupdater.go):
 *   conflicts on fields a client-side `kubectl apply` set (in the last-applied-configuration
 *   annotation, same value live) are no conflicts, so an object moves from client-side to
 *   server-side apply without --force-conflicts; and a non-empty annotation is rewritten to the
 *   applied configuration, so a later client-side apply merges against it.
 * - Explicit nulls in a configuration read as absent, as the typed decode of the apiserver does.
 * - The client side (the console's writes to real clusters, lib/server/kube/backend.ts): the
 *   apply body of a whole object and which removals an apply would not make
 *   (`removalsKeptByApply`; those edits are PUTs).
 * - Container and Service ports are keyed by number and protocol (TCP when left out), as SMD.
 * - Not done: Go's HTML escaping in the rewritten annotation; subresources.
 */
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { canonicalJson } from "@/lib/cluster/object-meta";
import { LAST_APPLIED_ANNOTATION, lastAppliedOf } from "@/lib/k8s-api/client-apply";
import type { Comparison, FieldSet, ManagedEntry, SsaSchema } from "@/lib/k8s-api/managed-fields";
import {
  compareValues,
  decodeManagedFields,
  describeManager,
  differenceSets,
  encodeManagedFields,
  entryIdentity,
  fieldSetOf,
  fieldSetOfPaths,
  fieldSetTouches,
  formatPath,
  intersectSets,
  isEmptySet,
  mergeValues,
  pathsOf,
  removePaths,
  toManagedTime,
  unionSets,
} from "@/lib/k8s-api/managed-fields";

/** The field manager of the console's own writes (embedded and real clusters). */
export const PALISADE_FIELD_MANAGER = "palisade";

/** Metadata set by the server or naming the object: never owned (upstream's stripMeta). */
const UNOWNED_METADATA = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

/** The manager upstream invents for the fields of an object that had no managedFields at its first apply. */
export const BEFORE_FIRST_APPLY = "before-first-apply";

/** The part of an object managers own: without apiVersion, kind, status and unowned metadata. */
export function ownedContent(obj: JsonObject): JsonObject {
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = isJsonObject(metadata) ? { ...metadata } : {};
  for (const f of UNOWNED_METADATA) delete meta[f];
  return { metadata: meta, ...rest };
}

/** What a new object is compared with: the top-level structs exist (as Go's zero value of the type has them). */
const NEW_OBJECT: JsonObject = { metadata: {}, spec: {} };

type Managers = Map<string, ManagedEntry>;

/** `metadata` itself is never owned (stripMeta), only fields below it. */
const METADATA_ITSELF = fieldSetOfPaths([["f:metadata"]]);

function ownedSet(content: JsonObject, schema: SsaSchema): FieldSet {
  return differenceSets(fieldSetOf(content, schema), METADATA_ITSELF);
}

function ownedComparison(live: JsonObject, next: JsonObject, schema: SsaSchema): Comparison {
  const cmp = compareValues(live, next, schema);
  return { added: differenceSets(cmp.added, METADATA_ITSELF), modified: differenceSets(cmp.modified, METADATA_ITSELF), removed: differenceSets(cmp.removed, METADATA_ITSELF) };
}

function toManagers(entries: readonly ManagedEntry[]): Managers {
  return new Map(entries.map((e) => [entryIdentity(e), e]));
}

/** One field another manager owns that the apply would change. */
export interface FieldConflict {
  /** As upstream prints it: `"other"`, or `"kubectl-edit" using v1` for Update entries. */
  readonly manager: string;
  /** `.spec.order` */
  readonly field: string;
  /** The path as FieldsV1 elements (`["f:spec", "f:order"]`). */
  readonly path: readonly string[];
}

type Updated =
  | { readonly ok: true; readonly managers: Managers; readonly changed: boolean; readonly comparison: Comparison }
  | { readonly ok: false; readonly conflicts: readonly FieldConflict[] };

/**
 * SMD's Updater.update: compares `live` with `next`; fields another manager owns that changed are
 * conflicts (refused unless `force`, else taken from them); removed fields leave every other manager.
 */
function updateManagers(live: JsonObject, next: JsonObject, managers: Managers, self: string, force: boolean, schema: SsaSchema): Updated {
  const cmp = ownedComparison(live, next, schema);
  const touched = unionSets(cmp.modified, cmp.added);
  const conflicts: FieldConflict[] = [];
  const out: Managers = new Map();
  for (const [id, entry] of managers) {
    if (id === self) {
      out.set(id, entry);
      continue;
    }
    const conflict = intersectSets(entry.fields, touched);
    if (!isEmptySet(conflict)) for (const p of pathsOf(conflict)) conflicts.push({ manager: describeManager(entry), field: formatPath(p), path: p });
    const lost = unionSets(conflict, intersectSets(entry.fields, cmp.removed));
    if (isEmptySet(lost)) {
      out.set(id, entry);
      continue;
    }
    const fields = differenceSets(entry.fields, lost);
    if (!isEmptySet(fields)) out.set(id, { ...entry, fields });
  }
  if (!force && conflicts.length > 0) return { ok: false, conflicts };
  const changed = !isEmptySet(touched) || !isEmptySet(cmp.removed);
  return { ok: true, managers: out, changed, comparison: cmp };
}

/** SMD's prune: fields the applier owned before and no longer applies, owned by no one now, are removed. */
function pruneUnowned(merged: JsonObject, lastSet: FieldSet | undefined, managers: Managers, schema: SsaSchema): JsonObject {
  if (lastSet === undefined) return merged;
  let owned: FieldSet = fieldSetOfPaths([]);
  for (const e of managers.values()) owned = unionSets(owned, e.fields);
  const drop = pathsOf(lastSet).filter((p) => !fieldSetTouches(owned, p));
  if (drop.length === 0) return merged;
  const kept = removePaths(merged, fieldSetOfPaths(drop), schema);
  return isJsonObject(kept) ? kept : {};
}

/** The stored form: owned content, the identity and server metadata of `base`, the live status, the managed fields. */
function assemble(content: JsonObject, base: JsonObject, live: JsonObject | undefined, managedFields: JsonObject[]): JsonObject {
  const baseMeta: Record<string, unknown> = isJsonObject(base["metadata"]) ? base["metadata"] : {};
  const meta: Record<string, unknown> = isJsonObject(content["metadata"]) ? { ...content["metadata"] } : {};
  for (const f of UNOWNED_METADATA) if (baseMeta[f] !== undefined) meta[f] = baseMeta[f];
  if (managedFields.length > 0) meta["managedFields"] = managedFields;
  else delete meta["managedFields"];
  const { metadata: _m, ...rest } = content;
  const status = live?.["status"];
  return {
    ...(base["apiVersion"] !== undefined ? { apiVersion: base["apiVersion"] } : {}),
    ...(base["kind"] !== undefined ? { kind: base["kind"] } : {}),
    metadata: meta,
    ...rest,
    ...(status !== undefined ? { status } : {}),
  };
}

export interface ApplyRequest {
  /** The object as stored (served form, with metadata.managedFields), or undefined to create. */
  readonly live: JsonObject | undefined;
  /** The applied configuration. */
  readonly config: JsonObject;
  readonly manager: string;
  /** The group version the applier used (`projectcalico.org/v3`). */
  readonly apiVersion: string;
  readonly force: boolean;
  readonly now: Date;
  readonly schema: SsaSchema;
}

export type ApplyResult =
  | {
      readonly ok: true;
      /** The object to store (or the live object when nothing changed). */
      readonly object: JsonObject;
      /** False when neither the object nor its managed fields change (nothing to write). */
      readonly changed: boolean;
    }
  | { readonly ok: false; readonly conflicts: readonly FieldConflict[] };

function metaOf(obj: JsonObject): JsonObject {
  const meta = obj["metadata"];
  return isJsonObject(meta) ? meta : {};
}

/**
 * The managers of a live object. An untracked object's fields go to `before-first-apply`, as an
 * Update from an empty object would record them (upstream's skipNonApplied manager).
 */
function liveManagers(live: JsonObject | undefined, apiVersion: string, schema: SsaSchema): Managers {
  if (live === undefined) return new Map();
  const meta = metaOf(live);
  // Choice: undecodable stored managedFields (never written by us) count as none.
  const decoded = decodeManagedFields(meta["managedFields"]);
  const entries = decoded.ok ? decoded.value : [];
  if (entries.length > 0) return toManagers(entries);
  const created = ownedComparison(NEW_OBJECT, ownedContent(live), schema);
  const fields = unionSets(created.added, created.modified);
  if (isEmptySet(fields)) return new Map();
  return toManagers([{ manager: BEFORE_FIRST_APPLY, operation: "Update", apiVersion, fields }]);
}

/** The field manager of `kubectl apply --server-side`: the only one the last-applied annotation is kept in step for. */
export const KUBECTL_FIELD_MANAGER = "kubectl";

/**
 * Server-side apply of `config` onto `live`, with upstream's two wrappers for the manager
 * `kubectl` (lastappliedmanager.go, lastappliedupdater.go):
 * - conflicts on fields of the live object's last-applied-configuration whose values the live
 *   object still has (a client-side apply made them) are no conflicts: the apply is forced when
 *   those are all the conflicts, else only the others are reported;
 * - when the object keeps a non-empty last-applied-configuration annotation, it is rewritten to
 *   the applied configuration, so that a later client-side `kubectl apply` merges against it.
 * Other managers opt out, as upstream.
 */
export function applyConfiguration(r: ApplyRequest): ApplyResult {
  const first = applyOnce(r);
  if (r.manager !== KUBECTL_FIELD_MANAGER) return first;
  let result = first;
  if (!first.ok) {
    const allowed = allowedFromLastApplied(r);
    if (allowed === undefined) return first;
    const remaining = first.conflicts.filter((c) => !setHas(allowed, c.path));
    if (remaining.length > 0) return { ok: false, conflicts: remaining };
    result = applyOnce({ ...r, force: true });
  }
  return result.ok ? withLastAppliedSynced(result, r) : result;
}

/** Whether the set holds exactly this path (SMD's Set.Has). */
function setHas(set: FieldSet, path: readonly string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const pe of path) {
    node = node.children.get(pe);
    if (node === undefined) return false;
  }
  return node.member;
}

/**
 * The fields of the live object's last-applied-configuration that hold the same values in the
 * live object (upstream's allowedConflictsFromLastApplied), or undefined when there is no such
 * annotation, it is not a JSON object, or it was written for another apiVersion.
 */
function allowedFromLastApplied(r: ApplyRequest): FieldSet | undefined {
  if (r.live === undefined) return undefined;
  const last = lastAppliedOf(r.live);
  if (last === undefined || last["apiVersion"] !== r.apiVersion) return undefined;
  const lastContent = ownedContent(last);
  const cmp = compareValues(lastContent, ownedContent(r.live), r.schema);
  return differenceSets(differenceSets(differenceSets(fieldSetOf(lastContent, r.schema), cmp.modified), cmp.added), cmp.removed);
}

/**
 * The annotation upstream's buildLastApplied writes: the configuration without the annotation,
 * as Go encodes an unstructured object (keys sorted, compact, a trailing newline).
 * Choice: Go's HTML escaping of `<`, `>` and `&` (\u003c…) is not reproduced.
 */
export function lastAppliedText(config: JsonObject): string {
  const meta = metaOf(config);
  const annotations = meta["annotations"];
  if (!isJsonObject(annotations)) return `${canonicalJson(config)}\n`;
  const { [LAST_APPLIED_ANNOTATION]: _own, ...rest } = annotations;
  return `${canonicalJson({ ...config, metadata: { ...meta, annotations: rest } })}\n`;
}

function withLastAppliedSynced(result: Extract<ApplyResult, { ok: true }>, r: ApplyRequest): ApplyResult {
  const meta = metaOf(result.object);
  const annotations = isJsonObject(meta["annotations"]) ? meta["annotations"] : {};
  const current = annotations[LAST_APPLIED_ANNOTATION];
  if (typeof current !== "string" || current === "") return result;
  const text = lastAppliedText(r.config);
  if (text === current) return result;
  const object = { ...result.object, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: text } } };
  return { ok: true, object: result.changed ? object : withConfigVersion(object, r.config), changed: true };
}

/**
 * A copy without null object members, at any depth. The apiserver decodes an apply configuration
 * into the kind's typed object, where `source: null` is simply absent; without this a document
 * with explicit nulls (`source:` with nothing after it, inside a Calico rule) would differ from
 * the stored object on every apply and be written again each time.
 */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNulls(v)) as T; // same shape, nulls gone from its objects
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out as T; // an object without its null members
}

/** SMD's Updater.Apply of `config` onto `live`. */
function applyOnce(r: ApplyRequest): ApplyResult {
  const liveContent = r.live !== undefined ? ownedContent(r.live) : {};
  const configContent = withoutNulls(ownedContent(r.config));
  const managers = liveManagers(r.live, r.apiVersion, r.schema);
  const self = entryIdentity({ manager: r.manager, operation: "Apply", apiVersion: r.apiVersion });
  const previous = managers.get(self);
  const merged = mergeValues(liveContent, configContent, r.schema);
  const mergedObject = isJsonObject(merged) ? merged : {};
  const set = ownedSet(configContent, r.schema);
  const withSelf: Managers = new Map(managers);
  withSelf.set(self, { manager: r.manager, operation: "Apply", apiVersion: r.apiVersion, fields: set, ...(previous?.time !== undefined ? { time: previous.time } : {}) });
  const pruned = pruneUnowned(mergedObject, previous?.fields, withSelf, r.schema);
  const updated = updateManagers(liveContent, pruned, withSelf, self, r.force, r.schema);
  if (!updated.ok) return updated;
  const setChanged = previous === undefined || !isEmptySet(differenceSets(previous.fields, set)) || !isEmptySet(differenceSets(set, previous.fields)) || previous.apiVersion !== r.apiVersion;
  const othersChanged = [...managers.keys()].some((id) => id !== self && updated.managers.get(id) !== managers.get(id));
  const changed = r.live === undefined || updated.changed || setChanged || othersChanged;
  const final: Managers = new Map(updated.managers);
  const selfEntry = final.get(self);
  if (selfEntry !== undefined && changed) final.set(self, { ...selfEntry, apiVersion: r.apiVersion, time: toManagedTime(r.now) });
  if (isEmptySet(set)) final.delete(self);
  if (!changed && r.live !== undefined) return { ok: true, object: r.live, changed: false };
  const base = r.live !== undefined ? withConfigVersion(r.live, r.config) : r.config;
  return { ok: true, object: assemble(pruned, base, r.live, encodeManagedFields([...final.values()])), changed: true };
}

/** The live object with the configuration's apiVersion/kind and its resourceVersion (a precondition) when it sets one. */
function withConfigVersion(live: JsonObject, config: JsonObject): JsonObject {
  const cm = isJsonObject(config["metadata"]) ? config["metadata"] : {};
  const lm = isJsonObject(live["metadata"]) ? live["metadata"] : {};
  const rv = cm["resourceVersion"];
  return { ...live, ...(config["apiVersion"] !== undefined ? { apiVersion: config["apiVersion"] } : {}), metadata: { ...lm, ...(typeof rv === "string" && rv !== "" ? { resourceVersion: rv } : {}) } };
}

export interface UpdateRequest {
  /** The object before the write (undefined on create). */
  readonly live: JsonObject | undefined;
  /** The object as written; its metadata.managedFields, when set, replace the live ones (as upstream allows). */
  readonly next: JsonObject;
  readonly manager: string;
  readonly apiVersion: string;
  readonly now: Date;
  readonly schema: SsaSchema;
}

/** At most this many Update entries are kept (upstream's DefaultMaxUpdateManagers). */
export const MAX_UPDATE_MANAGERS = 10;

/** The manager the oldest Update entries are merged into when there are too many. */
export const ANCIENT_CHANGES = "ancient-changes";

/** The seconds of an entry's time (0 when it has none or it does not parse), as upstream's `Time.Unix()`. */
function entrySeconds(e: ManagedEntry): number {
  const ms = e.time === undefined ? Number.NaN : Date.parse(e.time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Upstream's manager identifier (the entry's JSON without time and fields): the tie-break of equal times. */
function identifierKey(e: ManagedEntry): string {
  return JSON.stringify({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, ...(e.subresource !== undefined ? { subresource: e.subresource } : {}) });
}

/**
 * Upstream's capManagersManager (run after every Update, never after an Apply): when more than
 * `max` entries are Updates, they are sorted oldest first (time in seconds, then identifier) and,
 * walking that order until at most `max` remain, each entry is merged into the `ancient-changes`
 * Update entry of its apiVersion; the first entry of a version is kept as it is until a second one
 * of that version comes (then it becomes the bucket). The bucket's fields are the union, its time
 * the merged entry's. Apply entries are never merged nor counted.
 * Choice: upstream would drop an existing bucket met after another entry of its version (it
 * merges the bucket into itself, then deletes it); here that entry is merged into the bucket.
 */
export function capUpdateManagers(entries: readonly ManagedEntry[], max = MAX_UPDATE_MANAGERS): ManagedEntry[] {
  const updaters = entries.filter((e) => e.operation === "Update");
  if (updaters.length <= max) return [...entries];
  const sorted = [...updaters].sort((a, b) => entrySeconds(a) - entrySeconds(b) || (identifierKey(a) < identifierKey(b) ? -1 : identifierKey(a) > identifierKey(b) ? 1 : 0));
  const managers: Managers = toManagers(entries);
  const firstOfVersion = new Map<string, string>();
  let length = sorted.length;
  for (const entry of sorted) {
    if (length <= max) break;
    const id = entryIdentity(entry);
    const current = managers.get(id);
    if (current === undefined) continue;
    const bucket = entryIdentity({ manager: ANCIENT_CHANGES, operation: "Update", apiVersion: entry.apiVersion });
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(entry.apiVersion, id);
      continue;
    }
    let into = managers.get(bucket);
    if (into === undefined) {
      const firstEntry = managers.get(first);
      managers.delete(first);
      into = { manager: ANCIENT_CHANGES, operation: "Update", apiVersion: entry.apiVersion, fields: firstEntry?.fields ?? fieldSetOfPaths([]) };
    }
    if (id === bucket) {
      // The bucket itself met after the first entry of its version: that entry joins it instead.
      const firstEntry = managers.get(first);
      managers.delete(first);
      managers.set(bucket, { ...current, fields: unionSets(current.fields, firstEntry?.fields ?? fieldSetOfPaths([])) });
    } else {
      managers.delete(id);
      const { time: _t, ...bucketEntry } = into;
      managers.set(bucket, { ...bucketEntry, fields: unionSets(entry.fields, into.fields), ...(entry.time !== undefined ? { time: entry.time } : {}) });
    }
    length--;
  }
  return [...managers.values()];
}

/** Whether managedFields is `[{}]`, upstream's way of clearing them. */
function isResetManagedFields(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length === 1 && isJsonObject(raw[0]) && Object.keys(raw[0]).length === 0;
}

/**
 * The managedFields after a non-apply write (SMD's Updater.Update): the writer's Update entry
 * gains every field it added or changed, other managers lose them, removed fields leave everyone.
 * A write that changes nothing leaves the entries as they were.
 */
export function recordUpdate(r: UpdateRequest): JsonObject[] {
  const nextMeta = isJsonObject(r.next["metadata"]) ? r.next["metadata"] : {};
  if (isResetManagedFields(nextMeta["managedFields"])) return [];
  const given = decodeManagedFields(nextMeta["managedFields"]);
  const liveEntries = decodeManagedFields(r.live === undefined ? undefined : metaOf(r.live)["managedFields"]);
  const base = given.ok && given.value.length > 0 ? given.value : liveEntries.ok ? liveEntries.value : [];
  // An existing object nobody tracks stays untracked until its first apply (upstream's skipNonApplied).
  if (r.live !== undefined && base.length === 0) return [];
  const managers = toManagers(base);
  const liveContent = r.live !== undefined ? ownedContent(r.live) : NEW_OBJECT;
  const nextContent = ownedContent(r.next);
  const self = entryIdentity({ manager: r.manager, operation: "Update", apiVersion: r.apiVersion });
  const updated = updateManagers(liveContent, nextContent, managers, self, true, r.schema);
  if (!updated.ok || !updated.changed) return encodeManagedFields(capUpdateManagers([...managers.values()]));
  const cmp = updated.comparison;
  const previous = managers.get(self)?.fields ?? fieldSetOfPaths([]);
  const fields = unionSets(unionSets(differenceSets(previous, cmp.removed), cmp.modified), cmp.added);
  const final = new Map(updated.managers);
  if (isEmptySet(fields)) final.delete(self);
  else final.set(self, { manager: r.manager, operation: "Update", apiVersion: r.apiVersion, time: toManagedTime(r.now), fields });
  return encodeManagedFields(capUpdateManagers([...final.values()]));
}

/** The conflict Status message, worded as the apiserver's (`Apply failed with 1 conflict: conflict with "other": .spec.x`). */
export function conflictMessage(conflicts: readonly FieldConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only !== undefined) return `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.field}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines: string[] = [];
  for (const m of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${m}:`);
    for (const f of byManager.get(m) ?? []) lines.push(`- ${f}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}

/** The Status causes of a conflict (reason FieldManagerConflict, one per field). */
export function conflictCauses(conflicts: readonly FieldConflict[]): { reason: string; message: string; field: string }[] {
  return conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.manager}`, field: c.field }));
}

const FIELD_MANAGER_MAX = 128;

/** Checks a fieldManager as ValidatePatchOptions does; returns field errors (`fieldManager: Required value: …`). */
export function fieldManagerErrors(manager: string | undefined, apply: boolean): { path: string; message: string }[] {
  if (manager === undefined || manager === "") return apply ? [{ path: "fieldManager", message: "Required value: is required for apply patch" }] : [];
  if (new TextEncoder().encode(manager).length > FIELD_MANAGER_MAX) return [{ path: "fieldManager", message: `Too long: may not be more than ${FIELD_MANAGER_MAX} bytes` }];
  // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  if (!/^(?:[\p{L}\p{M}\p{N}\p{P}\p{S}]| )*$/u.test(manager)) return [{ path: "fieldManager", message: `Invalid value: ${JSON.stringify(manager)}: must only contain printable characters` }];
  return [];
}

/** The manager of a non-apply write: `fieldManager`, else the User-Agent before its first `/` (printable, 128 bytes). */
export function managerOf(fieldManager: string | undefined, userAgent: string | null): string {
  if (fieldManager !== undefined && fieldManager !== "") return fieldManager;
  const prefix = (userAgent ?? "").split("/")[0] ?? "";
  let out = "";
  for (const ch of prefix) {
    if (!/^(?:[\p{L}\p{M}\p{N}\p{P}\p{S}]| )$/u.test(ch)) continue;
    if (new TextEncoder().encode(out + ch).length > FIELD_MANAGER_MAX) break;
    out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The client side: the console's writes to real clusters as server-side applies (lib/server/kube/backend.ts)

/** The apply configuration of a whole object: no status, no server-set metadata; metadata.resourceVersion kept (a precondition). */
export function applyBodyOf(obj: JsonObject): JsonObject {
  const { status: _s, ...rest } = obj;
  const meta: Record<string, unknown> = { ...metaOf(obj) };
  for (const f of UNOWNED_METADATA) if (f !== "name" && f !== "namespace" && f !== "resourceVersion") delete meta[f];
  return { ...rest, metadata: meta };
}

/**
 * The fields `config` leaves out of `live` that an apply by `manager` would keep: SMD removes a
 * field the applier stops applying only when its Apply entry owned it and no other manager does
 * (fields of others, and fields nobody owns, stay). Such an edit needs an Update (a PUT). Paths
 * as SMD prints them; the innermost removed paths only (a map emptied by them goes with them).
 */
export function removalsKeptByApply(live: JsonObject, config: JsonObject, manager: string, schema: SsaSchema): string[] {
  const removed = pathsOf(ownedComparison(ownedContent(live), ownedContent(config), schema).removed);
  if (removed.length === 0) return [];
  const decoded = decodeManagedFields(metaOf(live)["managedFields"]);
  const entries = decoded.ok ? decoded.value : [];
  const self = entries.find((e) => e.manager === manager && e.operation === "Apply" && (e.subresource ?? "") === "");
  const others = entries.filter((e) => e !== self);
  const innermost = removed.filter((p) => !removed.some((q) => q.length > p.length && p.every((pe, i) => q[i] === pe)));
  return innermost.filter((p) => self === undefined || !fieldSetTouches(self.fields, p) || others.some((e) => fieldSetTouches(e.fields, p))).map(formatPath);
}
