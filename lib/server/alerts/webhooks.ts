import "server-only";
/**
 * Delivers fired GlobalAlert events to the webhook their alert names (lib/alerts/webhook.ts):
 * run by the alerts leader after each evaluation round, so one process sends. Each due pending
 * delivery is POSTed through the safe outbound fetcher; a 2xx marks it delivered, anything else
 * records the reason and schedules the next attempt with backoff, or marks it failed after the
 * last one. Never throws for one bad delivery.
 */
import type { AlertFieldValue } from "@/lib/alerts";
import { buildWebhookBody, nextAttemptAt } from "@/lib/alerts";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { outboundFetch, OutboundError } from "@/lib/server/outbound/fetch";

/** Most deliveries one round sends (the rest wait for the next round, seconds later). */
const BATCH = 50;
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Sends the due deliveries at `now`; returns how many were attempted. */
export async function deliverDueWebhooks(sql: SqlQueryable, now: Date = new Date()): Promise<number> {
  const { rows } = await sql.query(
    `SELECT d."id", d."url", d."attempts", d."clusterId", e."alertName", e."time", e."severity", e."dataSet", e."summary", e."description", e."record", e."value"
       FROM "AlertDelivery" d JOIN "AlertEvent" e ON e."id" = d."eventId"
      WHERE d."state" = 'pending' AND d."nextAttemptAt" <= $1
      ORDER BY d."nextAttemptAt", d."id" LIMIT $2`,
    [now.toISOString(), BATCH],
  );
  for (const r of rows) {
    const body = buildWebhookBody({
      cluster: String(r.clusterId),
      alert: String(r.alertName),
      time: iso(r.time),
      severity: Number(r.severity),
      dataSet: String(r.dataSet),
      summary: String(r.summary),
      description: String(r.description),
      // JSONB written by recordEvaluation from an AlertRecord.
      record: (r.record ?? {}) as Readonly<Record<string, AlertFieldValue>>,
      ...(r.value !== null && r.value !== undefined ? { value: Number(r.value) } : {}),
    });
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await outboundFetch({ url: String(r.url), method: "POST", headers: { "content-type": "application/json" }, body, timeoutMs: TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES });
      status = res.status;
      if (res.status < 200 || res.status >= 300) error = `the webhook answered HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof OutboundError ? e.message : "the delivery failed";
    }
    const attempts = Number(r.attempts) + 1;
    const at = new Date();
    if (error === undefined) {
      await sql.query(`UPDATE "AlertDelivery" SET "state" = 'delivered', "attempts" = $2, "lastAttemptAt" = $3, "deliveredAt" = $3, "lastStatus" = $4, "lastError" = NULL, "nextAttemptAt" = NULL WHERE "id" = $1`, [r.id, attempts, at.toISOString(), status ?? null]);
    } else {
      const next = nextAttemptAt(attempts, at.getTime());
      await sql.query(`UPDATE "AlertDelivery" SET "state" = $2, "attempts" = $3, "lastAttemptAt" = $4, "lastStatus" = $5, "lastError" = $6, "nextAttemptAt" = $7 WHERE "id" = $1`, [
        r.id,
        next === undefined ? "failed" : "pending",
        attempts,
        at.toISOString(),
        status ?? null,
        error,
        next === undefined ? null : new Date(next).toISOString(),
      ]);
    }
  }
  return rows.length;
}
