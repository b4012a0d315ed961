-- 0005_alerts: GlobalAlert evaluation results. AlertState is the latest evaluation of each
-- GlobalAlert of a cluster (one row per alert name: when it last ran, whether it fired, its
-- error); AlertEvent is one row per fired event (aggregation group or record) with the summary
-- already filled in. Both carry the GlobalAlert's uid, so an alert deleted and created again
-- (or a cluster reset) starts clean instead of inheriting the old alert's state. Rows go with
-- their cluster. Hand-written; checked against prisma/schema.prisma by
-- lib/server/db/schema-conformance.test.ts.
--
-- Numbered 0005 although 0003 may land later: the runner applies every migration it has not
-- applied yet, in name order, so a late 0003 still runs once.

CREATE TABLE "AlertState" (
  "clusterId"       TEXT           NOT NULL,
  "alertName"       TEXT           NOT NULL,
  "alertUid"        TEXT           NOT NULL,
  "state"           TEXT           NOT NULL,
  "lastEvaluatedAt" TIMESTAMPTZ(3) NOT NULL,
  "lastFiredAt"     TIMESTAMPTZ(3),
  "lastSummary"     TEXT,
  "eventCount"      INTEGER        NOT NULL DEFAULT 0,
  "matchedCount"    INTEGER        NOT NULL DEFAULT 0,
  "error"           TEXT,
  CONSTRAINT "AlertState_pkey" PRIMARY KEY ("clusterId", "alertName"),
  CONSTRAINT "AlertState_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "AlertState_state_check" CHECK ("state" IN ('ok', 'firing', 'error'))
);

CREATE TABLE "AlertEvent" (
  "id"          BIGSERIAL        NOT NULL,
  "clusterId"   TEXT             NOT NULL,
  "alertName"   TEXT             NOT NULL,
  "alertUid"    TEXT             NOT NULL,
  "time"        TIMESTAMPTZ(3)   NOT NULL,
  "severity"    INTEGER          NOT NULL,
  "dataSet"     TEXT             NOT NULL,
  "summary"     TEXT             NOT NULL,
  "description" TEXT             NOT NULL,
  "record"      JSONB            NOT NULL,
  "value"       DOUBLE PRECISION,
  CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AlertEvent_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Newest-first lists per cluster, and per alert.
CREATE INDEX "AlertEvent_clusterId_time_idx" ON "AlertEvent" ("clusterId", "time");
CREATE INDEX "AlertEvent_clusterId_alertName_time_idx" ON "AlertEvent" ("clusterId", "alertName", "time");
