import "server-only";
/**
 * The 0005_alerts tables: the latest evaluation of each GlobalAlert (AlertState) and fired events
 * (AlertEvent). Rows are turned into lib/contracts views here; nothing else sees them.
 */
import { BadRequestError } from "@/lib/errors";
import type { AlertEventDraft, AlertFieldValue } from "@/lib/alerts";
import type { AlertDeliveryView, AlertEventPage, AlertEventQuery } from "@/lib/contracts/alerts";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";

export type StoredAlertState = "ok" | "firing" | "error";

/** One AlertState row. */
export interface AlertStateRow {
  readonly alertName: string;
  readonly alertUid: string;
  readonly state: StoredAlertState;
  readonly lastEvaluatedAt: Date;
  readonly lastFiredAt: Date | undefined;
  readonly lastSummary: string | undefined;
  readonly eventCount: number;
  readonly matchedCount: number;
  readonly error: string | undefined;
}

const toDate = (v: unknown): Date | undefined => (v instanceof Date ? v : typeof v === "string" || typeof v === "number" ? new Date(v) : undefined);
const toText = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Every AlertState row of a cluster, by alert name. */
export async function readAlertStates(sql: SqlQueryable, clusterId: string): Promise<ReadonlyMap<string, AlertStateRow>> {
  const { rows } = await sql.query(`SELECT * FROM "AlertState" WHERE "clusterId" = $1`, [clusterId]);
  const out = new Map<string, AlertStateRow>();
  for (const r of rows) {
    const state = r.state === "firing" || r.state === "error" ? r.state : "ok";
    out.set(String(r.alertName), {
      alertName: String(r.alertName),
      alertUid: String(r.alertUid),
      state,
      lastEvaluatedAt: toDate(r.lastEvaluatedAt) ?? new Date(0),
      lastFiredAt: toDate(r.lastFiredAt),
      lastSummary: toText(r.lastSummary),
      eventCount: Number(r.eventCount),
      matchedCount: Number(r.matchedCount),
      error: toText(r.error),
    });
  }
  return out;
}

/** What one evaluation wrote. */
export interface EvaluationRecord {
  readonly alertName: string;
  readonly alertUid: string;
  readonly at: Date;
  readonly severity: number;
  readonly dataSet: string;
  readonly description: string;
  readonly matched: number;
  readonly events: readonly AlertEventDraft[];
  readonly error?: string;
  /** The alert's webhook: each event gets a pending delivery to it (0031_alert_webhooks). */
  readonly webhookUrl?: string;
}

/**
 * Records an evaluation: its events, and the alert's state (firing when it produced events, ok
 * when not, error with the message). lastFiredAt and lastSummary survive an `ok` evaluation of
 * the same alert uid, so the list can still say when it last fired. One transaction.
 */
export async function recordEvaluation(sql: Sql, clusterId: string, e: EvaluationRecord): Promise<void> {
  const state: StoredAlertState = e.error !== undefined ? "error" : e.events.length > 0 ? "firing" : "ok";
  const last = e.events[e.events.length - 1];
  await sql.transaction(async (tx) => {
    for (const ev of e.events) {
      const { rows } = await tx.query(
        `INSERT INTO "AlertEvent" ("clusterId", "alertName", "alertUid", "time", "severity", "dataSet", "summary", "description", "record", "value")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING "id"`,
        [clusterId, e.alertName, e.alertUid, e.at.toISOString(), e.severity, e.dataSet, ev.summary, e.description, JSON.stringify(ev.record), ev.value ?? null],
      );
      const eventId = rows[0]?.id;
      if (e.webhookUrl !== undefined && eventId !== undefined) {
        await tx.query(`INSERT INTO "AlertDelivery" ("clusterId", "eventId", "url", "nextAttemptAt") VALUES ($1, $2, $3, $4)`, [clusterId, eventId, e.webhookUrl, e.at.toISOString()]);
      }
    }
    await tx.query(
      `INSERT INTO "AlertState" ("clusterId", "alertName", "alertUid", "state", "lastEvaluatedAt", "lastFiredAt", "lastSummary", "eventCount", "matchedCount", "error")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ("clusterId", "alertName") DO UPDATE SET
         "state" = EXCLUDED."state", "lastEvaluatedAt" = EXCLUDED."lastEvaluatedAt",
         "lastFiredAt" = CASE WHEN "AlertState"."alertUid" = EXCLUDED."alertUid" THEN COALESCE(EXCLUDED."lastFiredAt", "AlertState"."lastFiredAt") ELSE EXCLUDED."lastFiredAt" END,
         "lastSummary" = CASE WHEN "AlertState"."alertUid" = EXCLUDED."alertUid" THEN COALESCE(EXCLUDED."lastSummary", "AlertState"."lastSummary") ELSE EXCLUDED."lastSummary" END,
         "alertUid" = EXCLUDED."alertUid", "eventCount" = EXCLUDED."eventCount", "matchedCount" = EXCLUDED."matchedCount", "error" = EXCLUDED."error"`,
      [clusterId, e.alertName, e.alertUid, state, e.at.toISOString(), last !== undefined ? e.at.toISOString() : null, last?.summary ?? null, e.events.length, e.matched, e.error ?? null],
    );
  });
}

