-- 0111_flow_groups: the grouping fields of each rollup group key, once per cluster and key.
-- "groupKey" (FlowRollup, 0040) is md5 over these very fields, so a key's row never changes.
-- lib/server/flows/graph.ts sums a range's rollup rows by group key alone and takes the fields
-- from here: carrying seventeen fields through the grouping of ~250,000 rollup rows (a day of
-- a big cluster) with min() cost five times the sums themselves. Filled by the graph read for
-- the keys it finds missing (never at ingest); retention deletes keys no rollup row holds.
-- Hand-written; checked against prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.

CREATE TABLE "FlowGroup" (
  "clusterId"            TEXT    NOT NULL,
  "groupKey"             TEXT    NOT NULL,
  "sourceType"           TEXT    NOT NULL,
  "sourceNamespace"      TEXT    NOT NULL,
  "sourceNameAggr"       TEXT    NOT NULL,
  "destType"             TEXT    NOT NULL,
  "destNamespace"        TEXT    NOT NULL,
  "destNameAggr"         TEXT    NOT NULL,
  "destServiceNamespace" TEXT    NOT NULL,
  "destServiceName"      TEXT    NOT NULL,
  "destServicePortName"  TEXT    NOT NULL,
  "destServicePort"      INTEGER,
  "destDomains"          JSONB   NOT NULL DEFAULT '[]',
  "destPort"             INTEGER,
  "proto"                TEXT    NOT NULL,
  "action"               TEXT    NOT NULL,
  "reporter"             TEXT    NOT NULL,
  "enforcedPolicies"     JSONB,
  "pendingPolicies"      JSONB,
  CONSTRAINT "FlowGroup_pkey" PRIMARY KEY ("clusterId", "groupKey"),
  CONSTRAINT "FlowGroup_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
