import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
/**
 * Copies one cluster's flows from Goldmane into Palisade's flow store, so history outlives
 * Goldmane's one-hour ring:
 *
 * 1. on (re)connect, `Flows.List` pages through every complete 15-second bucket from the cursor
 *    (the oldest held on the first connect) up to a boundary two intervals back;
 * 2. then `Flows.Stream` from that boundary, which Goldmane first backfills and then feeds as
 *    buckets complete (one interval late, so each bucket arrives whole).
 *
 * Both ask for 15-second windows, so one key's window has the same interval whichever call
 * delivered it, and the flow store's idempotency key (interval + key fields, counters excluded)
 * makes the overlap after a reconnect, and any replay, land on the rows already written. Records
 * are ingested in batches and the cursor only moves past what has been committed. A failure
 * closes the channel and reconnects after a capped, jittered back-off.
 */
import type { FlowLog } from "@/lib/flows";
import type { BackoffPolicy } from "@/lib/k8s-api/backoff";
import { backoffDelay } from "@/lib/k8s-api/backoff";
import { toFlowLog } from "@/lib/goldmane/convert";
import type { GoldmaneFlowResult } from "@/lib/goldmane/wire";
import type { GoldmaneClient } from "@/lib/server/goldmane/client";

/** Goldmane's bucket width; Stream accepts no other interval. */
export const INTERVAL_S = 15;

export type GoldmaneSyncState = { readonly state: "connecting" | "ok" } | { readonly state: "failed"; readonly reason: string };

export interface GoldmaneSyncOptions {
  readonly clusterId: string;
  /** Opens a client (a new channel per connection attempt). */
  readonly connect: () => GoldmaneClient | Promise<GoldmaneClient>;
  /** Stores records; resolves after commit (ingestFlowLogs). */
  readonly ingest: (records: readonly FlowLog[]) => Promise<{ readonly accepted: number; readonly duplicates: number }>;
  readonly signal: AbortSignal;
  /** UNIX seconds to start from; 0 (default) = the oldest Goldmane holds. */
  readonly startCursor?: number;
  readonly backoff?: BackoffPolicy;
  readonly pageSize?: number;
  /** Ingest a partial batch after this long (ms). */
  readonly flushMs?: number;
  readonly batchSize?: number;
  readonly nowMs?: () => number;
  readonly onState?: (state: GoldmaneSyncState) => void;
  /** Records Goldmane sent that cannot be stored (an unknown policy kind…). */
  readonly onRejected?: (error: { readonly field: string; readonly message: string }) => void;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000, maxRetries: Number.MAX_SAFE_INTEGER };

/** Converts results, reporting the ones that cannot be stored. */
function convert(results: readonly GoldmaneFlowResult[], onRejected: GoldmaneSyncOptions["onRejected"]): FlowLog[] {
  const out: FlowLog[] = [];
  for (const r of results) {
    if (r.flow === undefined || r.flow === null) continue;
    const f = toFlowLog(r.flow);
    if (f.ok) out.push(f.value);
    else onRejected?.(f.error);
  }
  return out;
}

/** Runs until the signal aborts; never throws (failures reconnect). */
export async function runGoldmaneSync(options: GoldmaneSyncOptions): Promise<void> {
  const { signal } = options;
  const now = options.nowMs ?? Date.now;
  const pageSize = options.pageSize ?? 1000;
  const flushMs = options.flushMs ?? 1000;
  const batchSize = options.batchSize ?? 500;
  // Shared with streamInto, so a stream that fails still leaves the cursor past what it committed.
  const pos = { cursor: options.startCursor ?? 0 };
  let attempt = 0;
  while (!signal.aborted) {
    options.onState?.({ state: "connecting" });
    let client: GoldmaneClient | undefined;
    try {
      client = await options.connect();
      // Only whole buckets: the one in progress (and the one Goldmane may still be completing)
      // is left to the stream, which delivers it once complete.
      const boundary = Math.floor(now() / 1000 / INTERVAL_S) * INTERVAL_S - 2 * INTERVAL_S;
      let page = 0;
      let pages = 1;
      while (page < pages && !signal.aborted) {
        const res = await client.list({ start_time_gte: pos.cursor, start_time_lt: boundary, page, page_size: pageSize, aggregation_interval: INTERVAL_S });
        pages = Math.max(0, res.meta?.totalPages ?? 0);
        const records = convert(res.flows, options.onRejected);
        if (records.length > 0) await options.ingest(records);
        page++;
      }
      const from = Math.max(pos.cursor, boundary);
      pos.cursor = from;
      options.onState?.({ state: "ok" });
      attempt = 0;
      await streamInto(client, from, pos, options, { flushMs, batchSize });
    } catch (e) {
      if (signal.aborted) break;
      options.onState?.({ state: "failed", reason: e instanceof Error ? e.message : String(e) });
    } finally {
      client?.close();
    }
    if (signal.aborted) break;
    // Abort ends the wait early (the rejection is the abort, not a failure); the timer never keeps the process alive.
    await sleep(backoffDelay(attempt++, options.backoff ?? DEFAULT_BACKOFF), undefined, { signal, ref: false }).catch(() => undefined);
  }
}

/**
 * Streams from `from`, ingesting in batches and moving `pos.cursor` to the start of the latest
 * committed window. Throws when the stream or an ingest fails, after committing what it can.
 */
async function streamInto(client: GoldmaneClient, from: number, pos: { cursor: number }, options: GoldmaneSyncOptions, limits: { readonly flushMs: number; readonly batchSize: number }): Promise<void> {
  let buffer: GoldmaneFlowResult[] = [];
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const flush = (): Promise<void> => {
    if (buffer.length === 0) return chain;
    const batch = buffer;
    buffer = [];
    const newest = batch.reduce((m, r) => Math.max(m, r.flow?.start_time ?? 0), 0);
    chain = chain.then(async () => {
      if (failure !== undefined) return;
      try {
        const records = convert(batch, options.onRejected);
        if (records.length > 0) await options.ingest(records);
        // Windows arrive oldest first; resuming at the newest committed window start re-reads
        // at most that window, which the idempotency keys absorb.
        if (newest > pos.cursor) pos.cursor = newest;
      } catch (e) {
        failure = e;
      }
    });
    return chain;
  };
  const timer = setInterval(() => void flush(), limits.flushMs);
  timer.unref?.();
  try {
    for await (const result of client.stream({ start_time_gte: from, aggregation_interval: INTERVAL_S }, options.signal)) {
      buffer.push(result);
      if (buffer.length >= limits.batchSize) await flush();
      if (failure !== undefined) break;
    }
  } finally {
    clearInterval(timer);
    await flush();
  }
  if (failure !== undefined) throw failure;
}
