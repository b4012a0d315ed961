import "server-only";
/**
 * The Goldmane background job: one process at a time (a leader loop on an advisory lock, like
 * the flow simulator) keeps one sync (sync.ts) running per kubernetes cluster whose config has a
 * `goldmane` section. Every few seconds the leader reconciles the running syncs with the
 * registry (a cluster added, removed or re-configured starts, stops or restarts its sync); a
 * watchdog stops every sync as soon as this process is no longer the leader, so two processes
 * never stream the same cluster for long.
 */
import { getSql } from "@/lib/server/db";
import { listClusters } from "@/lib/server/cluster/registry";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import type { GoldmaneConfig } from "@/lib/server/goldmane/config";
import { goldmaneConfigOf } from "@/lib/server/goldmane/config";
import type { GoldmaneSyncState } from "@/lib/server/goldmane/sync";
import { runGoldmaneSync } from "@/lib/server/goldmane/sync";
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import { log, toErrorFields } from "@/lib/server/log";

const RECONCILE_MS = 5000;

interface Running {
  readonly fingerprint: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

interface GoldmaneJobsGlobal {
  __palisadeGoldmaneJobs?: { loop: LeaderLoop; watchdog: ReturnType<typeof setInterval>; stopAll: () => Promise<void> };
  __palisadeGoldmaneStates?: Map<string, GoldmaneSyncState>;
}
// On globalThis: instrumentation and route bundles each have their own module state.
const store = globalThis as typeof globalThis & GoldmaneJobsGlobal;
const states = (store.__palisadeGoldmaneStates ??= new Map<string, GoldmaneSyncState>());

/** The last known state of a cluster's Goldmane sync (undefined: none running here). */
export function goldmaneSyncState(clusterId: string): GoldmaneSyncState | undefined {
  return states.get(clusterId);
}

/** The clusters that want a Goldmane sync and their settings; malformed sections are logged and skipped. */
async function wantedSyncs(): Promise<Map<string, GoldmaneConfig>> {
  const wanted = new Map<string, GoldmaneConfig>();
  for (const c of await listClusters()) {
    if (c.kind !== "kubernetes") continue;
    try {
      const g = goldmaneConfigOf(c.config);
      if (g !== undefined) wanted.set(c.id, g);
    } catch (e) {
      log.warn("goldmane: invalid settings, not syncing", { cluster: c.id, error: toErrorFields(e) });
    }
  }
  return wanted;
}

function startSync(clusterId: string, config: GoldmaneConfig): Running {
  const controller = new AbortController();
  let lastState = "";
  const done = (async () => {
    const sql = await getSql();
    await runGoldmaneSync({
      clusterId,
      // gRPC and the proto loader load with the first Goldmane connection, not at server start.
      connect: async () => (await import("@/lib/server/goldmane/client")).connectGoldmane(config),
      ingest: (records) => ingestFlowLogs(sql, clusterId, records),
      signal: controller.signal,
      onState: (s) => {
        states.set(clusterId, s);
        const text = s.state === "failed" ? `failed: ${s.reason}` : s.state;
        // One line per change, not one per retry. The reason names the address only.
        if (text !== lastState && s.state !== "connecting") log.info("goldmane sync", { cluster: clusterId, state: text });
        if (s.state !== "connecting") lastState = text;
      },
      onRejected: (e) => log.warn("goldmane: flow not stored", { cluster: clusterId, field: e.field, message: e.message }),
    });
  })();
  return { fingerprint: JSON.stringify(config), controller, done };
}

/** Starts the leader loop once per process; returns the running one on later calls. */
export function startGoldmaneJobs(): LeaderLoop {
  if (store.__palisadeGoldmaneJobs !== undefined) return store.__palisadeGoldmaneJobs.loop;
  const running = new Map<string, Running>();
  const stop = async (id: string): Promise<void> => {
    const r = running.get(id);
    if (r === undefined) return;
    running.delete(id);
    states.delete(id);
    r.controller.abort();
    await r.done.catch(() => undefined);
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all([...running.keys()].map(stop));
  };
  const loop = startLeaderLoop(
    "palisade:goldmane",
    async (signal) => {
      if (signal.aborted) return;
      const wanted = await wantedSyncs();
      for (const [id, r] of running) if (wanted.get(id) === undefined || JSON.stringify(wanted.get(id)) !== r.fingerprint) await stop(id);
      for (const [id, config] of wanted) if (!running.has(id)) running.set(id, startSync(id, config));
    },
    { intervalMs: RECONCILE_MS, onError: (e) => log.error("background job failed", { job: "goldmane", error: toErrorFields(e) }) },
  );
  const watchdog = setInterval(() => {
    if (!loop.isLeader() && running.size > 0) void stopAll();
  }, 1000);
  watchdog.unref?.();
  store.__palisadeGoldmaneJobs = { loop, watchdog, stopAll };
  return loop;
}

/** Stops the loop and every sync (graceful shutdown, tests). */
export async function stopGoldmaneJobs(): Promise<void> {
  const jobs = store.__palisadeGoldmaneJobs;
  store.__palisadeGoldmaneJobs = undefined;
  if (jobs === undefined) return;
  clearInterval(jobs.watchdog);
  await jobs.loop.stop();
  await jobs.stopAll();
}
