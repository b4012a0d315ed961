import "server-only";
/**
 * The flow features' background work, run by exactly one console process across all that share
 * the database (a leader loop on an advisory lock): the traffic simulator's ticks, the next days'
 * flow-table partitions (partitions.ts), retention and the impact preview's hour summaries of the
 * last day (tuple-hours.ts; a preview computes any it still lacks itself).
 * The loop wakes every second; each cluster's own flush interval decides whether a tick runs an
 * interval, so a changed flowLogsFlushInterval applies at the next wake-up.
 */
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import { getPrisma, getSql } from "@/lib/server/db";
import { log, toErrorFields } from "@/lib/server/log";
import { pruneFlowLogs } from "@/lib/server/flows/retention";
import { ensurePartitionsAhead } from "@/lib/server/flows/partitions";
import { readRetentionDays } from "@/lib/server/flows/settings";
import { summariseRecentHours } from "@/lib/server/flows/tuple-hours";
import { tickAllClusters } from "@/lib/server/flows/simulator";

const WAKE_MS = 1000;
const PRUNE_EVERY_MS = 5 * 60 * 1000;

interface FlowJobsGlobal {
  __palisadeFlowJobs?: LeaderLoop;
}
// globalThis outlives module reloads in `next dev`, so a reload does not start a second loop.
const store = globalThis as typeof globalThis & FlowJobsGlobal;

/** Whether background jobs may run in this process (not in tests, not when switched off). */
export function backgroundJobsEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.PALISADE_BACKGROUND_JOBS !== "0" && env.NODE_ENV !== "test";
}

/** Starts the simulator and retention loop once per process; returns it (or the running one). */
export function startFlowBackgroundJobs(): LeaderLoop {
  if (store.__palisadeFlowJobs !== undefined) return store.__palisadeFlowJobs;
  let lastPrune = 0;
  const onError = (e: unknown): void => log.error("background job failed", { job: "flow-simulator", error: toErrorFields(e) });
  const loop = startLeaderLoop(
    "palisade:flow-simulator",
    async () => {
      await tickAllClusters();
      if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        const sql = await getSql();
        await ensurePartitionsAhead(sql, new Date());
        const pruned = await pruneFlowLogs(sql, new Date(), await readRetentionDays(await getPrisma()));
        if (pruned.flows + pruned.dns > 0) log.info("pruned expired flow logs", pruned);
        const hours = await summariseRecentHours(sql, Date.now() / 1000);
        if (hours > 0) log.info("summarised flow hours for the impact preview", { hours });
      }
    },
    { intervalMs: WAKE_MS, onError },
  );
  store.__palisadeFlowJobs = loop;
  return loop;
}

/** Stops the loop started by startFlowBackgroundJobs (graceful shutdown, tests). */
export async function stopFlowBackgroundJobs(): Promise<void> {
  const loop = store.__palisadeFlowJobs;
  store.__palisadeFlowJobs = undefined;
  await loop?.stop();
}
