import "server-only";
/**
 * KubernetesBackend: the ClusterBackend of a real Kubernetes API server running Calico. See
 * lib/k8s-api/DESIGN.md for the protocol; in short:
 *  - discovery at connect: projectcalico.org/v3 served → read-write; only crd.projectcalico.org/v1
 *    (no Calico API server) → readOnly with the reason (v1 CRDs must not be written directly);
 *  - list pages with limit/continue; watch resumes from a resourceVersion and throws GoneError
 *    on 410 (`listAndWatch` relists by itself);
 *  - writes are validated locally first, then sent with dryRun=All, then for real, always with
 *    fieldValidation=Strict and the object's resourceVersion (409 → ConflictError with the
 *    current object); Status errors map to DomainErrors with field paths from the causes.
 *  - updates are server-side applies by the field manager `palisade` (see `updateByApply`) where
 *    the server supports them, PUTs otherwise; creates are POSTs (an apply would merge into an
 *    object that already exists instead of refusing it).
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
import { isNamespacedKind, tierOf } from "@/lib/cluster/kinds";
import type { LabelChange } from "@/lib/cluster/labels";
import { checkLabelChange, toLabelMergePatch } from "@/lib/cluster/labels";
import { prefixFieldErrors, validateClusterObject } from "@/lib/cluster/validate-object";
import { toWireObject } from "@/lib/contracts/resources";
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError, isDomainError } from "@/lib/errors";
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import type { BackoffPolicy } from "@/lib/k8s-api/backoff";
import { backoffDelay } from "@/lib/k8s-api/backoff";
import { CALICO_CRD_GROUP, CALICO_GROUP, CORE_GROUP, canonicalApiResource, findApiResource, toApiVersion } from "@/lib/k8s-api/api-resources";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { ssaSchemaForKind } from "@/lib/k8s-api/managed-fields";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { PALISADE_FIELD_MANAGER, applyBodyOf, removalsKeptByApply } from "@/lib/k8s-api/server-side-apply";
import { isK8sStatus } from "@/lib/k8s-api/status";
import { toDomainError } from "@/lib/k8s-api/status-mapping";
import { toServedObject } from "@/lib/k8s-api/wire";
import type { KubeResponse, KubeTransport } from "@/lib/server/kube/kube-transport";
import { readWatchLines } from "@/lib/server/kube/watch-lines";

export interface KubernetesBackendOptions {
  /** Group versions the server serves (`projectcalico.org/v3`…); discovered when absent (tests override). */
  readonly servedGroupVersions?: readonly string[];
}

const APPLY_PRIORITY: Partial<Record<ClusterKind, number>> = { Namespace: 0, Tier: 1, ServiceAccount: 2 };

