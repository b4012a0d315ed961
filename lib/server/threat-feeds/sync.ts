import "server-only";
/**
 * The GlobalThreatFeed sync of one cluster, run by the leader (background.ts) every few
 * seconds:
 *   1. pull every due feed (lib/threat-feeds decides what is due) through the safe outbound
 *      fetcher, parse it by its format and record the outcome (ThreatFeedState);
 *   2. keep each enabled feed's GlobalNetworkSet `threatfeed.<name>` equal to its last good
 *      pull (created, updated, re-created if someone deleted it);
 *   3. remove sets whose feed is gone, disabled or no longer asks for a set;
 *   4. write `status.lastSuccessfulSync` / `status.errorConditions` onto the feed object when
 *      they differ from the stored state.
 * A failed pull or write becomes an error condition on the feed; nothing here throws for one
 * bad feed. Error condition types follow Calico Enterprise: `PullFailed` and
 * `GlobalNetworkSetSyncFailed`.
 */
import type { ClusterBackend, ConfigMapObject, SecretObject } from "@/lib/cluster/backend";
import { NotFoundError } from "@/lib/errors";
import type { GlobalNetworkSet, GlobalThreatFeed, GlobalThreatFeedStatus } from "@/lib/calico/types";
import {
  buildFeedSet,
  extractFeedEntries,
  feedContent,
  feedHeaders,
  headerValueFrom,
  feedOfSet,
  feedSpecKey,
  hasFeedSet,
  isFeedDue,
  isSameFeedSet,
  normaliseEntries,
  parseFeedFormat,
  THREAT_FEED_REF_NAMESPACE,
  threatFeedSetName,
} from "@/lib/threat-feeds";
import { getPrisma } from "@/lib/server/db";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { listAll } from "@/lib/server/policy/snapshot";
import { outboundFetch, OutboundError } from "@/lib/server/outbound/fetch";
import type { FeedErrorCondition, ThreatFeedStateRow } from "@/lib/server/threat-feeds/store";
import { forgetFeeds, readFeedStates, recordPull } from "@/lib/server/threat-feeds/store";

/** The actor recorded in the audit log for the sync's writes. */
export const THREAT_FEED_ACTOR = "system:threat-feeds";
/** Most entries one feed may hold; a bigger feed is refused with a message. */
export const MAX_FEED_ENTRIES = 100_000;
const PULL_TIMEOUT_MS = 30_000;

type PullOutcome = { readonly ok: true; readonly entries: readonly string[]; readonly skipped: number } | { readonly ok: false; readonly condition: FeedErrorCondition };

const pullFailed = (message: string): PullOutcome => ({ ok: false, condition: { type: "PullFailed", message } });

/**
 * The headers of a pull: literal values, and values read from a ConfigMap or Secret in the
 * namespace Calico Enterprise reads them from (lib/threat-feeds/headers.ts), through the
 * cluster's backend (the embedded store, or the Kubernetes API of a real cluster). Never throws:
 * a missing object or key, or a refused read, is an error naming it.
 */
async function headersOf(backend: ClusterBackend, feed: GlobalThreatFeed): Promise<{ headers: Record<string, string> } | { error: string }> {
  const parsed = feedHeaders(feed);
  if (!parsed.ok) return { error: parsed.error };
  const headers: Record<string, string> = {};
  for (const h of parsed.value) {
    if (h.source.from === "value") {
      headers[h.name] = h.source.value;
      continue;
    }
    let obj: ConfigMapObject | SecretObject | undefined;
    try {
      obj = await backend.get(h.source.from, h.source.name, THREAT_FEED_REF_NAMESPACE);
    } catch (e) {
      if (!(e instanceof NotFoundError)) {
        const what = `${h.source.from === "Secret" ? "secret" : "configmap"} ${THREAT_FEED_REF_NAMESPACE}/${h.source.name}`;
        return { error: `header "${h.name}": ${what} could not be read: ${e instanceof Error ? e.message : "unknown error"}` };
      }
    }
    const value = headerValueFrom(h.name, h.source, obj);
    if (!value.ok) return { error: value.error };
    if (value.value !== undefined) headers[h.name] = value.value;
  }
  return { headers };
}

