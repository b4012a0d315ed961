import "server-only";
/**
 * The 0005_alerts tables: the latest evaluation of each GlobalAlert (AlertState) and fired events
 * (AlertEvent), with the webhook deliveries of the events (AlertDelivery, 0031_alert_webhooks).
 * Prisma Client; rows are turned into lib/contracts views here; nothing else sees them.
 */
import { BadRequestError } from "@/lib/errors";
import type { AlertEventDraft, AlertFieldValue } from "@/lib/alerts";
import type { AlertDeliveryView, AlertEventPage, AlertEventQuery } from "@/lib/contracts/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PRISMA_TX_OPTIONS } from "@/lib/server/db/transactions";
import type { Prisma } from "@/lib/generated/prisma/client";
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

/** Every AlertState row of a cluster, by alert name. */
export async function readAlertStates(prisma: PrismaClient, clusterId: string): Promise<ReadonlyMap<string, AlertStateRow>> {
  const rows = await prisma.alertState.findMany({ where: { clusterId } });
  const out = new Map<string, AlertStateRow>();
  for (const r of rows) {
    const state = r.state === "firing" || r.state === "error" ? r.state : "ok";
    out.set(r.alertName, {
      alertName: r.alertName,
      alertUid: r.alertUid,
      state,
      lastEvaluatedAt: r.lastEvaluatedAt,
      lastFiredAt: r.lastFiredAt ?? undefined,
      lastSummary: r.lastSummary ?? undefined,
      eventCount: r.eventCount,
      matchedCount: r.matchedCount,
      error: r.error ?? undefined,
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
 * Records an evaluation: its events (each with a pending delivery when the alert has a webhook),
 * and the alert's state (firing when it produced events, ok when not, error with the message).
 * lastFiredAt and lastSummary survive an `ok` evaluation of the same alert uid, so the list can
 * still say when it last fired. One transaction, and no step reads what a later step writes:
 * a forced evaluation may run beside the leader's.
 */
export async function recordEvaluation(prisma: PrismaClient, clusterId: string, e: EvaluationRecord): Promise<void> {
  const state: StoredAlertState = e.error !== undefined ? "error" : e.events.length > 0 ? "firing" : "ok";
  const last = e.events[e.events.length - 1];
  await prisma.$transaction(async (tx) => {
    if (e.events.length > 0) {
      const inserted = await tx.alertEvent.createManyAndReturn({
        data: e.events.map((ev) => ({
          clusterId,
          alertName: e.alertName,
          alertUid: e.alertUid,
          time: e.at,
          severity: e.severity,
          dataSet: e.dataSet,
          summary: ev.summary,
          description: e.description,
          // An AlertRecord: string and number fields only.
          record: ev.record as Prisma.InputJsonObject,
          value: ev.value ?? null,
        })),
        select: { id: true },
      });
      const url = e.webhookUrl;
      // Every event of the round gets one delivery to the same URL, so which id is which does not matter.
      if (url !== undefined) await tx.alertDelivery.createMany({ data: inserted.map(({ id }) => ({ clusterId, eventId: id, url, nextAttemptAt: e.at })) });
    }
    // No read-then-write: "evaluate now" (a request) may run beside the leader's round, so each
    // step is one statement whose WHERE decides. Insert when there is no row; else update the
    // row of the same alert uid, keeping lastFiredAt/lastSummary unless this run fired; else
    // (the alert was deleted and re-created) start the row over.
    const common = { state, lastEvaluatedAt: e.at, eventCount: e.events.length, matchedCount: e.matched, error: e.error ?? null };
    const fired = last !== undefined ? { lastFiredAt: e.at, lastSummary: last.summary } : {};
    const created = await tx.alertState.createMany({ data: [{ clusterId, alertName: e.alertName, alertUid: e.alertUid, ...common, ...fired }], skipDuplicates: true });
    if (created.count === 1) return;
    const same = await tx.alertState.updateMany({ where: { clusterId, alertName: e.alertName, alertUid: e.alertUid }, data: { ...common, ...fired } });
    if (same.count === 1) return;
    await tx.alertState.updateMany({
      where: { clusterId, alertName: e.alertName },
      data: { alertUid: e.alertUid, ...common, lastFiredAt: last !== undefined ? e.at : null, lastSummary: last?.summary ?? null },
    });
  }, PRISMA_TX_OPTIONS);
}

/** Removes state rows of alerts that no longer exist (their events stay until retention). */
export async function forgetAlerts(prisma: PrismaClient, clusterId: string, keep: readonly string[]): Promise<void> {
  await prisma.alertState.deleteMany({ where: { clusterId, alertName: { notIn: [...keep] } } });
}

interface DeliveryRow {
  readonly state: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastStatus: number | null;
  readonly deliveredAt: Date | null;
  readonly nextAttemptAt: Date | null;
}

function toDelivery(d: DeliveryRow): AlertDeliveryView {
  const state = d.state === "delivered" || d.state === "failed" ? d.state : "pending";
  return {
    state,
    attempts: d.attempts,
    ...(d.lastError !== null ? { lastError: d.lastError } : {}),
    ...(d.lastStatus !== null ? { lastStatus: d.lastStatus } : {}),
    ...(d.deliveredAt !== null ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
    ...(state === "pending" && d.nextAttemptAt !== null ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
  };
}

function decodeCursor(text: string): { ms: number; id: bigint } {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (m === null) throw new BadRequestError("invalid cursor: pass the `next` value of the previous page");
  return { ms: Number(m[1]), id: BigInt(m[2] ?? "0") };
}

/**
 * Events of the cluster's current alerts (those in `uids`: events of deleted or re-created alerts
 * are not shown), newest first, optionally of one alert, each with its latest delivery; keyset
 * pages on (time, id). Throws BadRequestError (cursor).
 */
export async function listAlertEvents(prisma: PrismaClient, clusterId: string, uids: readonly string[], q: AlertEventQuery): Promise<AlertEventPage> {
  const c = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  const at = c !== undefined ? new Date(c.ms) : undefined;
  const rows = await prisma.alertEvent.findMany({
    where: {
      clusterId,
      alertUid: { in: [...uids] },
      ...(q.alert !== undefined ? { alertName: q.alert } : {}),
      ...(c !== undefined && at !== undefined ? { OR: [{ time: { lt: at } }, { time: at, id: { lt: c.id } }] } : {}),
    },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    include: { deliveries: { orderBy: { id: "desc" }, take: 1 } },
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const delivery = r.deliveries[0];
      return {
        id: r.id.toString(),
        alertName: r.alertName,
        time: r.time.toISOString(),
        severity: r.severity,
        dataSet: r.dataSet,
        summary: r.summary,
        description: r.description,
        // JSONB written by recordEvaluation from an AlertRecord.
        record: (r.record ?? {}) as Readonly<Record<string, AlertFieldValue>>,
        ...(r.value !== null ? { value: r.value } : {}),
        ...(delivery !== undefined ? { delivery: toDelivery(delivery) } : {}),
      };
    }),
    ...(rows.length > q.limit && last !== undefined ? { next: Buffer.from(`${String(last.time.getTime())}.${last.id.toString()}`, "utf8").toString("base64url") } : {}),
  };
}
