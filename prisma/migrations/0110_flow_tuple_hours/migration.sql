-- 0110_flow_tuple_hours: the distinct connections of each whole hour of stored flow records, for
-- the impact preview (lib/server/flows/tuple-hours.ts). The preview judges each distinct
-- connection (endpoints with pod names and addresses, domains, protocol, port) once; those are not
-- rollup keys, so a day of them used to be grouped from every raw record on every preview.
--
-- Not maintained at ingest: an hour's rows are computed from the stored records the first time a
-- read needs them, in one statement together with its "FlowTupleHourState" row, which keeps the
-- hour's record count in the hourly rollup (FlowRollup, grain 3600) as seen by that statement.
-- A read recomputes an hour whose rollup count has changed since (late records, retention), so
-- the rows never go stale. "generation" (the computing transaction's id) tells a recomputation's
-- rows from the ones it replaces: readers join the state's generation, the old rows are deleted
-- after it commits. Hand-written; checked against prisma/schema.prisma by
-- lib/server/db/schema-conformance.test.ts.

CREATE TABLE "FlowTupleHour" (
  "clusterId"       TEXT           NOT NULL,
  "bucket"          TIMESTAMPTZ(3) NOT NULL,
  "generation"      BIGINT         NOT NULL,
  "tupleKey"        TEXT           NOT NULL,
  "sourceType"      TEXT           NOT NULL,
  "sourceNamespace" TEXT           NOT NULL,
  "sourceName"      TEXT           NOT NULL,
  "sourceNameAggr"  TEXT           NOT NULL,
  "sourceIp"        TEXT,
  "destType"        TEXT           NOT NULL,
  "destNamespace"   TEXT           NOT NULL,
  "destName"        TEXT           NOT NULL,
  "destNameAggr"    TEXT           NOT NULL,
  "destIp"          TEXT,
  "destDomains"     JSONB          NOT NULL DEFAULT '[]',
  "proto"           TEXT           NOT NULL,
  "destPort"        INTEGER,
  "records"         BIGINT         NOT NULL,
  CONSTRAINT "FlowTupleHour_pkey" PRIMARY KEY ("clusterId", "bucket", "generation", "tupleKey"),
  CONSTRAINT "FlowTupleHour_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Retention deletes by bucket across clusters.
CREATE INDEX "FlowTupleHour_bucket_idx" ON "FlowTupleHour" ("bucket");

CREATE TABLE "FlowTupleHourState" (
  "clusterId"     TEXT           NOT NULL,
  "bucket"        TIMESTAMPTZ(3) NOT NULL,
  "generation"    BIGINT         NOT NULL,
  "rollupRecords" BIGINT         NOT NULL,
  "computedAt"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "FlowTupleHourState_pkey" PRIMARY KEY ("clusterId", "bucket"),
  CONSTRAINT "FlowTupleHourState_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