/** Pulls and parses one feed; never throws. */
export async function pullFeed(backend: ClusterBackend, feed: GlobalThreatFeed, signal?: AbortSignal): Promise<PullOutcome> {
  const http = feed.spec.pull?.http;
  if (http === undefined) return pullFailed("the feed has no spec.pull.http");
  const format = parseFeedFormat(http.format);
  if (!format.ok) return pullFailed(`${format.error.path}: ${format.error.message}`);
  const h = await headersOf(backend, feed);
  if ("error" in h) return pullFailed(h.error);
  let body: string;
  try {
    const res = await outboundFetch({ url: http.url, headers: h.headers, timeoutMs: PULL_TIMEOUT_MS, ...(signal !== undefined ? { signal } : {}) });
    if (res.status < 200 || res.status >= 300) return pullFailed(`${http.url} answered HTTP ${res.status}`);
    body = res.body;
  } catch (e) {
    return pullFailed(e instanceof OutboundError ? e.message : "the pull failed");
  }
  const raw = extractFeedEntries(body, format.value);
  if (!raw.ok) return pullFailed(raw.error);
  const content = feedContent(feed);
  const n = normaliseEntries(raw.value, content);
  if (n.entries.length === 0 && n.skipped > 0) {
    const what = content === "IPSet" ? "an IP address or CIDR" : "a domain name";
    return pullFailed(`none of the ${n.skipped} entries is ${what} (for example "${n.skippedExamples[0] ?? ""}")`);
  }
  if (n.entries.length > MAX_FEED_ENTRIES) return pullFailed(`the feed has ${n.entries.length} entries; Palisade keeps at most ${MAX_FEED_ENTRIES}`);
  return { ok: true, entries: n.entries, skipped: n.skipped };
}

function currentState(feed: GlobalThreatFeed, row: ThreatFeedStateRow | undefined): ThreatFeedStateRow | undefined {
  return row !== undefined && row.feedUid === (feed.metadata.uid ?? feed.metadata.name) ? row : undefined;
}

/** Creates, updates or leaves the feed's set; returns an error condition when the write failed. */
async function ensureSet(backend: ClusterBackend, feed: GlobalThreatFeed, entries: readonly string[], existing: GlobalNetworkSet | undefined): Promise<FeedErrorCondition | undefined> {
  const wanted = buildFeedSet(feed, entries);
  try {
    if (existing === undefined) await backend.create(wanted, { actor: THREAT_FEED_ACTOR });
    else if (feedOfSet(existing) !== feed.metadata.name) {
      return { type: "GlobalNetworkSetSyncFailed", message: `GlobalNetworkSet "${wanted.metadata.name}" exists and was not created by this feed; delete or rename it` };
    } else if (!isSameFeedSet(existing, wanted)) {
      await backend.update({ ...wanted, metadata: { ...existing.metadata, labels: wanted.metadata.labels ?? {} } }, { actor: THREAT_FEED_ACTOR });
    }
    return undefined;
  } catch (e) {
    return { type: "GlobalNetworkSetSyncFailed", message: e instanceof Error ? e.message : "the set could not be written" };
  }
}

