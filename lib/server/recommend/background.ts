import "server-only";
/**
 * The recommendation engine's background loop, next to the flow simulator's: one console process
 * (leader lock `palisade:policy-recommendation`) wakes every few seconds and runs the engine for
 * each cluster whose recommendations are enabled and whose interval has passed since the last run.
 */
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import { getPrisma } from "@/lib/server/db";
import { listClusters } from "@/lib/server/cluster/registry";
import { log, toErrorFields } from "@/lib/server/log";
import { recomputeRecommendations } from "@/lib/server/recommend/namespaces";
import { readRecommendationSettings } from "@/lib/server/recommend/settings";

const WAKE_MS = 5000;

interface RecommendJobsGlobal {
  __palisadeRecommendJobs?: LeaderLoop;
}
// globalThis outlives module reloads in `next dev`, so a reload does not start a second loop.
const store = globalThis as typeof globalThis & RecommendJobsGlobal;

/** Runs the engine for every enabled cluster whose interval has passed. */
export async function tickRecommendations(now: number = Math.floor(Date.now() / 1000)): Promise<void> {
  const prisma = await getPrisma();
  for (const c of await listClusters()) {
    const s = await readRecommendationSettings(prisma, c.id);
    if (!s.enabled) continue;
    const last = s.lastRun !== undefined ? Math.floor(Date.parse(s.lastRun) / 1000) : undefined;
    if (last !== undefined && !Number.isNaN(last) && now - last < s.intervalSeconds) continue;
    try {
      await recomputeRecommendations(c.id, now);
    } catch (e) {
      log.error("policy recommendation run failed", { cluster: c.id, error: toErrorFields(e) });
    }
  }
}

/** Starts the loop once per process; returns it (or the running one). */
export function startRecommendationJobs(): LeaderLoop {
  if (store.__palisadeRecommendJobs !== undefined) return store.__palisadeRecommendJobs;
  const onError = (e: unknown): void => log.error("background job failed", { job: "policy-recommendation", error: toErrorFields(e) });
  const loop = startLeaderLoop("palisade:policy-recommendation", () => tickRecommendations(), { intervalMs: WAKE_MS, onError });
  store.__palisadeRecommendJobs = loop;
  return loop;
}

/** Stops the loop (graceful shutdown, tests). */
export async function stopRecommendationJobs(): Promise<void> {
  const loop = store.__palisadeRecommendJobs;
  store.__palisadeRecommendJobs = undefined;
  await loop?.stop();
}
