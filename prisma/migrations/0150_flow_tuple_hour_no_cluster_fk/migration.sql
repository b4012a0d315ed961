-- 0150_flow_tuple_hour_no_cluster_fk: FlowTupleHour loses its foreign key to "Cluster". The
-- key's check is an after-row trigger per written row: computing one hour of a million-record
-- day (~7,000 tuples) spent 32 ms of 184 ms in it (EXPLAIN ANALYZE, PostgreSQL 15), and the
-- first impact preview of a day computes 24 of them. What the key guaranteed is kept:
-- - no tuple row for a cluster that does not exist: tuple rows are only written by the statement
--   of lib/server/flows/tuple-hours.ts computeHour, which also writes the hour's
--   FlowTupleHourState row; that table keeps its key, so the statement fails as a whole (and
--   writes nothing) when the cluster is gone or being removed;
-- - removing a cluster removes its tuple rows: lib/server/cluster/registry.ts removeCluster
--   deletes them in its transaction, as it does the other flow tables without a key (0130).
-- prisma/schema.prisma declares FlowTupleHour without a relation field to Cluster (and says
-- why); schema-conformance.test.ts compares foreign keys with relation fields.

ALTER TABLE "FlowTupleHour" DROP CONSTRAINT "FlowTupleHour_clusterId_fkey";