function wantedStatus(row: ThreatFeedStateRow): GlobalThreatFeedStatus {
  return {
    ...(row.lastSuccessfulSync !== undefined ? { lastSuccessfulSync: row.lastSuccessfulSync.toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
    errorConditions: [...row.errorConditions],
  };
}

function sameStatus(a: GlobalThreatFeedStatus | undefined, b: GlobalThreatFeedStatus): boolean {
  return (a?.lastSuccessfulSync ?? "") === (b.lastSuccessfulSync ?? "") && JSON.stringify(a?.errorConditions ?? []) === JSON.stringify(b.errorConditions ?? []);
}

export interface FeedSyncResult {
  readonly name: string;
  readonly pulled: boolean;
  readonly entries: number;
  readonly errors: readonly FeedErrorCondition[];
}

export interface SyncOptions {
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

/** Runs one sync round for a cluster (see the module comment). */
export async function syncClusterFeeds(clusterId: string, options: SyncOptions = {}): Promise<readonly FeedSyncResult[]> {
  const now = options.now ?? new Date();
  const prisma = await getPrisma();
  const backend = await getClusterBackend(clusterId);
  const feeds = [...(await listAll(backend, "GlobalThreatFeed")).items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const sets = new Map((await listAll(backend, "GlobalNetworkSet")).items.map((s) => [s.metadata.name, s] as const));
  await forgetFeeds(prisma, clusterId, feeds.map((f) => f.metadata.name));
  let states = await readFeedStates(prisma, clusterId);
  const results: FeedSyncResult[] = [];

  for (const feed of feeds) {
    if (options.signal?.aborted === true) break;
    const row = currentState(feed, states.get(feed.metadata.name));
    const memory = row === undefined ? undefined : { feedUid: row.feedUid, specKey: row.specKey, lastAttemptAt: row.lastAttemptAt?.getTime(), syncRequestedAt: row.syncRequestedAt?.getTime() };
    if (!isFeedDue(feed, memory, now.getTime())) continue;
    const outcome = await pullFeed(backend, feed, options.signal);
    const errors: FeedErrorCondition[] = [];
    if (!outcome.ok) errors.push(outcome.condition);
    else if (hasFeedSet(feed)) {
      if (backend.readOnly) errors.push({ type: "GlobalNetworkSetSyncFailed", message: "the cluster connection is read-only" });
      else {
        const failed = await ensureSet(backend, feed, outcome.entries, sets.get(threatFeedSetName(feed.metadata.name)));
        if (failed !== undefined) errors.push(failed);
      }
    }
    await recordPull(prisma, clusterId, {
      feedName: feed.metadata.name,
      feedUid: feed.metadata.uid ?? feed.metadata.name,
      specKey: feedSpecKey(feed),
      at: now,
      ...(outcome.ok ? { success: { entries: outcome.entries, skipped: outcome.skipped } } : {}),
      errorConditions: errors,
    });
    results.push({ name: feed.metadata.name, pulled: outcome.ok, entries: outcome.ok ? outcome.entries.length : (row?.entryCount ?? 0), errors });
  }
  if (backend.readOnly) return results;

  // Sets follow the stored state: re-created when deleted, removed when their feed is gone.
  states = await readFeedStates(prisma, clusterId);
  const current = new Map((await listAll(backend, "GlobalNetworkSet")).items.map((s) => [s.metadata.name, s] as const));
  const byName = new Map(feeds.map((f) => [f.metadata.name, f] as const));
  for (const feed of feeds) {
    const row = currentState(feed, states.get(feed.metadata.name));
    if (!hasFeedSet(feed) || row?.lastSuccessfulSync === undefined) continue;
    const existing = current.get(threatFeedSetName(feed.metadata.name));
    if (existing === undefined || (feedOfSet(existing) === feed.metadata.name && !isSameFeedSet(existing, buildFeedSet(feed, row.entries)))) {
      await ensureSet(backend, feed, row.entries, existing);
    }
  }
  for (const set of current.values()) {
    const owner = feedOfSet(set);
    if (owner === undefined) continue;
    const feed = byName.get(owner);
    if (feed !== undefined && hasFeedSet(feed) && set.metadata.name === threatFeedSetName(owner)) continue;
    try {
      await backend.delete("GlobalNetworkSet", set.metadata.name, undefined, { actor: THREAT_FEED_ACTOR, ...(set.metadata.resourceVersion !== undefined ? { resourceVersion: set.metadata.resourceVersion } : {}) });
    } catch {
      // Changed or removed in between: the next round looks again.
    }
  }
  // Status onto the objects (a conflicting edit wins; the next round writes it again).
  for (const feed of feeds) {
    const row = currentState(feed, states.get(feed.metadata.name));
    if (row === undefined || row.lastAttemptAt === undefined) continue;
    const status = wantedStatus(row);
    if (sameStatus(feed.status, status)) continue;
    try {
      const fresh = await backend.get("GlobalThreatFeed", feed.metadata.name);
      if (fresh.metadata.uid !== feed.metadata.uid || sameStatus(fresh.status, status)) continue;
      await backend.update({ ...fresh, status }, { actor: THREAT_FEED_ACTOR });
    } catch {
      // A concurrent edit or a cluster that refuses status writes; the page reads the stored state.
    }
  }
  return results;
}
