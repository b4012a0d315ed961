import "server-only";
/**
 * The Flows page's live mode: a server-sent-events stream of the rows stored after a given row
 * id, filtered like the list. Every console process reads the shared database, so a stream
 * served by one replica sees what another replica ingested; nothing lives in process memory.
 *
 * Wire format (text/event-stream): `event: flows` with a FlowStreamEvent as data and the newest
 * row id as the event id (EventSource sends it back as Last-Event-ID when it reconnects, so no
 * row is skipped across a reconnect); a `: keepalive` comment when nothing happened for a while.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { FlowFilterQuery, FlowStreamEvent, FlowStreamQuery } from "@/lib/contracts/flows";
import { getCluster } from "@/lib/server/cluster/registry";
import { latestFlowRowId, readFlowsAfter, STREAM_BATCH } from "@/lib/server/flows/query";

/** How often the stream looks for new rows: new rows reach the browser within this plus a read. */
export const STREAM_POLL_MS = 400;
/** A comment line after this much silence keeps proxies from closing the connection. */
const KEEPALIVE_MS = 15_000;
/** A stream ends after this long; EventSource reconnects with Last-Event-ID and resumes. */
const MAX_STREAM_MS = 10 * 60_000;

const ROW_ID = /^\d{1,19}$/;

/** Opens the stream. Throws NotFoundError (cluster) before any byte is sent. */
export async function openFlowStream(
  clusterId: string,
  query: FlowStreamQuery,
  options: { readonly lastEventId: string | null; readonly signal: AbortSignal },
): Promise<Response> {
  await getCluster(clusterId);
  const { after: afterParam, ...filters } = query;
  const resumeFrom = options.lastEventId !== null && ROW_ID.test(options.lastEventId) ? options.lastEventId : afterParam;
  const start = resumeFrom ?? (await latestFlowRowId(clusterId));
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener("abort", onAbort, { once: true });

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // The first bytes go out at once, so the browser's EventSource reports "open" right away.
      controller.enqueue(encoder.encode(`retry: 2000\n: stream of cluster ${clusterId} after row ${start}\n\n`));
      try {
        await pump(clusterId, filters, start, stop.signal, (chunk) => controller.enqueue(encoder.encode(chunk)));
      } catch (e) {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ message: e instanceof Error ? e.message : String(e) })}\n\n`));
      } finally {
        options.signal.removeEventListener("abort", onAbort);
        try {
          controller.close();
        } catch {
          // The client went away first; the stream is already closed.
        }
      }
    },
    cancel() {
      stop.abort();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
}

async function pump(clusterId: string, filters: FlowFilterQuery, start: string, signal: AbortSignal, send: (chunk: string) => void): Promise<void> {
  const started = Date.now();
  let after = start;
  let quietSince = Date.now();
  while (!signal.aborted && Date.now() - started < MAX_STREAM_MS) {
    const { items, last } = await readFlowsAfter(clusterId, filters, after);
    if (items.length > 0) {
      const event: FlowStreamEvent = { items, last };
      send(`id: ${last}\nevent: flows\ndata: ${JSON.stringify(event)}\n\n`);
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= KEEPALIVE_MS) {
      send(`id: ${last}\n: keepalive\n\n`);
      quietSince = Date.now();
    }
    after = last;
    // A full batch means more rows are waiting: read again at once.
    if (items.length < STREAM_BATCH) await sleep(STREAM_POLL_MS, undefined, { signal }).catch(() => undefined);
  }
}
