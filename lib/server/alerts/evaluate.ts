import "server-only";
/**
 * Runs the cluster's GlobalAlerts: reads them from the cluster, the stored flow / DNS logs of
 * each one's lookback window (records whose interval ends in (now − lookback, now], as Calico
 * Enterprise filters on end_time), evaluates them with lib/alerts, and records the events and the
 * state. Scheduled runs skip alerts whose period has not passed; "evaluate now" forces them.
 */
import type { GlobalAlert } from "@/lib/calico/types";
import type { AlertEvaluation, AlertRecord } from "@/lib/alerts";
import { alertTiming, compileAlert, evaluateAlert, isAlertDue, isEvaluatedDataSet, toDnsAlertRecord, toFlowAlertRecord, webhookUrlOf } from "@/lib/alerts";
import type { AlertEvaluationResult } from "@/lib/contracts/alerts";
import { NotFoundError } from "@/lib/errors";
import { getPrisma, getSql } from "@/lib/server/db";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { listAll } from "@/lib/server/policy/snapshot";
import { listDnsLogs } from "@/lib/server/flows/dns";
import { readFlowLogsEndingIn } from "@/lib/server/flows/reads";
import { forgetAlerts, readAlertStates, recordEvaluation } from "@/lib/server/alerts/store";

/** Most records one evaluation reads; a window with more is evaluated over the newest ones. */
export const MAX_WINDOW_RECORDS = 200_000;

/** The cluster's GlobalAlerts, by name. */
export async function readGlobalAlerts(clusterId: string): Promise<readonly GlobalAlert[]> {
  const backend = await getClusterBackend(clusterId);
  const { items } = await listAll(backend, "GlobalAlert");
  return [...items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

async function dnsRecords(clusterId: string, from: number, to: number): Promise<AlertRecord[]> {
  const out: AlertRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDnsLogs(clusterId, { from, to, limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    for (const d of page.items) if (d.endTime > from && d.endTime <= to) out.push(toDnsAlertRecord(d));
    cursor = page.next;
  } while (cursor !== undefined && out.length < MAX_WINDOW_RECORDS);
  return out;
}

/** Evaluates one alert at `now` (seconds) and records the outcome. */
async function runAlert(clusterId: string, alert: GlobalAlert, now: number): Promise<AlertEvaluationResult> {
  const name = alert.metadata.name;
  const dataSet = alert.spec.dataSet;
  if (!isEvaluatedDataSet(dataSet)) return { name, state: "unsupported", matched: 0, events: 0, error: `data set "${dataSet ?? ""}" is not evaluated by Palisade (flows and dns are)` };
  const base = { alertName: name, alertUid: alert.metadata.uid ?? name, at: new Date(now * 1000), severity: alert.spec.severity, dataSet, description: alert.spec.description };
  const compiled = compileAlert(alert.spec, dataSet);
  if (!compiled.ok) {
    const error = `${compiled.error.path}: ${compiled.error.message}${compiled.error.path === "spec.query" ? ` (at offset ${compiled.error.offset})` : ""}`;
    await recordEvaluation(await getPrisma(), clusterId, { ...base, matched: 0, events: [], error });
    return { name, state: "error", matched: 0, events: 0, error };
  }
  const { lookbackSeconds } = alertTiming(alert.spec);
  const from = now - lookbackSeconds;
  const records =
    dataSet === "flows" ? (await readFlowLogsEndingIn(await getSql(), clusterId, from, now, MAX_WINDOW_RECORDS)).map(toFlowAlertRecord) : await dnsRecords(clusterId, from, now);
  const result: AlertEvaluation = evaluateAlert(compiled.value, records);
  const webhookUrl = webhookUrlOf(alert.metadata.annotations);
  await recordEvaluation(await getPrisma(), clusterId, { ...base, matched: result.matched, events: result.events, ...(webhookUrl !== undefined ? { webhookUrl } : {}) });
  return { name, state: result.events.length > 0 ? "firing" : "ok", matched: result.matched, events: result.events.length };
}

export interface EvaluateOptions {
  /** Only this alert (NotFoundError when the cluster has none of that name). */
  readonly name?: string;
  /** Evaluate even when the period has not passed since the last evaluation. */
  readonly force?: boolean;
  /** Evaluation time, UNIX seconds (default: now). */
  readonly now?: number;
}

/** Evaluates the cluster's due (or, with `force`, all / the named) GlobalAlerts. */
export async function evaluateClusterAlerts(clusterId: string, options: EvaluateOptions = {}): Promise<readonly AlertEvaluationResult[]> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const alerts = await readGlobalAlerts(clusterId);
  const prisma = await getPrisma();
  await forgetAlerts(prisma, clusterId, alerts.map((a) => a.metadata.name));
  const chosen = options.name === undefined ? alerts : alerts.filter((a) => a.metadata.name === options.name);
  if (options.name !== undefined && chosen.length === 0) throw new NotFoundError(`GlobalAlert "${options.name}" not found in cluster "${clusterId}"`);
  const states = await readAlertStates(prisma, clusterId);
  const results: AlertEvaluationResult[] = [];
  for (const alert of chosen) {
    const state = states.get(alert.metadata.name);
    const last = state !== undefined && state.alertUid === (alert.metadata.uid ?? alert.metadata.name) ? state.lastEvaluatedAt.getTime() : undefined;
    if (options.force !== true && !isAlertDue(last, alertTiming(alert.spec), now * 1000)) continue;
    results.push(await runAlert(clusterId, alert, now));
  }
  return results;
}