/** Removes state rows of alerts that no longer exist (their events stay until retention). */
export async function forgetAlerts(sql: SqlQueryable, clusterId: string, keep: readonly string[]): Promise<void> {
  await sql.query(`DELETE FROM "AlertState" WHERE "clusterId" = $1 AND NOT ("alertName" = ANY($2::text[]))`, [clusterId, keep]);
}

function toDelivery(r: Record<string, unknown>): AlertDeliveryView {
  const state = r.deliveryState === "delivered" || r.deliveryState === "failed" ? r.deliveryState : "pending";
  const deliveredAt = toDate(r.deliveredAt);
  const next = toDate(r.deliveryNext);
  return {
    state,
    attempts: Number(r.deliveryAttempts ?? 0),
    ...(typeof r.deliveryError === "string" ? { lastError: r.deliveryError } : {}),
    ...(r.deliveryStatus !== null && r.deliveryStatus !== undefined ? { lastStatus: Number(r.deliveryStatus) } : {}),
    ...(deliveredAt !== undefined ? { deliveredAt: deliveredAt.toISOString() } : {}),
    ...(state === "pending" && next !== undefined ? { nextAttemptAt: next.toISOString() } : {}),
  };
}

function decodeCursor(text: string): { ms: number; id: string } {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (m === null) throw new BadRequestError("invalid cursor: pass the `next` value of the previous page");
  return { ms: Number(m[1]), id: m[2] ?? "0" };
}

/**
 * Events of the cluster's current alerts (those in `uids`: events of deleted or re-created alerts
 * are not shown), newest first, optionally of one alert. Throws BadRequestError (cursor).
 */
export async function listAlertEvents(sql: SqlQueryable, clusterId: string, uids: readonly string[], q: AlertEventQuery): Promise<AlertEventPage> {
  const params: unknown[] = [clusterId, uids];
  let where = `"clusterId" = $1 AND "alertUid" = ANY($2::text[])`;
  if (q.alert !== undefined) {
    params.push(q.alert);
    where += ` AND "alertName" = $${params.length}`;
  }
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor);
    params.push(c.ms / 1000, c.id);
    where += ` AND ("time", "id") < (to_timestamp($${params.length - 1}), $${params.length}::bigint)`;
  }
  params.push(q.limit + 1);
  const { rows } = await sql.query(
    `SELECT e."id", e."alertName", e."time", e."severity", e."dataSet", e."summary", e."description", e."record", e."value", (extract(epoch from e."time") * 1000)::bigint AS "ms",
            d."state" AS "deliveryState", d."attempts" AS "deliveryAttempts", d."lastError" AS "deliveryError", d."lastStatus" AS "deliveryStatus", d."deliveredAt" AS "deliveredAt", d."nextAttemptAt" AS "deliveryNext"
       FROM (SELECT * FROM "AlertEvent" WHERE ${where} ORDER BY "AlertEvent"."time" DESC, "AlertEvent"."id" DESC LIMIT $${params.length}) e
       LEFT JOIN LATERAL (SELECT * FROM "AlertDelivery" WHERE "AlertDelivery"."eventId" = e."id" ORDER BY "AlertDelivery"."id" DESC LIMIT 1) d ON TRUE
      ORDER BY e."time" DESC, e."id" DESC`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: String(r.id),
      alertName: String(r.alertName),
      time: (toDate(r.time) ?? new Date(0)).toISOString(),
      severity: Number(r.severity),
      dataSet: String(r.dataSet),
      summary: String(r.summary),
      description: String(r.description),
      // JSONB written by recordEvaluation from an AlertRecord.
      record: (r.record ?? {}) as Readonly<Record<string, AlertFieldValue>>,
      ...(r.value !== null && r.value !== undefined ? { value: Number(r.value) } : {}),
      ...(typeof r.deliveryState === "string" ? { delivery: toDelivery(r) } : {}),
    })),
    ...(rows.length > q.limit && last !== undefined ? { next: Buffer.from(`${String(last.ms)}.${String(last.id)}`, "utf8").toString("base64url") } : {}),
  };
}
