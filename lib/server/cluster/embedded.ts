import "server-only";
/**
 * EmbeddedBackend: the ClusterBackend of the embedded demo cluster, stored in the database
 * (ClusterObject rows, ObjectEvent log, ClusterRevision counter). See DESIGN.md in this folder.
 */
import type {
  AppliedObject,
  ClusterBackend,
  ClusterKind,
  ClusterObject,
  DeleteOptions,
  ListOptions,
  ListResult,
  ObjectOfKind,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from "@/lib/cluster/backend";
import { encodeContinue, parseContinue } from "@/lib/cluster/continue-token";
import { isClusterKind, isNamespacedKind, resourceName } from "@/lib/cluster/kinds";
import type { LabelChange } from "@/lib/cluster/labels";
import { applyLabelChange, checkLabelChange } from "@/lib/cluster/labels";
import { buildObjectFilter } from "@/lib/cluster/object-filter";
import { prefixFieldErrors, validateClusterObject } from "@/lib/cluster/validate-object";
import { BadRequestError, ConflictError, GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import type { FieldError } from "@/lib/errors";
import type { WriteContext } from "@/lib/server/cluster/embedded-writes";
import { applyObject, createObject, deleteObject, keyOf, updateObject } from "@/lib/server/cluster/embedded-writes";
import { watchEmbedded } from "@/lib/server/cluster/embedded-watch";
import { queryListPage } from "@/lib/server/cluster/list-query";
import { lockRevision, readObject, readRevision } from "@/lib/server/cluster/object-store";
import { notifyClusterWrite } from "@/lib/server/cluster/write-notifier";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";

/** Thrown inside a dry-run transaction to roll it back while carrying the answer out. */
class DryRunRollback<T> extends Error {
  constructor(readonly value: T) {
    super("dry run");
  }
}

/** Order in which apply writes documents, so a namespace or tier precedes what lives in it. */
const APPLY_PRIORITY: Partial<Record<ClusterKind, number>> = { Namespace: 0, Tier: 1, ServiceAccount: 2 };

export interface EmbeddedBackendOptions {
  /** How often a watch polls for writes made by other processes. Default 1000 ms. */
  readonly pollIntervalMs?: number;
}

function validateOrThrow(raw: unknown, index?: number): ClusterObject {
  const v = validateClusterObject(raw);
  if (v.object) return v.object;
  const errors = index === undefined ? v.errors : prefixFieldErrors(index, v.errors);
  throw new ValidationError(summarise(errors), errors);
}

function summarise(errors: readonly FieldError[]): string {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return first ? `invalid object: ${first.path ? `${first.path}: ` : ""}${first.message}${more}` : "invalid object";
}

function checkKind(kind: unknown): asserts kind is ClusterKind {
  if (!isClusterKind(kind)) throw new BadRequestError(`unsupported kind ${JSON.stringify(kind)}`);
}

/** A create or update's result after a dry run: nothing was stored, so no new version exists. */
function dryRunView(obj: ClusterObject, previous: ClusterObject | null): ClusterObject {
  const metadata = { ...obj.metadata };
  if (previous?.metadata.resourceVersion) metadata.resourceVersion = previous.metadata.resourceVersion;
  // `metadata` is our own copy; ObjectMeta declares resourceVersion optional but readonly.
  else delete (metadata as { resourceVersion?: string }).resourceVersion;
  // Only metadata.resourceVersion changed.
  return { ...obj, metadata } as ClusterObject;
}

export class EmbeddedBackend implements ClusterBackend {
  readonly readOnly = false;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly sql: Sql,
    readonly id: string,
    options: EmbeddedBackendOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  async list<K extends ClusterKind>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    checkKind(kind);
    const filter = buildObjectFilter(kind, options);
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) throw new BadRequestError("limit must be a non-negative integer");
    let after: { namespace: string; name: string } | undefined;
    let at: bigint | undefined;
    if (options.continue) {
      const pos = parseContinue(options.continue);
      if (!pos.ok) throw new BadRequestError(pos.error);
      after = { namespace: pos.value.namespace, name: pos.value.name };
      at = BigInt(pos.value.resourceVersion);
    }
    const page = await this.sql.transaction(async (tx) => {
      const rev = await readRevision(tx, this.id);
      const snapshot = at ?? rev.current;
      const result = await queryListPage(tx, { clusterId: this.id, filter, at: snapshot, ...(after ? { after } : {}), ...(options.limit ? { limit: options.limit } : {}) });
      // The horizon is read after the page: compaction moves it before deleting events.
      const horizon = (await readRevision(tx, this.id)).compacted;
      if (snapshot < horizon) {
        throw new GoneError("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
      }
      return { ...result, snapshot };
    });
    const last = page.items[page.items.length - 1];
    const next = page.more && last ? encodeContinue({ resourceVersion: page.snapshot.toString(), namespace: last.metadata.namespace ?? "", name: last.metadata.name }) : undefined;
    // Rows of kind K hold objects of kind K (the query filters on kind).
    const items = page.items as readonly ObjectOfKind<K>[];
    // As etcd-backed lists: the count of objects after this page, only for unfiltered paged lists.
    const counted = next !== undefined && options.labelSelector === undefined && options.tier === undefined;
    return { items, resourceVersion: page.snapshot.toString(), ...(next ? { continue: next } : {}), ...(counted ? { remainingItemCount: page.remaining } : {}) };
  }

  async get<K extends ClusterKind>(kind: K, name: string, namespace?: string): Promise<ObjectOfKind<K>> {
    checkKind(kind);
    const ns = this.namespaceFor(kind, namespace);
    const found = await readObject(this.sql, this.id, { kind, namespace: ns, name });
    if (!found) throw new NotFoundError(`${resourceName(kind)} "${name}" not found`);
    // The row's kind column equals K.
    return found.object as ObjectOfKind<K>;
  }

  async create<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const valid = validateOrThrow(obj);
    const stored = await this.write(options, (ctx) => createObject(ctx, valid));
    // create stores the validated object, which has the input's kind K.
    return (options.dryRun ? dryRunView(stored, null) : stored) as ObjectOfKind<K>;
  }

  async update<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const valid = validateOrThrow(obj);
    const stored = await this.write(options, (ctx) => updateObject(ctx, valid));
    return (options.dryRun ? dryRunView(stored, valid) : stored) as ObjectOfKind<K>;
  }

  async patchLabels<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, change: LabelChange, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    const errors = checkLabelChange(kind, change);
    if (errors.length > 0) throw new ValidationError(summarise(errors), errors);
    const current = await this.get(kind, name, namespace);
    if (options.resourceVersion !== undefined && options.resourceVersion !== "" && options.resourceVersion !== current.metadata.resourceVersion) {
      throw new ConflictError(`Operation cannot be fulfilled on ${resourceName(kind)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, current);
    }
    // update's compare-and-swap on the version just read catches a write in between.
    // Only metadata.labels differs from `current`, an object of kind K.
    const next = { ...current, metadata: { ...current.metadata, labels: applyLabelChange(current.metadata.labels, change) } } as ObjectOfKind<K>;
    return this.update<K>(next, options);
  }

  async delete<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    checkKind(kind);
    const key = { kind, namespace: this.namespaceFor(kind, namespace), name };
    const removed = await this.write(options, (ctx) => deleteObject(ctx, key, options.resourceVersion));
    // The deleted row was looked up by kind K.
    return removed as ObjectOfKind<K>;
  }

  async apply(objects: readonly ClusterObject[], options: WriteOptions): Promise<readonly AppliedObject[]> {
    const errors: FieldError[] = [];
    const valid: { index: number; obj: ClusterObject }[] = [];
    objects.forEach((raw, index) => {
      const v = validateClusterObject(raw);
      if (v.object) valid.push({ index, obj: v.object });
      else errors.push(...prefixFieldErrors(index, v.errors));
    });
    if (errors.length) throw new ValidationError(summarise(errors), errors);
    const seen = new Map<string, number>();
    for (const { index, obj } of valid) {
      const k = keyOf(obj);
      const id = `${k.kind}/${k.namespace}/${k.name}`;
      const first = seen.get(id);
      if (first !== undefined) errors.push({ path: `[${index}].metadata.name`, message: `Duplicate value: the same object as document [${first}]` });
      seen.set(id, index);
    }
    if (errors.length) throw new ValidationError(summarise(errors), errors);
    const ordered = [...valid].sort((a, b) => (APPLY_PRIORITY[a.obj.kind] ?? 9) - (APPLY_PRIORITY[b.obj.kind] ?? 9) || a.index - b.index);
    const results = await this.write(options, async (ctx) => {
      const out = new Array<AppliedObject>(objects.length);
      for (const { index, obj } of ordered) {
        const r = await applyObject({ ...ctx, prefix: `[${index}].` }, obj);
        const object = options.dryRun && r.outcome !== "unchanged" ? dryRunView(r.object, r.outcome === "configured" ? obj : null) : r.object;
        out[index] = { kind: obj.kind, name: obj.metadata.name, ...(isNamespacedKind(obj.kind) ? { namespace: obj.metadata.namespace ?? "" } : {}), outcome: r.outcome, object };
      }
      return out;
    });
    return results;
  }

  watch<K extends ClusterKind>(kind: K, options: WatchOptions): AsyncIterable<WatchEvent<ObjectOfKind<K>>> {
    checkKind(kind);
    // Events of a kind-K watch carry objects of kind K (rows are filtered on kind).
    return watchEmbedded({ sql: this.sql, clusterId: this.id, pollIntervalMs: this.pollIntervalMs }, kind, options) as AsyncIterable<WatchEvent<ObjectOfKind<K>>>;
  }

  /**
   * Runs a write transaction: locks the revision row first, then `fn`. A dry run rolls back at
   * the end, after every check and constraint has run. A real write wakes this process's
   * watchers after the commit.
   */
  private async write<T>(options: WriteOptions, fn: (ctx: WriteContext) => Promise<T>): Promise<T> {
    const actor = options.actor.trim() || "unknown";
    try {
      const value = await this.sql.transaction(async (tx: SqlQueryable) => {
        await lockRevision(tx, this.id);
        const value = await fn({
          tx,
          clusterId: this.id,
          actor,
          at: new Date(),
          prefix: "",
          ...(options.fieldManager !== undefined ? { fieldManager: options.fieldManager } : {}),
          ...(options.managerApiVersion !== undefined ? { managerApiVersion: options.managerApiVersion } : {}),
          ...(options.managedFieldsGiven === true ? { managedFieldsGiven: true } : {}),
        });
        if (options.dryRun) throw new DryRunRollback(value);
        return value;
      });
      notifyClusterWrite(this.id);
      return value;
    } catch (e) {
      // Only `write` throws DryRunRollback, always with the value `fn` returned (a T).
      if (e instanceof DryRunRollback) return e.value as T;
      throw e;
    }
  }

  private namespaceFor(kind: ClusterKind, namespace: string | undefined): string {
    if (!isNamespacedKind(kind)) return "";
    if (!namespace) throw new BadRequestError(`${resourceName(kind)} are namespaced: a namespace is required`);
    return namespace;
  }
}