function collectionPath(r: ApiResource, namespace?: string): string {
  const base = r.group === CORE_GROUP ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return namespace !== undefined && r.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

function itemPath(r: ApiResource, name: string, namespace?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
}

/** Throws the DomainError of a failed response. */
function failure(res: KubeResponse, current?: unknown): never {
  const status = isK8sStatus(res.body) ? res.body : { kind: "Status" as const, apiVersion: "v1" as const, metadata: {}, status: "Failure" as const, code: res.status, message: `HTTP ${res.status}` };
  throw toDomainError(status, current);
}

export class KubernetesBackend implements ClusterBackend {
  readonly readOnly: boolean;
  /** Why writes are refused, when readOnly. */
  readonly readOnlyReason?: string;
  private readonly calicoGroupVersion: string;
  /** Whether the server takes apply patches: unknown until the first update, then remembered for this cluster. */
  private applySupported: boolean | undefined;

  private constructor(
    readonly id: string,
    private readonly transport: KubeTransport,
    served: readonly string[],
  ) {
    const v3 = served.includes(`${CALICO_GROUP}/v3`);
    const v1 = served.includes(`${CALICO_CRD_GROUP}/v1`);
    this.calicoGroupVersion = v3 ? `${CALICO_GROUP}/v3` : `${CALICO_CRD_GROUP}/v1`;
    this.readOnly = !v3;
    if (!v3) {
      this.readOnlyReason = v1
        ? "only crd.projectcalico.org/v1 is served (no Calico API server): Calico resources are read-only, since writing the v1 CRDs directly bypasses Calico's validation and defaulting"
        : "Calico's APIs (projectcalico.org/v3) are not served by this cluster";
    }
  }

  /** Connects: discovers the served group versions (unless given) and returns the backend. */
  static async connect(id: string, transport: KubeTransport, options: KubernetesBackendOptions = {}): Promise<KubernetesBackend> {
    const served = options.servedGroupVersions ?? (await discover(transport));
    return new KubernetesBackend(id, transport, served);
  }

  /** The resource a kind is read and written through on this cluster. */
  resourceFor(kind: ClusterKind): ApiResource {
    const canonical = canonicalApiResource(kind);
    if (canonical.group !== CALICO_GROUP) return canonical;
    const [group = CALICO_GROUP, version = "v3"] = this.calicoGroupVersion.split("/");
    return findApiResource(group, version, canonical.plural) ?? canonical;
  }

  async list<K extends ClusterKind>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    const r = this.resourceFor(kind);
    const res = await this.transport.request({
      method: "GET",
      path: collectionPath(r, options.namespace),
      query: { labelSelector: options.labelSelector, limit: options.limit?.toString(), continue: options.continue },
    });
    if (res.status !== 200 || !isJsonObject(res.body)) failure(res);
    const meta = isJsonObject(res.body["metadata"]) ? res.body["metadata"] : {};
    const raw = Array.isArray(res.body["items"]) ? res.body["items"] : [];
    const items = raw.map((i) => this.fromWire(i, r)).filter((o) => options.tier === undefined || tierOf(o) === options.tier);
    const cont = typeof meta["continue"] === "string" && meta["continue"] !== "" ? meta["continue"] : undefined;
    const remaining = options.tier === undefined && typeof meta["remainingItemCount"] === "number" ? meta["remainingItemCount"] : undefined;
    // fromWire keeps the kind of the resource it was read from: K.
    return {
      items: items as ObjectOfKind<K>[],
      resourceVersion: String(meta["resourceVersion"] ?? ""),
      ...(cont !== undefined ? { continue: cont } : {}),
      ...(remaining !== undefined ? { remainingItemCount: remaining } : {}),
    };
  }

  async get<K extends ClusterKind>(kind: K, name: string, namespace?: string): Promise<ObjectOfKind<K>> {
    const r = this.resourceFor(kind);
    const res = await this.transport.request({ method: "GET", path: itemPath(r, name, namespace) });
    if (res.status !== 200) failure(res);
    return this.fromWire(res.body, r) as ObjectOfKind<K>; // read from K's resource
  }

  async create<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const valid = this.validateForWrite(obj);
    const r = this.resourceFor(valid.kind);
    const send = (dryRun: boolean) =>
      this.transport.request({ method: "POST", path: collectionPath(r, valid.metadata.namespace), query: writeQuery(dryRun, options), body: this.toWire(valid, r) });
    const dry = await send(true);
    if (dry.status !== 200 && dry.status !== 201) failure(dry);
    if (options.dryRun === true) return this.fromWire(dry.body, r) as ObjectOfKind<K>;
    const res = await send(false);
    if (res.status !== 200 && res.status !== 201) failure(res);
    return this.fromWire(res.body, r) as ObjectOfKind<K>; // written through K's resource
  }

  async update<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const valid = this.validateForWrite(obj);
    if (!valid.metadata.resourceVersion) throw new ValidationError("metadata.resourceVersion is required for an update", [{ path: "metadata.resourceVersion", message: "Required value" }]);
    const r = this.resourceFor(valid.kind);
    const path = itemPath(r, valid.metadata.name, valid.metadata.namespace);
    if (this.applySupported !== false) {
      const applied = await this.updateByApply(valid, r, path, options);
      if (applied !== undefined) return applied as ObjectOfKind<K>; // written through K's resource
    }
    const send = (dryRun: boolean) => this.transport.request({ method: "PUT", path, query: writeQuery(dryRun, options), body: this.toWire(valid, r) });
    const dry = await send(true);
    if (dry.status !== 200) await this.conflictOrFail(dry, valid);
    if (options.dryRun === true) return this.fromWire(dry.body, r) as ObjectOfKind<K>;
    const res = await send(false);
    if (res.status !== 200) await this.conflictOrFail(res, valid);
    return this.fromWire(res.body, r) as ObjectOfKind<K>; // written through K's resource
  }

  async patchLabels<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, change: LabelChange, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    this.assertWritable(kind);
    const errors = checkLabelChange(kind, change);
    if (errors.length > 0) throw new ValidationError(`invalid labels: ${errors[0]?.path ?? ""}: ${errors[0]?.message ?? ""}`, errors);
    const r = this.resourceFor(kind);
    // A merge patch with metadata.resourceVersion is a precondition: the API server answers 409
    // when the object moved on. Nothing but the labels is sent, so unmodelled fields stay as they are.
    const res = await this.transport.request({
      method: "PATCH",
      path: itemPath(r, name, namespace),
      query: writeQuery(options.dryRun === true, options),
      contentType: "application/merge-patch+json",
      body: toLabelMergePatch(change, options.resourceVersion),
    });
    if (res.status !== 200) {
      if (res.status === 409) failure(res, await this.get(kind, name, namespace).catch(() => undefined));
      failure(res);
    }
    return this.fromWire(res.body, r) as ObjectOfKind<K>; // patched through K's resource
  }

  async delete<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    this.assertWritable(kind);
    const r = this.resourceFor(kind);
    const before = await this.get(kind, name, namespace);
    const body = { kind: "DeleteOptions", apiVersion: "v1", ...(options.resourceVersion !== undefined ? { preconditions: { resourceVersion: options.resourceVersion } } : {}), ...(options.dryRun === true ? { dryRun: ["All"] } : {}) };
    const res = await this.transport.request({ method: "DELETE", path: itemPath(r, name, namespace), body, ...(options.dryRun === true ? { query: { dryRun: "All" } } : {}) });
    if (res.status !== 200 && res.status !== 202) await this.conflictOrFail(res, before);
    return before;
  }

  async apply(objects: readonly ClusterObject[], options: WriteOptions): Promise<readonly AppliedObject[]> {
    const errors = objects.flatMap((o, i) => {
      const v = validateClusterObject(o);
      return v.object ? [] : prefixFieldErrors(i, v.errors);
    });
    if (errors.length > 0) throw new ValidationError(`invalid object: ${errors[0]?.path}: ${errors[0]?.message}`, errors);
    const order = objects.map((o, i) => ({ o, i })).sort((a, b) => (APPLY_PRIORITY[a.o.kind] ?? 9) - (APPLY_PRIORITY[b.o.kind] ?? 9) || a.i - b.i);
    // A real cluster has no multi-object transaction: every document is dry-run first, so an
    // invalid or conflicting document stops the apply before anything is written.
    const plans: { i: number; obj: ClusterObject; dry: ClusterObject; current?: ClusterObject }[] = [];
    for (const { o, i } of order) {
      const current = await this.get(o.kind, o.metadata.name, o.metadata.namespace).catch((e: unknown) => {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      });
      // A resourceVersion in the document is a precondition; otherwise the version just read.
      const version = o.metadata.resourceVersion !== undefined && o.metadata.resourceVersion !== "" ? o.metadata.resourceVersion : current?.metadata.resourceVersion;
      const obj = current ? ({ ...o, metadata: { ...o.metadata, resourceVersion: version } } as ClusterObject) : o; // same variant, version set
      // Limitation: an object in a namespace created by the same apply fails its dry run.
      const dry = await this.indexed(i, () => (current ? this.update(obj, { ...options, dryRun: true }) : this.create(obj, { ...options, dryRun: true })));
      plans.push({ i, obj, dry, ...(current ? { current } : {}) });
    }
    const out = new Array<AppliedObject>(objects.length);
    for (const { i, obj, dry, current } of plans) {
      const unchanged = current !== undefined && sameContent(current, obj);
      const written = unchanged ? current : options.dryRun === true ? dry : await this.indexed(i, () => (current ? this.update(obj, options) : this.create(obj, options)));
      out[i] = { kind: obj.kind, name: obj.metadata.name, ...(isNamespacedKind(obj.kind) ? { namespace: obj.metadata.namespace ?? "" } : {}), outcome: unchanged ? "unchanged" : current ? "configured" : "created", object: written };
    }
    return out;
  }

  watch<K extends ClusterKind>(kind: K, options: WatchOptions): AsyncIterable<WatchEvent<ObjectOfKind<K>>> {
    // Events of a kind-K watch carry objects read from K's resource.
    return this.watchKind(kind, options) as AsyncIterable<WatchEvent<ObjectOfKind<K>>>;
  }

  /**
   * An informer-style stream: every page of the list as one SYNC, then the watch from the list's
   * version; after a 410 (compacted) it relists and sends a new SYNC. Ends when the signal aborts.
   */
  async *listAndWatch(kind: ClusterKind, options: Omit<WatchOptions, "resourceVersion">): AsyncGenerator<{ type: "SYNC"; items: readonly ClusterObject[]; resourceVersion: string } | WatchEvent> {
    while (!options.signal?.aborted) {
      const items: ClusterObject[] = [];
      let page = await this.list(kind, { ...listOptionsOf(options), limit: 500 });
      items.push(...page.items);
      while (page.continue !== undefined) {
        page = await this.list(kind, { ...listOptionsOf(options), limit: 500, continue: page.continue });
        items.push(...page.items);
      }
      yield { type: "SYNC", items, resourceVersion: page.resourceVersion };
      try {
        yield* this.watchKind(kind, { ...options, resourceVersion: page.resourceVersion });
      } catch (e) {
        if (!(e instanceof GoneError)) throw e;
      }
    }
  }

  private async *watchKind(kind: ClusterKind, options: WatchOptions): AsyncGenerator<WatchEvent> {
    const r = this.resourceFor(kind);
    let from = options.resourceVersion;
    const signal = options.signal ?? new AbortController().signal;
    // Streams that end before delivering anything (a misbehaving server or proxy closing at
    // once) are reopened after a capped exponential back-off with full jitter, not at once.
    let emptyStreams = 0;
    while (!signal.aborted) {
      if (emptyStreams > 0) await pause(backoffDelay(emptyStreams - 1, WATCH_RECONNECT), signal);
      if (signal.aborted) return;
      emptyStreams++;
      let res;
      try {
        res = await this.transport.stream(
          { path: collectionPath(r, options.namespace), query: { watch: "true", resourceVersion: from, allowWatchBookmarks: "true", labelSelector: options.labelSelector } },
          signal,
        );
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      if (res.status !== 200) {
        const text = await readText(res.stream);
        failure({ status: res.status, body: safeJson(text) });
      }
      try {
        for await (const ev of readWatchLines(res.stream)) {
          if (ev.type === "ERROR") failure({ status: isK8sStatus(ev.object) ? ev.object.code : 500, body: ev.object });
          emptyStreams = 0;
          const obj = ev.type === "BOOKMARK" ? undefined : this.fromWire(ev.object, r);
          const meta = isJsonObject(ev.object) && isJsonObject(ev.object["metadata"]) ? ev.object["metadata"] : {};
          if (typeof meta["resourceVersion"] === "string") from = meta["resourceVersion"];
          if (obj === undefined) continue;
          if (options.tier !== undefined && tierOf(obj) !== options.tier) continue;
          yield { type: ev.type === "ADDED" || ev.type === "MODIFIED" || ev.type === "DELETED" ? ev.type : "MODIFIED", object: obj };
        }
      } catch (e) {
        if (signal.aborted && !isDomainError(e)) return;
        throw e;
      }
      // The server closed the stream (its timeout): resume from the last version seen.
    }
  }

  /**
   * An update as a server-side apply of the whole object by the write's field manager
   * (`palisade`): fields it applied before and no longer sends are removed, fields of other
   * managers it does not mention stay (unlike a PUT, which also drops fields Palisade does not
   * model), and metadata.resourceVersion stays a precondition (409 → ConflictError as for a PUT).
   * Returns undefined when the write must be a PUT instead:
   *  - the server does not take apply patches (415, 405, or 404 without a NotFound Status: servers
   *    before server-side apply); remembered for this cluster;
   *  - the edit removes fields an apply would keep (owned by another manager, by nobody, or by an
   *    earlier PUT): removing them is an Update, as `kubectl edit` does.
   * The apply is forced. Every console update carries the resourceVersion of the live object the
   * user edited (the editor, the board, Apply YAML's three-way merge against the live object), so
   * nothing the user did not see is overwritten (a stale version is a 409 as ever), and the
   * fields they changed move to Palisade's Apply entry from whoever owned them — as `kubectl edit`
   * and the console's PUT did before. Refusing instead would leave every object created by
   * kubectl, Flux or Argo CD uneditable in the console. The other manager sees the takeover as a
   * conflict at its next apply (Flux forces; Argo CD reports drift), which is upstream's model.
   */
  private async updateByApply(valid: ClusterObject, r: ApiResource, path: string, options: WriteOptions): Promise<ClusterObject | undefined> {
    const manager = options.fieldManager ?? PALISADE_FIELD_MANAGER;
    const liveRes = await this.transport.request({ method: "GET", path });
    if (liveRes.status !== 200 || !isJsonObject(liveRes.body)) failure(liveRes);
    const config = applyBodyOf(this.toWire(valid, r) as JsonObject); // a wire object is a JSON record
    // Compared with what Palisade models of the live object, so unmodelled fields never count as removed.
    const live = { ...(this.toWire(this.fromWire(liveRes.body, r), r) as JsonObject), metadata: liveRes.body["metadata"] };
    if (removalsKeptByApply(live, config, manager, ssaSchemaForKind(r.wireKind)).length > 0) return undefined;
    const send = (dryRun: boolean) =>
      this.transport.request({ method: "PATCH", path, query: { ...writeQuery(dryRun, options), force: "true" }, contentType: "application/apply-patch+yaml", body: config });
    const attempt = async (dryRun: boolean): Promise<KubeResponse | undefined> => {
      const res = await send(dryRun);
      if (applyUnsupported(res)) {
        this.applySupported = false;
        return undefined;
      }
      this.applySupported = true;
      if (res.status !== 200 && res.status !== 201) await this.conflictOrFail(res, valid);
      return res;
    };
    const dry = await attempt(true);
    if (dry === undefined) return undefined;
    if (options.dryRun === true) return this.fromWire(dry.body, r);
    const res = await attempt(false);
    return res === undefined ? undefined : this.fromWire(res.body, r);
  }

  private async indexed<T>(index: number, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`[${index}]. ${e.message}`, prefixFieldErrors(index, e.errors));
      if (isDomainError(e) && e instanceof ConflictError) throw new ConflictError(`[${index}]. ${e.message}`, e.current);
      throw e;
    }
  }

  private async conflictOrFail(res: KubeResponse, obj: ClusterObject): Promise<never> {
    if (res.status === 409) {
      const current = await this.get(obj.kind, obj.metadata.name, obj.metadata.namespace).catch(() => undefined);
      failure(res, current);
    }
    failure(res);
  }

  private assertWritable(kind: ClusterKind): void {
    if (this.readOnly && canonicalApiResource(kind).group === CALICO_GROUP) throw new ForbiddenError(`cluster "${this.id}" is read-only: ${this.readOnlyReason ?? ""}`);
  }

  private validateForWrite(obj: ClusterObject): ClusterObject {
    this.assertWritable(obj.kind);
    const v = validateClusterObject(obj);
    if (v.object === undefined) throw new ValidationError(`invalid object: ${v.errors[0]?.path ?? ""}: ${v.errors[0]?.message ?? ""}`, v.errors);
    return v.object;
  }

  private toWire(obj: ClusterObject, r: ApiResource): Readonly<Record<string, unknown>> {
    return toServedObject(toWireObject(obj), r);
  }

  /** A wire object from the server → the model (Calico kinds normalised by lib/calico; unknown fields kept for core kinds). */
  private fromWire(raw: unknown, r: ApiResource): ClusterObject {
    const obj = isJsonObject(raw) ? raw : {};
    if (r.group === CORE_GROUP) {
      const { apiVersion: _a, ...rest } = obj;
      return { ...rest, kind: r.kind } as ClusterObject; // a core object of the resource's kind, fields as served
    }
    const v = validateClusterObject({ ...obj, apiVersion: toApiVersion(r.group, r.version), kind: r.wireKind });
    // An object the server holds but our validator rejects is still shown, as served.
    return v.object ?? ({ ...obj, kind: r.kind } as ClusterObject); // kind set; fields as served
  }
}

