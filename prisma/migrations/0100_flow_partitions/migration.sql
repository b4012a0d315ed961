-- 0100_flow_partitions: FlowLog and DnsLog become tables partitioned by range of "startTime",
-- one partition per UTC day, named "<table>_pYYYYMMDD" ([day 00:00 UTC, next day 00:00 UTC)).
-- Retention (lib/server/flows/retention.ts) then drops whole days instead of deleting rows, and
-- a day's indexes stay the size of a day. The flow store creates the partitions a batch needs
-- before inserting it, and the background job creates today's and the next days' ahead
-- (lib/server/flows/partitions.ts). Same layout on PostgreSQL and on the embedded PGlite (one
-- schema, one code path; PGlite runs PostgreSQL's own partitioning). Hand-written; checked
-- against prisma/schema.prisma by lib/server/db/schema-conformance.test.ts (which leaves the
-- partitions themselves out: they are storage, not models).
--
-- A partitioned table's primary key and unique constraints must include the partition key, so:
-- - the primary key is ("id", "startTime"); "id" still comes from the same sequence (its values
--   carry on: "stored after" keeps meaning a larger id) and still leads the key, so reads by id
--   range keep their index;
-- - idempotency is unique on ("clusterId", "idempotencyKey", "startTime"). The key hashes the
--   record's interval (lib/flows recordIdentityOf starts with startTime), so two records with
--   the same key have the same startTime and this constraint refuses exactly what the old
--   ("clusterId", "idempotencyKey") one refused: a retried batch still adds nothing.
--
-- The rows move in this migration's transaction (the runner applies a migration atomically):
-- the old table is renamed, its indexes dropped (their names go to the new table's), a
-- partition created for every day it holds, its rows copied with their ids, and it is dropped.

DO $$
DECLARE
  t text;
  d date;
  col record;
BEGIN
  FOREACH t IN ARRAY ARRAY['FlowLog', 'DnsLog'] LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_0002');
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t || '_0002', t || '_pkey');
    EXECUTE format('DROP INDEX %I', t || '_clusterId_idempotencyKey_key');
    EXECUTE format('DROP INDEX %I', t || '_clusterId_startTime_id_idx');
    EXECUTE format('DROP INDEX %I', t || '_endTime_idx');
    EXECUTE format('ALTER SEQUENCE %I OWNED BY NONE', t || '_id_seq');
    -- Same columns in the same order, defaults (the id sequence) and CHECK constraints.
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("startTime")', t, t || '_0002');
    EXECUTE format('ALTER SEQUENCE %I OWNED BY %I."id"', t || '_id_seq', t);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY ("id", "startTime")', t, t || '_pkey');
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE', t, t || '_clusterId_fkey');
    EXECUTE format('CREATE UNIQUE INDEX %I ON %I ("clusterId", "idempotencyKey", "startTime")', t || '_clusterId_idempotencyKey_startTime_key', t);
    EXECUTE format('CREATE INDEX %I ON %I ("clusterId", "startTime", "id")', t || '_clusterId_startTime_id_idx', t);
    EXECUTE format('CREATE INDEX %I ON %I ("endTime")', t || '_endTime_idx', t);
    FOR d IN EXECUTE format('SELECT DISTINCT ("startTime" AT TIME ZONE ''UTC'')::date FROM %I', t || '_0002') LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', t || '_p' || to_char(d, 'YYYYMMDD'), t,
        to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    END LOOP;
    -- 0090's small statistics target, on the new table and (recursing) its partitions; the flow
    -- store sets it on every partition it creates later.
    FOR col IN SELECT a.attname FROM pg_attribute a WHERE a.attrelid = format('%I', t)::regclass AND a.attnum > 0 AND NOT a.attisdropped LOOP
      EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 10', t, col.attname);
    END LOOP;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_0002');
    EXECUTE format('DROP TABLE %I', t || '_0002');
  END LOOP;
END $$;

-- FlowLog's filter indexes (0002; dropped with the old table above), on the partitioned table.
CREATE INDEX "FlowLog_clusterId_sourceNamespace_startTime_idx" ON "FlowLog" ("clusterId", "sourceNamespace", "startTime");
CREATE INDEX "FlowLog_clusterId_destNamespace_startTime_idx" ON "FlowLog" ("clusterId", "destNamespace", "startTime");
CREATE INDEX "FlowLog_clusterId_action_startTime_idx" ON "FlowLog" ("clusterId", "action", "startTime");
CREATE INDEX "FlowLog_clusterId_pendingAction_startTime_idx" ON "FlowLog" ("clusterId", "pendingAction", "startTime");
