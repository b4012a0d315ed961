-- 0031_alert_webhooks: delivery of fired GlobalAlert events to the webhook the alert names (its
-- alerts.palisade.dev/webhook-url annotation). One row per event and URL: state pending →
-- delivered | failed, attempts made, when the next one is due, the last error and HTTP status.
-- The alerts leader delivers due rows with backoff. Rows go with their event (and cluster).
-- Hand-written; checked against prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.

CREATE TABLE "AlertDelivery" (
  "id"            BIGSERIAL      NOT NULL,
  "clusterId"     TEXT           NOT NULL,
  "eventId"       BIGINT         NOT NULL,
  "url"           TEXT           NOT NULL,
  "state"         TEXT           NOT NULL DEFAULT 'pending',
  "attempts"      INTEGER        NOT NULL DEFAULT 0,
  "nextAttemptAt" TIMESTAMPTZ(3),
  "lastAttemptAt" TIMESTAMPTZ(3),
  "deliveredAt"   TIMESTAMPTZ(3),
  "lastStatus"    INTEGER,
  "lastError"     TEXT,
  CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AlertDelivery_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "AlertDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AlertEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "AlertDelivery_state_check" CHECK ("state" IN ('pending', 'delivered', 'failed'))
);
-- The deliverer's scan: due pending rows.
CREATE INDEX "AlertDelivery_state_nextAttemptAt_idx" ON "AlertDelivery" ("state", "nextAttemptAt");
CREATE INDEX "AlertDelivery_eventId_idx" ON "AlertDelivery" ("eventId");
