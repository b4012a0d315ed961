-- 0002_flows: stored flow logs and DNS logs (from shippers through POST /api/v1/flowlogs, and
-- from the embedded cluster's traffic simulator). Hand-written; checked against
-- prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.
--
-- One row per Calico flow-log record. Names keep Calico's fields in camelCase; `-` stays `-`
-- (Calico's "not included"), so equality filters work without NULL handling. Idempotency: the
-- record's key (lib/flows idempotencyKeyOf) is unique per cluster, and ingestion inserts with
-- ON CONFLICT DO NOTHING, so a retried batch adds nothing.

CREATE TABLE "FlowLog" (
  "id"                   BIGSERIAL      NOT NULL,
  "clusterId"            TEXT           NOT NULL,
  "idempotencyKey"       TEXT           NOT NULL,
  "startTime"            TIMESTAMPTZ(3) NOT NULL,
  "endTime"              TIMESTAMPTZ(3) NOT NULL,
  "host"                 TEXT,
  "sourceType"           TEXT           NOT NULL,
  "sourceNamespace"      TEXT           NOT NULL,
  "sourceName"           TEXT           NOT NULL,
  "sourceNameAggr"       TEXT           NOT NULL,
  "sourceLabels"         JSONB,
  "sourceIp"             TEXT,
  "sourcePort"           INTEGER,
  "destType"             TEXT           NOT NULL,
  "destNamespace"        TEXT           NOT NULL,
  "destName"             TEXT           NOT NULL,
  "destNameAggr"         TEXT           NOT NULL,
  "destLabels"           JSONB,
  "destIp"               TEXT,
  "destPort"             INTEGER,
  "destServiceNamespace" TEXT           NOT NULL,
  "destServiceName"      TEXT           NOT NULL,
  "destServicePortName"  TEXT           NOT NULL,
  "destServicePort"      INTEGER,
  "destDomains"          JSONB          NOT NULL DEFAULT '[]',
  "proto"                TEXT           NOT NULL,
  "action"               TEXT           NOT NULL,
  "pendingAction"        TEXT           NOT NULL,
  "reporter"             TEXT           NOT NULL,
  "enforcedPolicies"     JSONB,
  "pendingPolicies"      JSONB,
  "transitPolicies"      JSONB,
  "bytesIn"              BIGINT         NOT NULL DEFAULT 0,
  "bytesOut"             BIGINT         NOT NULL DEFAULT 0,
  "packetsIn"            BIGINT         NOT NULL DEFAULT 0,
  "packetsOut"           BIGINT         NOT NULL DEFAULT 0,
  "numFlows"             INTEGER        NOT NULL DEFAULT 0,
  "numFlowsStarted"      INTEGER        NOT NULL DEFAULT 0,
  "numFlowsCompleted"    INTEGER        NOT NULL DEFAULT 0,
  "tcpStats"             JSONB,
  "ingestedAt"           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "FlowLog_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "FlowLog_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "FlowLog_action_check" CHECK ("action" IN ('allow', 'deny')),
  CONSTRAINT "FlowLog_pendingAction_check" CHECK ("pendingAction" IN ('allow', 'deny')),
  CONSTRAINT "FlowLog_reporter_check" CHECK ("reporter" IN ('src', 'dst')),
  CONSTRAINT "FlowLog_sourceType_check" CHECK ("sourceType" IN ('wep', 'hep', 'ns', 'net')),
  CONSTRAINT "FlowLog_destType_check" CHECK ("destType" IN ('wep', 'hep', 'ns', 'net')),
  CONSTRAINT "FlowLog_interval_check" CHECK ("endTime" >= "startTime")
);
CREATE UNIQUE INDEX "FlowLog_clusterId_idempotencyKey_key" ON "FlowLog" ("clusterId", "idempotencyKey");
-- Newest-first paging (keyset on startTime, id) and time-range scans; also retention.
CREATE INDEX "FlowLog_clusterId_startTime_id_idx" ON "FlowLog" ("clusterId", "startTime", "id");
CREATE INDEX "FlowLog_clusterId_sourceNamespace_startTime_idx" ON "FlowLog" ("clusterId", "sourceNamespace", "startTime");
CREATE INDEX "FlowLog_clusterId_destNamespace_startTime_idx" ON "FlowLog" ("clusterId", "destNamespace", "startTime");
CREATE INDEX "FlowLog_clusterId_action_startTime_idx" ON "FlowLog" ("clusterId", "action", "startTime");
CREATE INDEX "FlowLog_clusterId_pendingAction_startTime_idx" ON "FlowLog" ("clusterId", "pendingAction", "startTime");
CREATE INDEX "FlowLog_endTime_idx" ON "FlowLog" ("endTime");

-- One row per Calico DNS-log record.
CREATE TABLE "DnsLog" (
  "id"              BIGSERIAL      NOT NULL,
  "clusterId"       TEXT           NOT NULL,
  "idempotencyKey"  TEXT           NOT NULL,
  "startTime"       TIMESTAMPTZ(3) NOT NULL,
  "endTime"         TIMESTAMPTZ(3) NOT NULL,
  "type"            TEXT           NOT NULL,
  "count"           INTEGER        NOT NULL,
  "clientIp"        TEXT,
  "clientName"      TEXT           NOT NULL,
  "clientNameAggr"  TEXT           NOT NULL,
  "clientNamespace" TEXT           NOT NULL,
  "clientLabels"    JSONB          NOT NULL DEFAULT '{}',
  "qname"           TEXT           NOT NULL,
  "qtype"           TEXT           NOT NULL,
  "qclass"          TEXT           NOT NULL,
  "rcode"           TEXT           NOT NULL,
  "rrsets"          JSONB          NOT NULL DEFAULT '[]',
  "servers"         JSONB          NOT NULL DEFAULT '[]',
  "latencyCount"    INTEGER,
  "latencyMean"     BIGINT,
  "latencyMax"      BIGINT,
  "host"            TEXT,
  "ingestedAt"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DnsLog_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "DnsLog_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "DnsLog_type_check" CHECK ("type" IN ('LOG', 'UNLOGGED')),
  CONSTRAINT "DnsLog_interval_check" CHECK ("endTime" >= "startTime")
);
CREATE UNIQUE INDEX "DnsLog_clusterId_idempotencyKey_key" ON "DnsLog" ("clusterId", "idempotencyKey");
CREATE INDEX "DnsLog_clusterId_startTime_id_idx" ON "DnsLog" ("clusterId", "startTime", "id");
CREATE INDEX "DnsLog_endTime_idx" ON "DnsLog" ("endTime");
