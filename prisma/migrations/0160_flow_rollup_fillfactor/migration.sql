-- 0160_flow_rollup_fillfactor: the rollup tables keep 30% of each heap page free.
-- In steady traffic most of a batch's rollup rows already exist: the same group reports every
-- flush interval, so an hour row is updated ~240 times an hour and a day row all day
-- (lib/server/flows/rollup.ts, day-rollup.ts: ON CONFLICT DO UPDATE of the sums). With full
-- pages (the default fillfactor 100) each such update wrote the new row version on another
-- page and a new entry in both indexes. The sums, minStart and maxEnd are in no index, so with
-- room on the page PostgreSQL updates the row in place (a HOT update: no index entries, the
-- old version pruned on the page). Measured with the flows-ingest bench's repeating groups
-- (PostgreSQL 15, 200,000 records in batches of 5,000): HOT updates went from under 1% of
-- updates to 74%, and ingestion from ~8,500–10,600 to ~11,900–12,600 records/s; 80 gave 58%
-- HOT, 90 39%. When every row is new (the bench's usual records, all inserts), runs alternating
-- 70 and 100 in one window gave 9,800–13,600 and 10,400–12,400 records/s: no difference this
-- machine's noise lets us see. The day graph's read of ~210,000 hourly rows showed none either.
-- Pages written before this migration keep their layout until rewritten (VACUUM FULL or
-- CLUSTER); new pages leave the room. Nothing in prisma/schema.prisma describes storage
-- parameters; the models say so in their comments.

ALTER TABLE "FlowRollup" SET (fillfactor = 70);
ALTER TABLE "FlowDayRollup" SET (fillfactor = 70);
