/** Contracts of the GlobalAlert routes under /api/v1/clusters/{cluster}/alerts. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import type { AlertFieldValue } from "@/lib/alerts";

/** "pending": not evaluated yet; "unsupported": a data set Palisade does not evaluate. */
export const AlertStateViewSchema = lazySchema(() => z.enum(["ok", "firing", "error", "pending", "unsupported"]));
export type AlertStateView = z.infer<typeof AlertStateViewSchema>;

/** One GlobalAlert with its latest evaluation. */
export const AlertViewSchema = lazySchema(() => z.object({
  name: z.string().min(1),
  uid: z.string(),
  resourceVersion: z.string(),
  description: z.string(),
  summary: z.string().optional(),
  severity: z.number(),
  dataSet: z.string(),
  period: z.string(),
  lookback: z.string(),
  query: z.string(),
  aggregateBy: z.array(z.string()).readonly(),
  metric: z.string().optional(),
  field: z.string().optional(),
  condition: z.string().optional(),
  threshold: z.number().optional(),
  state: AlertStateViewSchema,
  lastEvaluatedAt: z.string().optional(),
  lastFiredAt: z.string().optional(),
  /** Summary of the latest event (template filled in). */
  lastSummary: z.string().optional(),
  /** Events and matching records of the latest evaluation. */
  eventCount: z.number().int().min(0),
  matchedCount: z.number().int().min(0),
  error: z.string().optional(),
}));
export type AlertView = z.infer<typeof AlertViewSchema>;

export const AlertsOverviewSchema = lazySchema(() => z.object({ items: z.array(AlertViewSchema).readonly() }));
export type AlertsOverview = z.infer<typeof AlertsOverviewSchema>;

/** Delivery of an event to the alert's webhook (alerts.palisade.dev/webhook-url). */
export const AlertDeliveryViewSchema = lazySchema(() => z.object({
  state: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int().min(0),
  lastError: z.string().optional(),
  lastStatus: z.number().int().optional(),
  deliveredAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
}));
export type AlertDeliveryView = z.infer<typeof AlertDeliveryViewSchema>;

/** A record field's value (lib/alerts AlertFieldValue). */
const AlertFieldValueSchema: z.ZodType<AlertFieldValue> = lazySchema(() => z.union([z.string(), z.number(), z.array(z.string()).readonly(), z.null()]));

/** One fired event; `delivery` is present when the alert names a webhook. */
export const AlertEventViewSchema = lazySchema(() => z.object({
  id: z.string().min(1),
  alertName: z.string().min(1),
  time: z.string().min(1),
  severity: z.number(),
  dataSet: z.string(),
  summary: z.string(),
  description: z.string(),
  record: z.record(z.string(), AlertFieldValueSchema),
  value: z.number().optional(),
  delivery: AlertDeliveryViewSchema.optional(),
}));
export type AlertEventView = z.infer<typeof AlertEventViewSchema>;

export const AlertEventPageSchema = lazySchema(() => z.object({ items: z.array(AlertEventViewSchema).readonly(), next: z.string().optional() }));
export type AlertEventPage = z.infer<typeof AlertEventPageSchema>;

export const AlertEventQuerySchema = lazySchema(() => z.object({
  alert: z.string().min(1).max(253).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
}));
export type AlertEventQuery = z.infer<typeof AlertEventQuerySchema>;

/** POST …/alerts/evaluate: evaluate now, regardless of `period` (one alert, or all). */
export const AlertEvaluateSchema = lazySchema(() => z.object({ name: z.string().min(1).max(253).optional() }));
export type AlertEvaluateRequest = z.infer<typeof AlertEvaluateSchema>;

export const AlertEvaluationResultSchema = lazySchema(() => z.object({
  name: z.string().min(1),
  state: AlertStateViewSchema,
  matched: z.number().int().min(0),
  events: z.number().int().min(0),
  error: z.string().optional(),
}));
export type AlertEvaluationResult = z.infer<typeof AlertEvaluationResultSchema>;

export const AlertEvaluateResponseSchema = lazySchema(() => z.object({ results: z.array(AlertEvaluationResultSchema).readonly() }));
export type AlertEvaluateResponse = z.infer<typeof AlertEvaluateResponseSchema>;

/** Paths of the alert routes. */
export const alertPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts`,
  events: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts/events`,
  evaluate: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/alerts/evaluate`,
};
