import "server-only";
/**
 * A ClusterBackend that applies one principal's permissions (lib/auth/permissions.ts) to every
 * call of the backend it wraps: reads of objects the principal may not see are refused (get) or
 * left out (list, watch); writes are checked object by object — an update or delete against the
 * object as stored (its current tier), so moving a policy between tiers needs both; an apply
 * document by document, refusing the whole apply and naming every denied document.
 *
 * `getClusterBackend` hands out this wrapper for every request made by a restricted principal
 * (see lib/server/auth/request-context.ts), so routes need no permission code of their own.
 */
import type { Decision, ObjectFacts, Target, Verb } from "@/lib/auth/permissions";
import { canSeeObject, decide, isUnrestricted, targetOf } from "@/lib/auth/permissions";
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
import type { DeniedDocument } from "@/lib/errors";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Principal } from "@/lib/server/auth/principal";

/** The facts the permission rules read from a stored object. */
export function factsOf(obj: ClusterObject): ObjectFacts {
  const spec: unknown = (obj as { spec?: unknown }).spec;
  const tier = spec !== null && typeof spec === "object" ? (spec as { tier?: unknown }).tier : undefined; // object checked just above
  return {
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
    ...(typeof tier === "string" ? { specTier: tier } : {}),
  };
}

/** Throws ForbiddenError (naming what is missing) unless the decision allows. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw new ForbiddenError(decision.reason, decision.missing);
}

/** The decision for writing `next` over `current` (undefined: a create). */
export function writeDecision(principal: Principal, verb: Verb, next: ClusterObject, current: ClusterObject | undefined): Decision {
  const to = targetOf(factsOf(next));
  if (current === undefined) return decide(principal, verb === "update" || verb === "patch" ? "create" : verb, to);
  const from = targetOf(factsOf(current));
  const target: Target = { ...from, ...(to.tier !== undefined && to.tier !== from.tier ? { toTier: to.tier } : {}) };
  return decide(principal, verb, target);
}

/** One write to check: the new object (create/update) or, for a delete, none. */
export interface WriteCheck {
  readonly verb: "create" | "update" | "delete";
  readonly kind: ClusterKind;
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly object?: ClusterObject;
}

export class ScopedBackend implements ClusterBackend {
  constructor(
    readonly inner: ClusterBackend,
    readonly principal: Principal,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  get readOnly(): boolean {
    return this.inner.readOnly;
  }

  /** Whether the principal may see one object. */
  canSee(obj: ClusterObject): boolean {
    return canSeeObject(this.principal, factsOf(obj));
  }

  async list<K extends ClusterKind>(kind: K, options?: ListOptions): Promise<ListResult<ObjectOfKind<K>>> {
    enforce(decide(this.principal, "list", { kind, ...(options?.namespace !== undefined ? { namespace: options.namespace } : {}), ...(options?.tier !== undefined ? { tier: options.tier } : {}) }));
    const result = await this.inner.list(kind, options);
    return { ...result, items: result.items.filter((o) => this.canSee(o)) };
  }

  async get<K extends ClusterKind>(kind: K, name: string, namespace?: string): Promise<ObjectOfKind<K>> {
    enforce(decide(this.principal, "get", { kind, ...(namespace !== undefined ? { namespace } : {}) }));
    const obj = await this.inner.get(kind, name, namespace);
    enforce(decide(this.principal, "get", targetOf(factsOf(obj))));
    return obj;
  }

  async create<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    enforce(writeDecision(this.principal, "create", obj, undefined));
    return this.inner.create(obj, options);
  }

