"use client";
/**
 * The Alerts page's calls: GlobalAlerts with their latest evaluation, fired events, and
 * "evaluate now". Keys live under the cluster's key, so any write to the cluster refreshes them.
 * Creating, editing and deleting GlobalAlerts go through the resource routes (use-policies).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertEvaluateRequest } from "@/lib/contracts/alerts";
import { AlertEvaluateResponseSchema, AlertEventPageSchema, AlertsOverviewSchema, alertPaths } from "@/lib/contracts/alerts";
import { toQueryString } from "@/lib/contracts/paths";
import { apiFetch } from "@/lib/hooks/fetcher";
import { queryKeys } from "@/lib/hooks/query-keys";

/** Query keys of the alert reads (children of queryKeys.cluster). */
/** How often the page re-reads states and events (the scheduler runs every few seconds). */
const REFRESH_MS = 10_000;

/** Every GlobalAlert with state, last evaluated / fired and the filled-in summary. */
export function useAlertsOverview(cluster: string) {
  return useQuery({
    queryKey: queryKeys.alertsOverview(cluster),
    queryFn: ({ signal }) => apiFetch(alertPaths.overview(cluster), { schema: AlertsOverviewSchema, signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** The newest fired events (of one alert when `alert` is not ""). */
export function useAlertEvents(cluster: string, alert: string) {
  return useQuery({
    queryKey: queryKeys.alertEvents(cluster, alert),
    queryFn: ({ signal }) => apiFetch(alertPaths.events(cluster) + toQueryString({ alert: alert === "" ? undefined : alert, limit: 100 }), { schema: AlertEventPageSchema, signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** Evaluates now (one alert or all), whatever their period; refreshes states and events. */
export function useEvaluateAlerts(cluster: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: AlertEvaluateRequest) => apiFetch(alertPaths.evaluate(cluster), { schema: AlertEvaluateResponseSchema, method: "POST", json: req }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.alerts(cluster) }),
  });
}
