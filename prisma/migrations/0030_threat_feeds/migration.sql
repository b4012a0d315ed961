-- 0030_threat_feeds: what the GlobalThreatFeed sync remembers of each feed of a cluster, shared
-- by every console process (the leader pulls, any process answers the Threat feeds page):
-- when it last tried and last succeeded, the entries it wrote, its error conditions, and when a
-- user last asked for "sync now". Keyed by feed name; feedUid tells a re-created feed apart and
-- specKey a changed spec. Rows go with their cluster. Hand-written; checked against
-- prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.

CREATE TABLE "ThreatFeedState" (
  "clusterId"          TEXT           NOT NULL,
  "feedName"           TEXT           NOT NULL,
  "feedUid"            TEXT           NOT NULL,
  "specKey"            TEXT           NOT NULL DEFAULT '',
  "lastAttemptAt"      TIMESTAMPTZ(3),
  "lastSuccessfulSync" TIMESTAMPTZ(3),
  "syncRequestedAt"    TIMESTAMPTZ(3),
  "entryCount"         INTEGER        NOT NULL DEFAULT 0,
  "skippedCount"       INTEGER        NOT NULL DEFAULT 0,
  "entries"            JSONB          NOT NULL DEFAULT '[]',
  "errorConditions"    JSONB          NOT NULL DEFAULT '[]',
  CONSTRAINT "ThreatFeedState_pkey" PRIMARY KEY ("clusterId", "feedName"),
  CONSTRAINT "ThreatFeedState_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
