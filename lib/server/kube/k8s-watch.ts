import "server-only";
/**
 * `?watch=true` on a collection: a chunked stream of newline-delimited `{"type","object"}`
 * events, as the apiserver sends them.
 *
 * - The response starts at once: the first chunk (a BOOKMARK when bookmarks are allowed, else a
 *   bare newline, which every client's line/JSON decoder skips) makes the server flush the
 *   headers, so clients that wait for them (client-go, client-node's informer, `kubectl wait`)
 *   start even on a quiet collection.
 * - Start: without `resourceVersion` (or "0"), or with `sendInitialEvents=true`, the current
 *   state is listed and sent as ADDED events first; with `sendInitialEvents=true` (which needs
 *   `resourceVersionMatch=NotOlderThan` and `allowWatchBookmarks=true`, checked in query.ts) a
 *   BOOKMARK annotated `k8s.io/initial-events-end: "true"` follows them, as upstream. Otherwise
 *   events follow from the given version.
 * - `allowWatchBookmarks=true`: a BOOKMARK right after the start, then one per interval (60 s,
 *   about what the apiserver does). A bookmark carries the version of the last event sent (never
 *   a newer version, so a client resuming from it can never miss an event).
 * - Ends after `timeoutSeconds` (default 30 minutes, the apiserver's minimum request timeout)
 *   or when the client goes away. A compacted start version is an ERROR event carrying a 410
 *   Expired Status (HTTP 200 already sent, as upstream), after which the client relists.
 */
import type { ClusterObject, WatchEvent } from "@/lib/cluster/backend";
import { isDomainError } from "@/lib/errors";
import { toApiVersion } from "@/lib/k8s-api/api-resources";
import type { ReadQuery } from "@/lib/k8s-api/query";
import { matchesFieldSelector } from "@/lib/k8s-api/query";
import { buildFailureStatus } from "@/lib/k8s-api/status";
import { toK8sStatus } from "@/lib/k8s-api/status-mapping";
import { buildWatchEventLine } from "@/lib/k8s-api/wire";
import { subjectOf } from "@/lib/server/kube/k8s-body";
import type { ObjectRequest } from "@/lib/server/kube/k8s-objects";
import { served, tableRequest } from "@/lib/server/kube/k8s-objects";
import { buildTable } from "@/lib/k8s-api/table";
import { log, toErrorFields } from "@/lib/server/log";

const DEFAULT_TIMEOUT_SECONDS = 30 * 60;
const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
const INITIAL_PAGE = 500;

/** The annotation of the BOOKMARK that ends the initial events of a `sendInitialEvents` watch. */
export const INITIAL_EVENTS_END_ANNOTATION = "k8s.io/initial-events-end";

export interface WatchStreamOptions {
  /** Period of BOOKMARK events when bookmarks are allowed (tests shorten it). */
  readonly bookmarkIntervalMs?: number;
}

type Step = { readonly kind: "event"; readonly result: IteratorResult<WatchEvent> } | { readonly kind: "tick" } | { readonly kind: "end" };