/** The query of a write: strict validation, dry run, and the field manager of its managedFields entry (`palisade` for the console's own writes). */
function writeQuery(dryRun: boolean, options: WriteOptions): Record<string, string | undefined> {
  return { fieldValidation: "Strict", dryRun: dryRun ? "All" : undefined, fieldManager: options.fieldManager ?? PALISADE_FIELD_MANAGER };
}

/** Whether a response to an apply patch says the server does not take them (it predates server-side apply). */
function applyUnsupported(res: KubeResponse): boolean {
  if (res.status === 415 || res.status === 405) return true;
  return res.status === 404 && !(isK8sStatus(res.body) && res.body.reason === "NotFound");
}

function listOptionsOf(o: Omit<WatchOptions, "resourceVersion">): ListOptions {
  return { ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.labelSelector !== undefined ? { labelSelector: o.labelSelector } : {}), ...(o.tier !== undefined ? { tier: o.tier } : {}) };
}

function sameContent(a: ClusterObject, b: ClusterObject): boolean {
  const pick = (o: ClusterObject) => JSON.stringify({ spec: "spec" in o ? o.spec : undefined, labels: o.metadata.labels ?? {}, annotations: o.metadata.annotations ?? {} });
  return pick(a) === pick(b);
}

async function discover(transport: KubeTransport): Promise<string[]> {
  const res = await transport.request({ method: "GET", path: "/apis" });
  if (res.status !== 200 || !isJsonObject(res.body)) failure(res);
  const groups = Array.isArray(res.body["groups"]) ? res.body["groups"] : [];
  return groups.flatMap((g) => (isJsonObject(g) && Array.isArray(g["versions"]) ? g["versions"].flatMap((v) => (isJsonObject(v) && typeof v["groupVersion"] === "string" ? [v["groupVersion"]] : [])) : []));
}

async function readText(stream: AsyncIterable<unknown>): Promise<string> {
  let s = "";
  for await (const c of stream) s += String(c);
  return s;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Back-off of watch reconnects after streams that delivered nothing (see watchKind). */
export const WATCH_RECONNECT: BackoffPolicy = { baseMs: 250, capMs: 30_000, maxRetries: Number.MAX_SAFE_INTEGER };

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
