-- 0120_flow_deny_indexes: FlowLog's action and pending-action indexes keep only the denied
-- records (partial indexes, same names and columns as 0100's). Every stored record paid an
-- entry in both; the readers that need them look for denials:
-- - the Flows page's "action" / "pending action" filter set to deny (where.ts
--   `"action" = ANY($n::text[])`: the statement is planned with its parameter's value, and
--   ARRAY['deny'] implies the index predicate);
-- - the threat-feeds page's denied flows per network set (reads.ts, `"action" = 'deny'`).
-- A filter on "allow" (most records) is read through ("clusterId", "startTime", "id") as the
-- planner already chose for such a common value. Typical data has few denials, so ingestion
-- writes about two index entries fewer per record (flows-ingest bench: 10% denied).
-- Prisma cannot declare a partial index (prisma/schema.prisma says so next to the two
-- @@index lines); schema-conformance.test.ts compares their columns, which stay the same.
-- On the partitioned table, DROP/CREATE INDEX recurse to every day's partition, and partitions
-- created later (lib/server/flows/partitions.ts) get the partial indexes from the parent.

DROP INDEX "FlowLog_clusterId_action_startTime_idx";
DROP INDEX "FlowLog_clusterId_pendingAction_startTime_idx";
CREATE INDEX "FlowLog_clusterId_action_startTime_idx" ON "FlowLog" ("clusterId", "action", "startTime") WHERE "action" = 'deny';
CREATE INDEX "FlowLog_clusterId_pendingAction_startTime_idx" ON "FlowLog" ("clusterId", "pendingAction", "startTime") WHERE "pendingAction" = 'deny';
