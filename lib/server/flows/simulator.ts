import "server-only";
/**
 * The embedded cluster's traffic simulator: each interval it reads the cluster (workloads and
 * policies, compiled by lib/server/policy's loadClusterSnapshot), runs lib/traffic's
 * simulateInterval with the FelixConfiguration's aggregation kinds, and stores the result
 * through the same ingestion function shippers use. Intervals follow flowLogsFlushInterval, read
 * at every tick. Only embedded clusters are simulated; a real cluster has real flows.
 */
import { BadRequestError } from "@/lib/errors";
import type { SimulatorRun, SimulatorState } from "@/lib/contracts/flows";
import { DEMO_TRAFFIC_MODEL, simulateInterval } from "@/lib/traffic";
import { createRng, deriveSeed } from "@/lib/random";
import { getPrisma, getSql } from "@/lib/server/db";
import { getCluster, getClusterBackend, listClusters } from "@/lib/server/cluster/registry";
import { loadClusterSnapshot } from "@/lib/server/policy/snapshot";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { readFlowLogConfig, readSimulatorState, writeSimulatorState, writeSimulatorStateIn } from "@/lib/server/flows/settings";

/** The simulator's seed (intervals derive theirs from it and their start, so runs replay). */
export const SIMULATOR_SEED = 20_240_915;

async function embeddedCluster(clusterId: string): Promise<void> {
  const info = await getCluster(clusterId);
  if (info.kind !== "embedded") throw new BadRequestError(`cluster "${clusterId}" is a real cluster: only embedded clusters have simulated traffic`);
}

/**
 * Simulates [start, end) for a cluster and stores it (acknowledged after commit); records the
 * run in the shared state. Throws NotFoundError / BadRequestError (not embedded) /
 * ValidationError (the cluster's policies do not compile).
 */
export async function runSimulatedInterval(clusterId: string, start: number, end: number): Promise<SimulatorRun> {
  await embeddedCluster(clusterId);
  const backend = await getClusterBackend(clusterId);
  const [config, snapshot] = await Promise.all([readFlowLogConfig(backend), loadClusterSnapshot(backend)]);
  const { models } = snapshot;
  const result = simulateInterval({
    model: DEMO_TRAFFIC_MODEL,
    cluster: { namespaces: models.namespaces, endpoints: models.endpoints, services: models.services, networkSets: models.networkSets },
    policySet: snapshot.policySet,
    start,
    end,
    rng: createRng(deriveSeed(SIMULATOR_SEED, clusterId, start, end)),
    aggregation: config.aggregation,
  });
  const sql = await getSql();
  // The run is recorded in the records' own transaction: a process killed right after their
  // commit would otherwise leave the previous lastRun, and the next leader would simulate an
  // interval overlapping the one just stored.
  let run: SimulatorRun | undefined;
  await ingestFlowLogs(sql, clusterId, result.flows, result.dns, {
    inTransaction: async (tx, stored) => {
      run = { start, end, flows: result.flows.length, dns: result.dns.length, ...stored, at: new Date().toISOString() };
      await writeSimulatorStateIn(tx, clusterId, { lastRun: run });
    },
  });
  return run as SimulatorRun; // set by inTransaction, which ran before the commit ingestFlowLogs waited for
}

/**
 * "Run one interval now": a whole flush interval ending now (so its volume matches a regular
 * tick's), whatever the pause switch says. The regular loop continues from its end.
 */
export async function runIntervalNow(clusterId: string, now: number = Math.floor(Date.now() / 1000)): Promise<SimulatorRun> {
  await embeddedCluster(clusterId);
  const config = await readFlowLogConfig(await getClusterBackend(clusterId));
  return runSimulatedInterval(clusterId, now - config.intervalSeconds, now);
}

/**
 * One tick of the background loop for one cluster: runs an interval when the flush interval has
 * passed since the last one. The next interval starts where the last ended (no gap, no overlap)
 * unless the simulator was stopped for more than two intervals; then it restarts at now − interval.
 */
export async function tickCluster(clusterId: string, now: number): Promise<SimulatorRun | undefined> {
  const state = await readSimulatorState(await getPrisma(), clusterId);
  if (state.paused) return undefined;
  const config = await readFlowLogConfig(await getClusterBackend(clusterId));
  const lastEnd = state.lastRun?.end;
  if (lastEnd !== undefined && now - lastEnd < config.intervalSeconds) return undefined;
  const start = lastEnd !== undefined && now - lastEnd <= 2 * config.intervalSeconds ? lastEnd : now - config.intervalSeconds;
  return runSimulatedInterval(clusterId, start, now);
}

/** One tick for every embedded cluster. */
export async function tickAllClusters(now: number = Math.floor(Date.now() / 1000)): Promise<void> {
  const clusters = (await listClusters()).filter((c) => c.kind === "embedded");
  for (const c of clusters) await tickCluster(c.id, now);
}

/** The simulator's state as the API shows it. */
export async function getSimulatorState(clusterId: string): Promise<SimulatorState> {
  await embeddedCluster(clusterId);
  const prisma = await getPrisma();
  const [stored, config] = await Promise.all([readSimulatorState(prisma, clusterId), getClusterBackend(clusterId).then(readFlowLogConfig)]);
  return { paused: stored.paused, intervalSeconds: config.intervalSeconds, aggregation: config.aggregation, ...(stored.lastRun !== undefined ? { lastRun: stored.lastRun } : {}) };
}

/** Pauses or resumes the simulator (shared by every console process). */
export async function setSimulatorPaused(clusterId: string, paused: boolean): Promise<SimulatorState> {
  await embeddedCluster(clusterId);
  await writeSimulatorState(await getPrisma(), clusterId, { paused });
  return getSimulatorState(clusterId);
}
