-- 0130_flow_ingest_no_cluster_fk: FlowLog, DnsLog and FlowRollup lose their foreign key to
-- "Cluster". The key's check ran once per written row (an after-row trigger looking the cluster
-- up): with COPY ingestion it was ~22% of the PGlite CPU time of a 5,000-record batch (5,000
-- FlowLog rows and ~10,000 rollup rows, flows-ingest bench). What the key guaranteed is kept:
-- - a row for a cluster that does not exist is refused: ingestion (lib/server/flows/ingest.ts)
--   locks the cluster's row (FOR KEY SHARE, once per batch, in the writing transaction) and
--   refuses the whole batch when there is none; the lock holds off a concurrent removal until
--   the batch has committed;
-- - removing a cluster removes its flows: lib/server/cluster/registry.ts removeCluster deletes
--   the Cluster row and then, in the same transaction, its FlowLog, DnsLog and FlowRollup rows
--   (the other flow tables keep their ON DELETE CASCADE keys).
-- prisma/schema.prisma declares the three models without a relation field to Cluster (and says
-- why); schema-conformance.test.ts compares foreign keys with relation fields.
-- On the partitioned tables, DROP CONSTRAINT recurses to every day's partition; partitions
-- created later (lib/server/flows/partitions.ts, PARTITION OF) take the parent's constraints.

ALTER TABLE "FlowLog" DROP CONSTRAINT "FlowLog_clusterId_fkey";
ALTER TABLE "DnsLog" DROP CONSTRAINT "DnsLog_clusterId_fkey";
ALTER TABLE "FlowRollup" DROP CONSTRAINT "FlowRollup_clusterId_fkey";
