import "server-only";
/**
 * The GlobalAlert scheduler: one leader loop across every console process sharing the database
 * (advisory lock "palisade:alerts"). Every few seconds it evaluates each cluster's alerts whose
 * period has passed, then sends due webhook notifications of fired events. A cluster that cannot be read (a real cluster offline) is logged and skipped;
 * the others still run.
 */
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import { listClusters } from "@/lib/server/cluster/registry";
import { log, toErrorFields } from "@/lib/server/log";
import { evaluateClusterAlerts } from "@/lib/server/alerts/evaluate";
import { deliverDueWebhooks } from "@/lib/server/alerts/webhooks";
import { getPrisma } from "@/lib/server/db";

const WAKE_MS = 5000;

interface AlertJobsGlobal {
  __palisadeAlertJobs?: LeaderLoop;
}
// globalThis outlives module reloads in `next dev`, so a reload does not start a second loop.
const store = globalThis as typeof globalThis & AlertJobsGlobal;

/** Evaluates the due alerts of every cluster once, then delivers due webhook notifications. */
export async function evaluateAllClusters(): Promise<void> {
  await evaluateDueAlerts();
  try {
    await deliverDueWebhooks(await getPrisma());
  } catch (e) {
    log.warn("alert webhooks were not delivered", { error: toErrorFields(e) });
  }
}

async function evaluateDueAlerts(): Promise<void> {
  for (const c of await listClusters()) {
    try {
      const results = await evaluateClusterAlerts(c.id);
      for (const r of results) if (r.state === "error") log.warn("global alert cannot be evaluated", { cluster: c.id, alert: r.name, error: r.error });
    } catch (e) {
      log.warn("global alerts of a cluster were not evaluated", { cluster: c.id, error: toErrorFields(e) });
    }
  }
}

/** Starts the alert loop once per process; returns it (or the running one). */
export function startAlertJobs(): LeaderLoop {
  if (store.__palisadeAlertJobs !== undefined) return store.__palisadeAlertJobs;
  const onError = (e: unknown): void => log.error("background job failed", { job: "global-alerts", error: toErrorFields(e) });
  const loop = startLeaderLoop("palisade:alerts", () => evaluateAllClusters(), { intervalMs: WAKE_MS, onError });
  store.__palisadeAlertJobs = loop;
  return loop;
}

/** Stops the loop started by startAlertJobs (graceful shutdown, tests). */
export async function stopAlertJobs(): Promise<void> {
  const loop = store.__palisadeAlertJobs;
  store.__palisadeAlertJobs = undefined;
  await loop?.stop();
}