/** Streams a watch; see the module comment. */
export function watchMany(r: ObjectRequest, q: ReadQuery, options: WatchStreamOptions = {}): Response {
  const abort = new AbortController();
  const timeoutMs = (q.timeoutSeconds && q.timeoutSeconds > 0 ? q.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
  const bookmarkMs = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const onClientGone = (): void => abort.abort();
  r.req.signal.addEventListener("abort", onClientGone);
  const ended = new Promise<Step>((resolve) => abort.signal.addEventListener("abort", () => resolve({ kind: "end" }), { once: true }));
  const encoder = new TextEncoder();
  const apiVersion = toApiVersion(r.resource.group, r.resource.version);
  const line = (type: string, object: Readonly<Record<string, unknown>>): Uint8Array => encoder.encode(buildWatchEventLine(type, object) + "\n");
  const bookmark = (rv: string, initialEnd = false): Uint8Array =>
    line("BOOKMARK", {
      apiVersion,
      kind: r.resource.wireKind,
      metadata: { resourceVersion: rv, ...(initialEnd ? { annotations: { [INITIAL_EVENTS_END_ANNOTATION]: "true" } } : {}) },
    });
  const table = tableRequest(r);
  let headersSent = false;
  /** The event's object: the served object, or a one-row Table (column definitions in the first only). */
  const eventObject = (o: ClusterObject): Readonly<Record<string, unknown>> => {
    const obj = served(o, r.resource);
    if (table === undefined) return obj;
    const out = buildTable([obj], { ...table, now: new Date(), noHeaders: headersSent });
    headersSent = true;
    return out;
  };
  const visible = (o: ClusterObject): boolean => matchesFieldSelector(q.fieldSelector, o.metadata.name, o.metadata.namespace);
  const scope = {
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
  };

  let lastRv = q.resourceVersion ?? "0";
  let iterator: AsyncIterator<WatchEvent> | undefined;
  let pending: Promise<Step> | undefined;
  let tick: Promise<Step> | undefined;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  let phase: "start" | "initial" | "follow" = "start";
  let initialItems: ClusterObject[] = [];

  const finish = (): void => {
    clearTimeout(timer);
    clearTimeout(tickTimer);
    r.req.signal.removeEventListener("abort", onClientGone);
    abort.abort();
    void iterator?.return?.();
  };

  /** Lists the current state (every page) and returns it with the list's version. */
  const listAll = async (): Promise<{ items: ClusterObject[]; resourceVersion: string }> => {
    const items: ClusterObject[] = [];
    let page = await r.backend.list(r.resource.kind, { ...scope, limit: INITIAL_PAGE });
    const resourceVersion = page.resourceVersion;
    items.push(...page.items);
    while (page.continue !== undefined && !abort.signal.aborted) {
      page = await r.backend.list(r.resource.kind, { ...scope, limit: INITIAL_PAGE, continue: page.continue });
      items.push(...page.items);
    }
    return { items, resourceVersion };
  };

  const nextStep = (): Promise<Step> => {
    if (iterator === undefined) {
      iterator = r.backend.watch(r.resource.kind, { ...scope, resourceVersion: lastRv, signal: abort.signal })[Symbol.asyncIterator]();
    }
    const it = iterator;
    pending ??= it.next().then((result): Step => ({ kind: "event", result }));
    const races: Promise<Step>[] = [pending, ended];
    if (q.allowWatchBookmarks) {
      tick ??= new Promise<Step>((resolve) => {
        tickTimer = setTimeout(() => resolve({ kind: "tick" }), bookmarkMs);
      });
      races.push(tick);
    }
    return Promise.race(races);
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (phase === "start") {
          // The first chunk goes out before any IO, so the headers are flushed at once.
          const startWithState = q.sendInitialEvents ?? (q.resourceVersion === undefined || q.resourceVersion === "0");
          if (!startWithState) {
            phase = "follow";
            controller.enqueue(q.allowWatchBookmarks ? bookmark(lastRv) : encoder.encode("\n"));
            return;
          }
          controller.enqueue(encoder.encode("\n"));
          const state = await listAll();
          initialItems = state.items.filter(visible);
          lastRv = state.resourceVersion;
          phase = "initial";
          return;
        }
        if (phase === "initial") {
          const batch = initialItems.splice(0, 100);
          if (batch.length > 0) {
            for (const o of batch) controller.enqueue(line("ADDED", eventObject(o)));
            return;
          }
          phase = "follow";
          if (q.allowWatchBookmarks) {
            controller.enqueue(bookmark(lastRv, q.sendInitialEvents === true));
            return;
          }
        }
        for (;;) {
          if (cancelled) return;
          const step = await nextStep();
          if (step.kind === "end" || (step.kind === "event" && step.result.done === true)) {
            finish();
            if (!cancelled) controller.close();
            return;
          }
          if (step.kind === "tick") {
            tick = undefined;
            controller.enqueue(bookmark(lastRv));
            return;
          }
          pending = undefined;
          const ev = step.result.value;
          const rv = ev.object.metadata.resourceVersion;
          if (rv !== undefined && rv !== "") lastRv = rv;
          if (ev.type === "BOOKMARK") {
            if (!q.allowWatchBookmarks) continue;
            controller.enqueue(bookmark(lastRv));
            return;
          }
          if (!visible(ev.object)) continue;
          controller.enqueue(line(ev.type, eventObject(ev.object)));
          return;
        }
      } catch (e) {
        const status = isDomainError(e) ? toK8sStatus(e, subjectOf(r.resource)) : buildFailureStatus("InternalError", "the watch failed; see the server log");
        if (!isDomainError(e)) log.error("watch failed", { resource: r.resource.plural, error: toErrorFields(e) });
        finish();
        if (cancelled) return;
        controller.enqueue(line("ERROR", status as unknown as Readonly<Record<string, unknown>>)); // a Status is a JSON object
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
      finish();
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}
