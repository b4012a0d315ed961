import "server-only";
/**
 * Settings the flow features read: the cluster's FelixConfiguration `default` (flush interval,
 * aggregation kinds) read fresh each time so edits in Settings or YAML take effect at the next
 * tick, the retention period, and the simulator's shared state (a Setting row per cluster, so
 * every console process sees the same pause switch).
 */
import { parseGoDuration } from "@/lib/calico/k8s-names";
import type { FelixConfiguration } from "@/lib/calico/types";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { SimulatorRun } from "@/lib/contracts/flows";
import type { AggregationLevel } from "@/lib/flows";
import { DEFAULT_AGGREGATION } from "@/lib/flows";
import { isDomainError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { mergeSetting, mergeSettingIn, readSetting } from "@/lib/server/repos/settings";

/** The demo's flush interval when FelixConfiguration leaves it unset (seed 000 sets 15s). */
export const DEFAULT_FLUSH_SECONDS = 15;
/** Bounds on the simulator's interval, whatever the configuration says. */
export const MIN_FLUSH_SECONDS = 1;
export const MAX_FLUSH_SECONDS = 3600;
/** Default retention of stored flows and DNS logs. */
export const DEFAULT_RETENTION_DAYS = 7;
/** The Setting key overriding PALISADE_FLOW_RETENTION_DAYS (a JSON number of days). */
export const RETENTION_SETTING = "flows:retentionDays";

export interface FlowLogConfig {
  readonly intervalSeconds: number;
  readonly aggregation: { readonly allowed: AggregationLevel; readonly denied: AggregationLevel };
}

function toLevel(v: unknown, fallback: AggregationLevel): AggregationLevel {
  return v === 0 || v === 1 || v === 2 || v === 3 ? v : fallback;
}

/** The flow-log settings of FelixConfiguration `default`, with defaults for unset or missing. */
export async function readFlowLogConfig(backend: ClusterBackend): Promise<FlowLogConfig> {
  let spec: FelixConfiguration["spec"] = {};
  try {
    spec = (await backend.get("FelixConfiguration", "default")).spec;
  } catch (e) {
    if (!(isDomainError(e) && e.code === "notFound")) throw e;
  }
  const parsed = typeof spec.flowLogsFlushInterval === "string" ? parseGoDuration(spec.flowLogsFlushInterval) : undefined;
  const seconds = parsed === undefined || parsed <= 0 ? DEFAULT_FLUSH_SECONDS : parsed;
  return {
    intervalSeconds: Math.min(MAX_FLUSH_SECONDS, Math.max(MIN_FLUSH_SECONDS, Math.round(seconds))),
    aggregation: {
      allowed: toLevel(spec.flowLogsFileAggregationKindForAllowed, DEFAULT_AGGREGATION.allowed),
      denied: toLevel(spec.flowLogsFileAggregationKindForDenied, DEFAULT_AGGREGATION.denied),
    },
  };
}

/** Retention in days: the Setting row, else PALISADE_FLOW_RETENTION_DAYS, else 7. */
export async function readRetentionDays(prisma: PrismaClient): Promise<number> {
  const stored = await readSetting(prisma, RETENTION_SETTING);
  if (typeof stored === "number" && stored > 0) return stored;
  const fromEnv = Number(process.env.PALISADE_FLOW_RETENTION_DAYS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_RETENTION_DAYS;
}

/** The simulator's shared state for one cluster. */
export interface StoredSimulatorState {
  readonly paused: boolean;
  readonly lastRun?: SimulatorRun;
}

const stateKey = (clusterId: string): string => `simulator:${clusterId}`;

function isRun(v: unknown): v is SimulatorRun {
  return typeof v === "object" && v !== null && typeof (v as { start?: unknown }).start === "number" && typeof (v as { end?: unknown }).end === "number"; // fields checked one by one
}

/** Reads the simulator state (running, never run, when no row exists). */
export async function readSimulatorState(prisma: PrismaClient, clusterId: string): Promise<StoredSimulatorState> {
  const v = await readSetting(prisma, stateKey(clusterId));
  if (typeof v !== "object" || v === null) return { paused: false };
  const o = v as { paused?: unknown; lastRun?: unknown }; // a JSON object, fields checked below
  return { paused: o.paused === true, ...(isRun(o.lastRun) ? { lastRun: o.lastRun } : {}) };
}

/** writeSimulatorState inside a transaction of raw SQL (the ingest transaction of an interval's records). */
export async function writeSimulatorStateIn(tx: SqlQueryable, clusterId: string, patch: Partial<StoredSimulatorState>): Promise<void> {
  await mergeSettingIn(tx, stateKey(clusterId), patch);
}

/** Updates part of the simulator state (merged into the stored JSON object, see `mergeSetting`). */
export async function writeSimulatorState(prisma: PrismaClient, clusterId: string, patch: Partial<StoredSimulatorState>): Promise<void> {
  await mergeSetting(prisma, stateKey(clusterId), patch);
}
