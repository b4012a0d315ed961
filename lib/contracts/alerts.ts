/** Contracts of the GlobalAlert routes under /api/v1/clusters/{cluster}/alerts. */
import { z } from "zod";
import type { AlertFieldValue } from "@/lib/alerts";

/** "pending": not evaluated yet; "unsupported": a data set Palisade does not evaluate. */
export type AlertStateView = "ok" | "firing" | "error" | "pending" | "unsupported";

/** One GlobalAlert with its latest evaluation. */
export interface AlertView {
  readonly name: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly description: string;
  readonly summary?: string;
  readonly severity: number;
  readonly dataSet: string;
  readonly period: string;
  readonly lookback: string;
  readonly query: string;
  readonly aggregateBy: readonly string[];
  readonly metric?: string;
  readonly field?: string;
  readonly condition?: string;
  readonly threshold?: number;
  readonly state: AlertStateView;
  readonly lastEvaluatedAt?: string;
  readonly lastFiredAt?: string;
  /** Summary of the latest event (template filled in). */
  readonly lastSummary?: string;
  /** Events and matching records of the latest evaluation. */
  readonly eventCount: number;
  readonly matchedCount: number;
  readonly error?: string;
}

export interface AlertsOverview {
  readonly items: readonly AlertView[];
}

/** Delivery of an event to the alert's webhook (alerts.palisade.dev/webhook-url). */
export interface AlertDeliveryView {
  readonly state: "pending" | "delivered" | "failed";
  readonly attempts: number;
  readonly lastError?: string;
  readonly lastStatus?: number;
  readonly deliveredAt?: string;
  readonly nextAttemptAt?: string;
}

/** One fired event. */
export interface AlertEventView {
  readonly id: string;
  readonly alertName: string;
  readonly time: string;
  readonly severity: number;
  readonly dataSet: string;
  readonly summary: string;
  readonly description: string;
  readonly record: Readonly<Record<string, AlertFieldValue>>;
  readonly value?: number;
  /** Present when the alert names a webhook. */
  readonly delivery?: AlertDeliveryView;
}

export interface AlertEventPage {
  readonly items: readonly AlertEventView[];
  readonly next?: string;
}

export const AlertEventQuerySchema = z.object({
  alert: z.string().min(1).max(253).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AlertEventQuery = z.infer<typeof AlertEventQuerySchema>;

/** POST …/alerts/evaluate: evaluate now, regardless of `period` (one alert, or all). */
export const AlertEvaluateSchema = z.object({ name: z.string().min(1).max(253).optional() });
export type AlertEvaluateRequest = z.infer<typeof AlertEvaluateSchema>;

export interface AlertEvaluationResult {
  readonly name: string;
  readonly state: AlertStateView;
  readonly matched: number;
  readonly events: number;
  readonly error?: string;
}

export interface AlertEvaluateResponse {
  readonly results: readonly AlertEvaluationResult[];
}

/** Paths of the alert routes. */
export const alertPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts`,
  events: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts/events`,
  evaluate: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts/evaluate`,
};