  async update<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const current = await this.current(obj.kind, obj.metadata.name, obj.metadata.namespace);
    enforce(current === undefined ? decide(this.principal, "update", targetOf(factsOf(obj))) : writeDecision(this.principal, "update", obj, current));
    return this.inner.update(obj, options);
  }

  async delete<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    const current = await this.current(kind, name, namespace);
    enforce(decide(this.principal, "delete", current === undefined ? { kind, ...(namespace !== undefined ? { namespace } : {}) } : targetOf(factsOf(current))));
    return this.inner.delete(kind, name, namespace, options);
  }

  async apply(objects: readonly ClusterObject[], options: WriteOptions): Promise<readonly AppliedObject[]> {
    await this.checkWrites(objects.map((object) => ({ verb: "update", kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, object })));
    return this.inner.apply(objects, options);
  }

  /**
   * Checks a batch of writes (apply documents, board changes) one by one against the stored
   * objects; throws one ForbiddenError naming every denied write by its index. An `update` of
   * an object that does not exist yet is judged as a create (apply is create-or-update).
   */
  async checkWrites(writes: readonly WriteCheck[]): Promise<void> {
    const denied: DeniedDocument[] = [];
    let firstMissing: Extract<Decision, { allowed: false }>["missing"] | undefined;
    for (const [index, w] of writes.entries()) {
      const current = await this.current(w.kind, w.name, w.namespace);
      let decision: Decision;
      if (w.object === undefined) {
        decision = decide(this.principal, "delete", current === undefined ? { kind: w.kind, ...(w.namespace !== undefined ? { namespace: w.namespace } : {}) } : targetOf(factsOf(current)));
      } else {
        decision = writeDecision(this.principal, w.verb, w.object, current);
      }
      if (decision.allowed) continue;
      firstMissing ??= decision.missing;
      denied.push({ index, kind: w.kind, name: w.name, ...(w.namespace !== undefined ? { namespace: w.namespace } : {}), errors: [{ path: `[${index}]`, message: decision.reason }] });
    }
    const first = denied[0];
    if (first === undefined) return;
    const more = denied.length > 1 ? ` (and ${denied.length - 1} more document${denied.length > 2 ? "s" : ""})` : "";
    const where = first.namespace !== undefined ? `${first.namespace}/${first.name ?? ""}` : (first.name ?? "");
    throw new ForbiddenError(`document [${first.index}] ${first.kind ?? ""} ${where}: ${first.errors[0]?.message ?? ""}${more}; nothing was written`, firstMissing, denied);
  }

  async *watch<K extends ClusterKind>(kind: K, options: WatchOptions): AsyncIterable<WatchEvent<ObjectOfKind<K>>> {
    enforce(decide(this.principal, "watch", { kind, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}), ...(options.tier !== undefined ? { tier: options.tier } : {}) }));
    for await (const event of this.inner.watch(kind, options)) {
      // Bookmarks carry no object of interest; an object outside the scope is left out.
      if (event.type === "BOOKMARK" || this.canSee(event.object)) yield event;
    }
  }

  private async current(kind: ClusterKind, name: string, namespace: string | undefined): Promise<ClusterObject | undefined> {
    try {
      return await this.inner.get(kind, name, namespace);
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
}

/** The backend a principal may use: itself when the principal is unrestricted, else a ScopedBackend. */
export function scopeBackend(backend: ClusterBackend, principal: Principal): ClusterBackend {
  if (backend instanceof ScopedBackend) return backend;
  if (isUnrestricted(principal) && principal.role !== "viewer") return backend;
  return new ScopedBackend(backend, principal);
}

/** The unwrapped backend and the permission check of a possibly scoped one (for atomic writes). */
export function unwrapBackend(backend: ClusterBackend): { inner: ClusterBackend; scoped: ScopedBackend | undefined } {
  return backend instanceof ScopedBackend ? { inner: backend.inner, scoped: backend } : { inner: backend, scoped: undefined };
}

/** Whether a principal may see an audit event: the object before or after the change is visible. */
export function canSeeAuditEvent(principal: Principal, e: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly before: ClusterObject | null; readonly after: ClusterObject | null }): boolean {
  const objects = [e.before, e.after].filter((o): o is ClusterObject => o !== null);
  if (objects.length === 0) return canSeeObject(principal, { kind: e.kind, name: e.name, ...(e.namespace !== undefined ? { namespace: e.namespace } : {}) });
  return objects.some((o) => canSeeObject(principal, factsOf(o)));
}

/**
 * For writes that are not object writes and touch every namespace (shipping flow logs, driving
 * the traffic simulator): refuses a caller limited to some tiers or namespaces with 403.
 */
export function requireUnrestricted(principal: Principal, action: string): void {
  const missing: ("tiers" | "namespaces")[] = [];
  if (principal.tiers !== "all") missing.push("tiers");
  if (principal.namespaces !== "all") missing.push("namespaces");
  if (missing.length === 0) return;
  throw new ForbiddenError(`${action} needs access to all ${missing.join(" and all ")}; ${principal.username} is limited`, { unrestricted: missing });
}
