import "server-only";
/**
 * Delivers fired GlobalAlert events to the webhook their alert names (lib/alerts/webhook.ts):
 * run by the alerts leader after each evaluation round, so one process sends. Each due pending
 * delivery is POSTed through the safe outbound fetcher; a 2xx marks it delivered, anything else
 * records the reason and schedules the next attempt with backoff, or marks it failed after the
 * last one. Never throws for one bad delivery. Prisma Client (AlertDelivery with its AlertEvent).
 */
import type { AlertFieldValue } from "@/lib/alerts";
import { buildWebhookBody, nextAttemptAt } from "@/lib/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { outboundFetch, OutboundError } from "@/lib/server/outbound/fetch";

/** Most deliveries one round sends (the rest wait for the next round, seconds later). */
const BATCH = 50;
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Sends the due deliveries at `now`; returns how many were attempted. */
export async function deliverDueWebhooks(prisma: PrismaClient, now: Date = new Date()): Promise<number> {
  const rows = await prisma.alertDelivery.findMany({
    where: { state: "pending", nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: { id: true, url: true, attempts: true, clusterId: true, event: true },
  });
  for (const r of rows) {
    const e = r.event;
    const body = buildWebhookBody({
      cluster: r.clusterId,
      alert: e.alertName,
      time: e.time.toISOString(),
      severity: e.severity,
      dataSet: e.dataSet,
      summary: e.summary,
      description: e.description,
      // JSONB written by recordEvaluation from an AlertRecord.
      record: (e.record ?? {}) as Readonly<Record<string, AlertFieldValue>>,
      ...(e.value !== null ? { value: e.value } : {}),
    });
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await outboundFetch({ url: r.url, method: "POST", headers: { "content-type": "application/json" }, body, timeoutMs: TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES });
      status = res.status;
      if (res.status < 200 || res.status >= 300) error = `the webhook answered HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof OutboundError ? e.message : "the delivery failed";
    }
    const attempts = r.attempts + 1;
    // updateMany: a delivery removed meanwhile (its cluster deleted) is no error.
    const at = new Date();
    if (error === undefined) {
      await prisma.alertDelivery.updateMany({
        where: { id: r.id },
        data: { state: "delivered", attempts, lastAttemptAt: at, deliveredAt: at, lastStatus: status ?? null, lastError: null, nextAttemptAt: null },
      });
    } else {
      const next = nextAttemptAt(attempts, at.getTime());
      await prisma.alertDelivery.updateMany({
        where: { id: r.id },
        data: { state: next === undefined ? "failed" : "pending", attempts, lastAttemptAt: at, lastStatus: status ?? null, lastError: error, nextAttemptAt: next === undefined ? null : new Date(next) },
      });
    }
  }
  return rows.length;
}
