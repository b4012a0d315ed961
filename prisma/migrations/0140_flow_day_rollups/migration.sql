-- 0140_flow_day_rollups: per-day sums of the stored flow records, by the same group key and
-- fields as the per-minute and per-hour rollups (FlowRollup, 0040). A week's service graph
-- summed every hourly row of the week (~170 per group); lib/server/flows/rollup.ts rangeSource
-- now reads the range's whole UTC days from here, whole hours only at the two edge days, whole
-- minutes and raw records at the edges as before. A day row equals the sum of its day's hourly
-- rows: ingestion adds each batch's hourly sums to it in the same transaction
-- (lib/server/flows/day-rollup.ts), retention deletes it with the same rule as the rollup rows.
-- "bucket" is the start of the UTC day the records' startTime falls in.
-- Hand-written; checked against prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.

CREATE TABLE "FlowDayRollup" (
  "clusterId"            TEXT           NOT NULL,
  "bucket"               TIMESTAMPTZ(3) NOT NULL,
  "groupKey"             TEXT           NOT NULL,
  "sourceType"           TEXT           NOT NULL,
  "sourceNamespace"      TEXT           NOT NULL,
  "sourceNameAggr"       TEXT           NOT NULL,
  "destType"             TEXT           NOT NULL,
  "destNamespace"        TEXT           NOT NULL,
  "destNameAggr"         TEXT           NOT NULL,
  "destServiceNamespace" TEXT           NOT NULL,
  "destServiceName"      TEXT           NOT NULL,
  "destServicePortName"  TEXT           NOT NULL,
  "destServicePort"      INTEGER,
  "destDomains"          JSONB          NOT NULL DEFAULT '[]',
  "destPort"             INTEGER,
  "proto"                TEXT           NOT NULL,
  "action"               TEXT           NOT NULL,
  "reporter"             TEXT           NOT NULL,
  "enforcedPolicies"     JSONB,
  "pendingPolicies"      JSONB,
  "minStart"             TIMESTAMPTZ(3) NOT NULL,
  "maxEnd"               TIMESTAMPTZ(3) NOT NULL,
  "records"              BIGINT         NOT NULL DEFAULT 0,
  "numFlows"             BIGINT         NOT NULL DEFAULT 0,
  "numFlowsStarted"      BIGINT         NOT NULL DEFAULT 0,
  "numFlowsCompleted"    BIGINT         NOT NULL DEFAULT 0,
  "bytesIn"              BIGINT         NOT NULL DEFAULT 0,
  "bytesOut"             BIGINT         NOT NULL DEFAULT 0,
  "packetsIn"            BIGINT         NOT NULL DEFAULT 0,
  "packetsOut"           BIGINT         NOT NULL DEFAULT 0,
  CONSTRAINT "FlowDayRollup_pkey" PRIMARY KEY ("clusterId", "bucket", "groupKey")
);
-- No foreign key to "Cluster", as the other flow tables since 0130_flow_ingest_no_cluster_fk:
-- ingestion checks the cluster once per batch, and removeCluster deletes these rows.
-- Retention deletes by bucket across clusters.
CREATE INDEX "FlowDayRollup_bucket_idx" ON "FlowDayRollup" ("bucket");

-- The small statistics target of the other flow tables (0090): the embedded PGlite analyses
-- this table itself as it grows (lib/server/flows/statistics.ts).
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname = 'FlowDayRollup' AND a.attnum > 0 AND NOT a.attisdropped
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 10', 'FlowDayRollup', col.attname);
  END LOOP;
END $$;

-- The days of the hourly rows stored before this migration.
INSERT INTO "FlowDayRollup" ("clusterId", "bucket", "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies", "minStart", "maxEnd", "records", "numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut")
SELECT "clusterId", date_bin('1 day', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00'), "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies",
       min("minStart"), max("maxEnd"), sum("records"), sum("numFlows"), sum("numFlowsStarted"), sum("numFlowsCompleted"), sum("bytesIn"), sum("bytesOut"), sum("packetsIn"), sum("packetsOut")
  FROM "FlowRollup" WHERE "grain" = 3600 GROUP BY "clusterId", 2, "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies";
