import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
/**
 * A watch cache in front of a KubernetesBackend: per kind, an informer (listAndWatch: list, then
 * watch, relist after 410) keeps every object in memory, so the board and lists read from memory
 * instead of listing the API server on every page load.
 *
 * - Reads (`list`, `get`) are served from a kind's cache once its first list has arrived; until
 *   then they pass through (and start the informer). A `get` that misses the cache asks the server.
 * - Writes pass through; what the server answers is put in the cache at once (read-your-writes,
 *   before the watch event arrives). An older watch event never replaces a newer object.
 * - A dropped connection marks the cluster stale (the cached objects are still served) and the
 *   informer reconnects by itself with capped, jittered back-off; the next full list makes it ok.
 * - An informer nobody read from for `idleMs` stops; the next read restarts it.
 *
 * Paging from the cache uses our own continue tokens (`cache:` prefix). Pages are cut from the
 * live cache, so unlike a Kubernetes list they are not one snapshot: an object written between
 * two pages may be missed or seen twice. The console only pages to read everything at once.
 */
import type { LabelChange } from "@/lib/cluster/labels";
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
import { buildObjectFilter, matchesFilter } from "@/lib/cluster/object-filter";
import type { BackoffPolicy } from "@/lib/k8s-api/backoff";
import { backoffDelay } from "@/lib/k8s-api/backoff";
import type { KubernetesBackend } from "@/lib/server/kube/backend";
import type { ClusterHealthState } from "@/lib/server/kube/health";
import { recordHealth } from "@/lib/server/kube/health";

export interface CacheOptions {
  /** Stop a kind's informer after this long without reads (ms). */
  readonly idleMs?: number;
  readonly backoff?: BackoffPolicy;
}

const DEFAULT_RECONNECT: BackoffPolicy = { baseMs: 500, capMs: 30_000, maxRetries: Number.MAX_SAFE_INTEGER };
const CONTINUE_PREFIX = "cache:";

/**
 * Kinds read straight from the server, never watched into memory: the console reads single
 * ConfigMap / Secret keys (threat-feed headers) and must not hold every Secret of the cluster.
 */
const UNCACHED_KINDS: ReadonlySet<ClusterKind> = new Set<ClusterKind>(["ConfigMap", "Secret"]);

const keyOf = (o: Pick<ClusterObject, "metadata">): string => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/** Whether `next` may replace `current`: numeric versions (etcd's) must not go backwards. */
function isNewer(current: ClusterObject | undefined, next: ClusterObject): boolean {
  const a = current?.metadata.resourceVersion;
  const b = next.metadata.resourceVersion;
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return true;
  return BigInt(b) >= BigInt(a);
}

type InformerState = "starting" | "watching" | "disconnected";

class KindInformer {
  readonly items = new Map<string, ClusterObject>();
  synced = false;
  everSynced = false;
  state: InformerState = "starting";
  resourceVersion = "";
  lastRead = Date.now();
  private readonly controller = new AbortController();

  constructor(
    private readonly backend: KubernetesBackend,
    readonly kind: ClusterKind,
    private readonly backoff: BackoffPolicy,
    private readonly onChange: (error?: unknown) => void,
  ) {
    void this.run();
  }

  stop(): void {
    this.controller.abort();
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  put(obj: ClusterObject): void {
    const k = keyOf(obj);
    if (isNewer(this.items.get(k), obj)) this.items.set(k, obj);
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        for await (const ev of this.backend.listAndWatch(this.kind, { signal })) {
          if (ev.type === "SYNC") {
            this.items.clear();
            for (const o of ev.items) this.items.set(keyOf(o), o);
            this.resourceVersion = ev.resourceVersion;
            this.synced = this.everSynced = true;
            this.state = "watching";
            attempt = 0;
            this.onChange();
          } else if (ev.type === "DELETED") {
            this.items.delete(keyOf(ev.object));
          } else if (ev.type !== "BOOKMARK") {
            this.put(ev.object);
          }
          if (ev.type !== "SYNC" && ev.object.metadata.resourceVersion) this.resourceVersion = ev.object.metadata.resourceVersion;
        }
      } catch (e) {
        if (signal.aborted) return;
        this.state = "disconnected";
        // Transport messages name the host only; a broken stream says just "aborted" and the like.
        this.onChange(new Error(`${this.kind} watch: ${e instanceof Error ? e.message : String(e)}`));
      }
      if (signal.aborted) return;
      // Abort ends the wait early (the rejection is the abort, not a failure); the timer never keeps the process alive.
      await sleep(backoffDelay(attempt++, this.backoff), undefined, { signal, ref: false }).catch(() => undefined);
    }
  }
}

function encodeContinue(after: string): string {
  return CONTINUE_PREFIX + Buffer.from(after, "utf8").toString("base64url");
}

function decodeContinue(token: string): string {
  return Buffer.from(token.slice(CONTINUE_PREFIX.length), "base64url").toString("utf8");
}

