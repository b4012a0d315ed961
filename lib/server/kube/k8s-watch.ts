import "server-only";
/**
 * `?watch=true` on a collection: a chunked stream of newline-delimited `{"type","object"}`
 * events from ClusterBackend.watch. It starts at `resourceVersion` (unset or "0": the current
 * state as ADDED events first, as the apiserver does), ends after `timeoutSeconds` (default 30
 * minutes, the apiserver's minimum request timeout) or when the client goes away, and reports a
 * compacted start version as an ERROR event carrying a 410 Expired Status (HTTP 200 already
 * sent, as upstream), after which the client relists.
 */
import type { WatchEvent } from "@/lib/cluster/backend";
import { isDomainError } from "@/lib/errors";
import type { ReadQuery } from "@/lib/k8s-api/query";
import { matchesFieldSelector } from "@/lib/k8s-api/query";
import { buildFailureStatus } from "@/lib/k8s-api/status";
import { toK8sStatus } from "@/lib/k8s-api/status-mapping";
import { buildWatchEventLine } from "@/lib/k8s-api/wire";
import { subjectOf } from "@/lib/server/kube/k8s-body";
import type { ObjectRequest } from "@/lib/server/kube/k8s-objects";
import { served } from "@/lib/server/kube/k8s-objects";
import { log, toErrorFields } from "@/lib/server/log";

const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

/** Streams a watch; see the module comment. */
export function watchMany(r: ObjectRequest, q: ReadQuery): Response {
  const abort = new AbortController();
  const timeoutMs = (q.timeoutSeconds && q.timeoutSeconds > 0 ? q.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const onClientGone = (): void => abort.abort();
  r.req.signal.addEventListener("abort", onClientGone);
  const events = r.backend.watch(r.resource.kind, {
    resourceVersion: q.resourceVersion ?? "0",
    signal: abort.signal,
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
  });
  const iterator = events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let cancelled = false;
  const finish = (): void => {
    clearTimeout(timer);
    r.req.signal.removeEventListener("abort", onClientGone);
    abort.abort();
  };
  // The iterator waits for writes; a timeout or a vanished client must end that wait, so each
  // next() races the abort signal.
  const aborted = new Promise<IteratorResult<WatchEvent>>((resolve) => {
    abort.signal.addEventListener("abort", () => resolve({ done: true, value: undefined }), { once: true });
  });
  const line = (type: string, object: unknown): Uint8Array => encoder.encode(buildWatchEventLine(type, object as Readonly<Record<string, unknown>>) + "\n"); // objects are JSON objects
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await Promise.race([iterator.next(), aborted]);
          if (next.done === true) {
            finish();
            if (!cancelled) controller.close();
            void iterator.return?.();
            return;
          }
          if (cancelled) return;
          const ev = next.value;
          if (ev.type === "BOOKMARK") {
            if (!q.allowWatchBookmarks) continue;
            const rv = ev.object.metadata.resourceVersion ?? "";
            controller.enqueue(line("BOOKMARK", { apiVersion: served(ev.object, r.resource)["apiVersion"], kind: r.resource.wireKind, metadata: { resourceVersion: rv } }));
            return;
          }
          if (!matchesFieldSelector(q.fieldSelector, ev.object.metadata.name, ev.object.metadata.namespace)) continue;
          controller.enqueue(line(ev.type, served(ev.object, r.resource)));
          return;
        }
      } catch (e) {
        const status = isDomainError(e) ? toK8sStatus(e, subjectOf(r.resource)) : buildFailureStatus("InternalError", "the watch failed; see the server log");
        if (!isDomainError(e)) log.error("watch failed", { resource: r.resource.plural, error: toErrorFields(e) });
        finish();
        if (cancelled) return;
        controller.enqueue(line("ERROR", status));
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
      finish();
      void iterator.return?.();
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}
