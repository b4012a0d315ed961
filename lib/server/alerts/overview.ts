import "server-only";
/** The Alerts page's reads: every GlobalAlert with its latest evaluation, and fired events. */
import type { GlobalAlert } from "@/lib/calico/types";
import { alertTiming, isEvaluatedDataSet } from "@/lib/alerts";
import type { AlertEventPage, AlertEventQuery, AlertsOverview, AlertStateView, AlertView } from "@/lib/contracts/alerts";
import { getPrisma } from "@/lib/server/db";
import type { AlertStateRow } from "@/lib/server/alerts/store";
import { listAlertEvents, readAlertStates } from "@/lib/server/alerts/store";
import { readGlobalAlerts } from "@/lib/server/alerts/evaluate";

function seconds(s: number): string {
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

/** One alert as the list shows it; state rows of an earlier alert with that name are ignored. */
export function toAlertView(alert: GlobalAlert, row: AlertStateRow | undefined): AlertView {
  const { spec, metadata } = alert;
  const uid = metadata.uid ?? metadata.name;
  const current = row !== undefined && row.alertUid === uid ? row : undefined;
  const timing = alertTiming(spec);
  const state: AlertStateView = !isEvaluatedDataSet(spec.dataSet) ? "unsupported" : current === undefined ? "pending" : current.state;
  return {
    name: metadata.name,
    uid,
    resourceVersion: metadata.resourceVersion ?? "",
    description: spec.description,
    ...(spec.summary !== undefined ? { summary: spec.summary } : {}),
    severity: spec.severity,
    dataSet: spec.dataSet ?? "",
    period: spec.period ?? seconds(timing.periodSeconds),
    lookback: spec.lookback ?? seconds(timing.lookbackSeconds),
    query: spec.query ?? "",
    aggregateBy: spec.aggregateBy ?? [],
    ...(spec.metric !== undefined ? { metric: spec.metric } : {}),
    ...(spec.field !== undefined ? { field: spec.field } : {}),
    ...(spec.condition !== undefined ? { condition: spec.condition } : {}),
    ...(spec.threshold !== undefined ? { threshold: spec.threshold } : {}),
    state,
    ...(current !== undefined ? { lastEvaluatedAt: current.lastEvaluatedAt.toISOString() } : {}),
    ...(current?.lastFiredAt !== undefined ? { lastFiredAt: current.lastFiredAt.toISOString() } : {}),
    ...(current?.lastSummary !== undefined ? { lastSummary: current.lastSummary } : {}),
    eventCount: current?.eventCount ?? 0,
    matchedCount: current?.matchedCount ?? 0,
    ...(current?.error !== undefined ? { error: current.error } : {}),
  };
}

/** Every GlobalAlert of the cluster with its latest evaluation. Throws NotFoundError (cluster). */
export async function getAlertsOverview(clusterId: string): Promise<AlertsOverview> {
  const alerts = await readGlobalAlerts(clusterId);
  const states = await readAlertStates(await getPrisma(), clusterId);
  return { items: alerts.map((a) => toAlertView(a, states.get(a.metadata.name))) };
}

/** Events of the cluster's current GlobalAlerts, newest first. */
export async function getAlertEvents(clusterId: string, q: AlertEventQuery): Promise<AlertEventPage> {
  const alerts = await readGlobalAlerts(clusterId);
  return listAlertEvents(await getPrisma(), clusterId, alerts.map((a) => a.metadata.uid ?? a.metadata.name), q);
}
