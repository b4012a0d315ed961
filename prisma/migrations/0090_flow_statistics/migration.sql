-- 0090_flow_statistics: a small statistics target for the flow tables' columns, so that one
-- ANALYZE samples 3,000 rows instead of 30,000. The embedded PGlite has no autovacuum: the flow
-- store analyses these tables itself as they grow (lib/server/flows/statistics.ts), and on a
-- million records the default sample took ~3 s of the only database connection against
-- ~0.1 s. The plans the flow queries need (an index range on time, a namespace index) do not
-- depend on fine histograms. No structural change: prisma/schema.prisma is unaffected.
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT c.relname, a.attname
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname IN ('FlowLog', 'FlowRollup', 'DnsLog')
       AND a.attnum > 0 AND NOT a.attisdropped
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 10', col.relname, col.attname);
  END LOOP;
END $$;
