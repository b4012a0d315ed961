/**
 * GlobalAlert webhook notifications. Calico Enterprise sends security events to webhooks
 * configured as a separate resource (SecurityEventWebhook, with the URL in a Secret); Palisade
 * has no such kind, so a GlobalAlert names its webhook in an annotation instead:
 *
 *   metadata.annotations["alerts.palisade.dev/webhook-url"]: https://hooks.example/alerts
 *
 * Every event the alert fires is then POSTed there as JSON (the body below), through the safe
 * outbound fetcher, with retries: after a failure the next attempt waits 10 s, 30 s, 2 min,
 * 10 min, then 30 min; after 6 attempts the delivery is `failed` for good. A 2xx answer is
 * `delivered`; anything else (a refused address, a timeout, a 4xx/5xx) is a failed attempt with
 * its reason kept. Pure; never throws.
 */
import type { AlertFieldValue } from "@/lib/alerts/query-eval";

export const WEBHOOK_URL_ANNOTATION = "alerts.palisade.dev/webhook-url";
export const MAX_DELIVERY_ATTEMPTS = 6;
const BACKOFF_SECONDS: readonly number[] = [10, 30, 120, 600, 1800];

/** The webhook URL a GlobalAlert names, if any (blank = none). */
export function webhookUrlOf(annotations: Readonly<Record<string, string>> | undefined): string | undefined {
  const url = annotations?.[WEBHOOK_URL_ANNOTATION]?.trim();
  return url === undefined || url === "" ? undefined : url;
}

/**
 * When to try again after `attempts` failed attempts (ms since epoch), or undefined when the
 * delivery has used all its attempts.
 */
export function nextAttemptAt(attempts: number, failedAt: number): number | undefined {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return undefined;
  const delay = BACKOFF_SECONDS[Math.min(Math.max(attempts - 1, 0), BACKOFF_SECONDS.length - 1)] ?? 1800;
  return failedAt + delay * 1000;
}

export interface WebhookEvent {
  readonly cluster: string;
  readonly alert: string;
  readonly time: string;
  readonly severity: number;
  readonly dataSet: string;
  readonly summary: string;
  readonly description: string;
  readonly record: Readonly<Record<string, AlertFieldValue>>;
  readonly value?: number;
}

/** The JSON body POSTed for one event (field names as Calico's security events: type, alert, time…). */
export function buildWebhookBody(e: WebhookEvent): string {
  return JSON.stringify({
    type: "global_alert",
    source: "palisade",
    cluster: e.cluster,
    alert: e.alert,
    time: e.time,
    severity: e.severity,
    dataset: e.dataSet,
    summary: e.summary,
    description: e.description,
    record: e.record,
    ...(e.value !== undefined ? { value: e.value } : {}),
  });
}