/** The ClusterBackend of a kubernetes cluster with a watch cache in front (see the module comment). */
export class CachedKubeBackend implements ClusterBackend {
  readonly id: string;
  readonly readOnly: boolean;
  readonly readOnlyReason?: string;
  private readonly informers = new Map<ClusterKind, KindInformer>();
  private readonly idleMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly idleTimer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    readonly inner: KubernetesBackend,
    options: CacheOptions = {},
  ) {
    this.id = inner.id;
    this.readOnly = inner.readOnly;
    if (inner.readOnlyReason !== undefined) this.readOnlyReason = inner.readOnlyReason;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.backoff = options.backoff ?? DEFAULT_RECONNECT;
    this.idleTimer = setInterval(() => this.stopIdle(), Math.min(this.idleMs, 60_000));
    this.idleTimer.unref?.();
    recordHealth(this.id, { state: "ok" });
  }

  /** Stops every informer (the cluster was removed or replaced). */
  close(): void {
    this.closed = true;
    clearInterval(this.idleTimer);
    for (const i of this.informers.values()) i.stop();
    this.informers.clear();
  }

  /** The cluster's health as the informers see it. */
  health(): ClusterHealthState {
    return this.currentState().state;
  }

  /** Whether `kind` is being served from memory (its informer has listed). */
  isWarm(kind: ClusterKind): boolean {
    return this.informers.get(kind)?.synced === true;
  }

  async list<K extends ClusterKind>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    const informer = this.informer(kind);
    const foreignToken = options.continue !== undefined && !options.continue.startsWith(CONTINUE_PREFIX);
    if (informer === undefined || !informer.synced || foreignToken) return this.inner.list(kind, options);
    const filter = buildObjectFilter(kind, options);
    let items = [...informer.items.entries()].filter(([, o]) => matchesFilter(o, filter)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (options.continue !== undefined) {
      const after = decodeContinue(options.continue);
      items = items.filter(([k]) => k > after);
    }
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
    const page = limit !== undefined ? items.slice(0, limit) : items;
    const more = limit !== undefined && items.length > limit;
    const last = page[page.length - 1];
    return {
      // Cached under kind K by the informer of kind K.
      items: page.map(([, o]) => o) as ObjectOfKind<K>[],
      resourceVersion: informer.resourceVersion,
      ...(more && last !== undefined ? { continue: encodeContinue(last[0]) } : {}),
    };
  }

  async get<K extends ClusterKind>(kind: K, name: string, namespace?: string): Promise<ObjectOfKind<K>> {
    const informer = this.informer(kind);
    const hit = informer?.synced === true ? informer.items.get(`${namespace ?? ""}/${name}`) : undefined;
    // Cached under kind K by the informer of kind K.
    if (hit !== undefined) return hit as ObjectOfKind<K>;
    // A miss may be an object written elsewhere whose event has not arrived: ask the server.
    return this.inner.get(kind, name, namespace);
  }

  async create<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const out = await this.inner.create(obj, options);
    if (options.dryRun !== true) this.remember(out);
    return out;
  }

  async update<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>> {
    const out = await this.inner.update(obj, options);
    if (options.dryRun !== true) this.remember(out);
    return out;
  }

  async patchLabels<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, change: LabelChange, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    const out = await this.inner.patchLabels(kind, name, namespace, change, options);
    if (options.dryRun !== true) this.remember(out);
    return out;
  }

  async delete<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, options: DeleteOptions): Promise<ObjectOfKind<K>> {
    const out = await this.inner.delete(kind, name, namespace, options);
    if (options.dryRun !== true) this.informers.get(kind)?.items.delete(`${namespace ?? ""}/${name}`);
    return out;
  }

  async apply(objects: readonly ClusterObject[], options: WriteOptions): Promise<readonly AppliedObject[]> {
    const out = await this.inner.apply(objects, options);
    if (options.dryRun !== true) for (const a of out) this.remember(a.object);
    return out;
  }

  watch<K extends ClusterKind>(kind: K, options: WatchOptions): AsyncIterable<WatchEvent<ObjectOfKind<K>>> {
    return this.inner.watch(kind, options);
  }

  private remember(obj: ClusterObject): void {
    this.informers.get(obj.kind)?.put(obj);
  }

  /** The informer of a kind, started on first use (undefined once closed, and for uncached kinds). */
  private informer(kind: ClusterKind): KindInformer | undefined {
    if (this.closed || UNCACHED_KINDS.has(kind)) return undefined;
    let i = this.informers.get(kind);
    if (i === undefined || i.stopped) {
      i = new KindInformer(this.inner, kind, this.backoff, (e) => this.report(e));
      this.informers.set(kind, i);
    }
    i.lastRead = Date.now();
    return i;
  }

  private stopIdle(): void {
    const now = Date.now();
    for (const [kind, i] of this.informers) {
      if (now - i.lastRead > this.idleMs) {
        i.stop();
        this.informers.delete(kind);
      }
    }
    this.report();
  }

  private currentState(error?: unknown): { readonly state: ClusterHealthState; readonly reason?: string } {
    const all = [...this.informers.values()];
    const reason = error === undefined ? undefined : error instanceof Error ? error.message : String(error);
    if (all.some((i) => i.state === "disconnected" && !i.everSynced)) return { state: "unavailable", ...(reason !== undefined ? { reason } : {}) };
    if (all.some((i) => i.state === "disconnected")) return { state: "stale", ...(reason !== undefined ? { reason } : {}) };
    return { state: "ok" };
  }

  private report(error?: unknown): void {
    if (this.closed) return;
    recordHealth(this.id, this.currentState(error));
  }
}
