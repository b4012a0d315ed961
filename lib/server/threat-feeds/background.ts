import "server-only";
/**
 * The GlobalThreatFeed puller: one leader loop across every console process sharing the
 * database (advisory lock "palisade:threat-feeds"). Every 5 seconds it runs a sync round per
 * cluster; rounds are cheap when nothing is due (a list of feeds and one state query), and a new
 * feed or a "sync now" is picked up within one tick. A cluster that cannot be read is logged and
 * skipped; the others still run.
 */
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import { listClusters } from "@/lib/server/cluster/registry";
import { log, toErrorFields } from "@/lib/server/log";
import { syncClusterFeeds } from "@/lib/server/threat-feeds/sync";

const WAKE_MS = 5000;

interface ThreatFeedJobsGlobal {
  __palisadeThreatFeedJobs?: LeaderLoop;
}
// globalThis outlives module reloads in `next dev`, so a reload does not start a second loop.
const store = globalThis as typeof globalThis & ThreatFeedJobsGlobal;

/** One sync round over every cluster. */
export async function syncAllClusters(signal?: AbortSignal): Promise<void> {
  for (const c of await listClusters()) {
    if (signal?.aborted === true) return;
    try {
      for (const r of await syncClusterFeeds(c.id, signal !== undefined ? { signal } : {})) {
        if (r.errors.length > 0) log.warn("threat feed sync failed", { cluster: c.id, feed: r.name, errors: r.errors });
      }
    } catch (e) {
      log.warn("threat feeds of a cluster were not synced", { cluster: c.id, error: toErrorFields(e) });
    }
  }
}

/** Starts the puller once per process; returns it (or the running one). */
export function startThreatFeedJobs(): LeaderLoop {
  if (store.__palisadeThreatFeedJobs !== undefined) return store.__palisadeThreatFeedJobs;
  const onError = (e: unknown): void => log.error("background job failed", { job: "threat-feeds", error: toErrorFields(e) });
  const loop = startLeaderLoop("palisade:threat-feeds", (signal) => syncAllClusters(signal), { intervalMs: WAKE_MS, onError });
  store.__palisadeThreatFeedJobs = loop;
  return loop;
}

/** Stops the loop started by startThreatFeedJobs (graceful shutdown, tests). */
export async function stopThreatFeedJobs(): Promise<void> {
  const loop = store.__palisadeThreatFeedJobs;
  store.__palisadeThreatFeedJobs = undefined;
  await loop?.stop();
}
