-- 0040_flow_rollups: per-minute and per-hour sums of the stored flow records, grouped by the
-- fields the service graph (namespace and workload level) and the board's traffic counters read.
-- lib/server/flows/ingest.ts keeps them up to date in the statement that inserts the records
-- (from the rows actually inserted, so retries add nothing); lib/server/flows/rollup.ts reads a
-- range from them plus the raw records at its edges. Hand-written; checked against
-- prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.
--
-- "groupKey" is md5 over the grouping fields (NULL kept apart from every value), so the primary
-- key stays small whatever the traces hold. "grain" is 60 or 3600 seconds; "bucket" is the start
-- of the minute or hour (UTC) the records' startTime falls in.

CREATE TABLE "FlowRollup" (
  "clusterId"            TEXT           NOT NULL,
  "grain"                INTEGER        NOT NULL,
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
  CONSTRAINT "FlowRollup_pkey" PRIMARY KEY ("clusterId", "grain", "bucket", "groupKey"),
  CONSTRAINT "FlowRollup_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "FlowRollup_grain_check" CHECK ("grain" IN (60, 3600))
);
-- Retention deletes by bucket across clusters.
CREATE INDEX "FlowRollup_bucket_idx" ON "FlowRollup" ("bucket");

-- Records stored before this migration.
INSERT INTO "FlowRollup" ("clusterId", "grain", "bucket", "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies", "minStart", "maxEnd", "records", "numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut")
SELECT "clusterId", 60, date_bin('1 minute', "startTime", TIMESTAMPTZ '1970-01-01 00:00:00+00'), md5(concat_ws(chr(31), coalesce("sourceType"::text, '\N'), coalesce("sourceNamespace"::text, '\N'), coalesce("sourceNameAggr"::text, '\N'), coalesce("destType"::text, '\N'), coalesce("destNamespace"::text, '\N'), coalesce("destNameAggr"::text, '\N'), coalesce("destServiceNamespace"::text, '\N'), coalesce("destServiceName"::text, '\N'), coalesce("destServicePortName"::text, '\N'), coalesce("destServicePort"::text, '\N'), coalesce("destDomains"::text, '\N'), coalesce("destPort"::text, '\N'), coalesce("proto"::text, '\N'), coalesce("action"::text, '\N'), coalesce("reporter"::text, '\N'), coalesce("enforcedPolicies"::text, '\N'), coalesce("pendingPolicies"::text, '\N'))), "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies",
       min("startTime"), max("endTime"), count(*), sum("numFlows"), sum("numFlowsStarted"), sum("numFlowsCompleted"), sum("bytesIn"), sum("bytesOut"), sum("packetsIn"), sum("packetsOut")
  FROM "FlowLog" GROUP BY "clusterId", 3, "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies";
INSERT INTO "FlowRollup" ("clusterId", "grain", "bucket", "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies", "minStart", "maxEnd", "records", "numFlows", "numFlowsStarted", "numFlowsCompleted", "bytesIn", "bytesOut", "packetsIn", "packetsOut")
SELECT "clusterId", 3600, date_bin('1 hour', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00'), "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies",
       min("minStart"), max("maxEnd"), sum("records"), sum("numFlows"), sum("numFlowsStarted"), sum("numFlowsCompleted"), sum("bytesIn"), sum("bytesOut"), sum("packetsIn"), sum("packetsOut")
  FROM "FlowRollup" WHERE "grain" = 60 GROUP BY "clusterId", 3, "groupKey", "sourceType", "sourceNamespace", "sourceNameAggr", "destType", "destNamespace", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains", "destPort", "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies";
