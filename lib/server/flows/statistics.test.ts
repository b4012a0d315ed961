/**
 * Planner statistics of the flow tables (statistics.ts): none are taken for a small table, a
 * table grown past the threshold is analysed once, and again only after growing by half; the
 * 0090 migration's small statistics target is in place. PGlite has no autovacuum, so without this
 * a big flow table keeps the "never analysed" plans that read every record of a range.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { needsAnalyze, refreshFlowStatistics } from "@/lib/server/flows/statistics";

let db: TempDatabase;

beforeAll(async () => {
  db = await openTempPGlite();
  await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded')`);
}, 60_000);
afterAll(async () => db?.dispose());

function batch(start: number, n: number): FlowLog[] {
  return Array.from({ length: n }, (_, i) => aFlow({ startTime: start + i, endTime: start + i + 15, source: { ...aFlow().source, port: 1 + (i % 60000) } }));
}

// FlowLog is partitioned by day (0100_flow_partitions): its statistics are its partitions'.
const analysedPages = async (): Promise<number> =>
  Number(
    (await db.sql.query<{ relpages: number }>(`SELECT coalesce(sum(c.relpages), 0) AS relpages FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"FlowLog"'::regclass`)).rows[0]
      ?.relpages,
  );

describe("needsAnalyze", () => {
  it("skips small tables, analyses a table never analysed, and one grown by half", () => {
    expect(needsAnalyze(0, 10)).toBe(false);
    expect(needsAnalyze(0, 32)).toBe(true);
    expect(needsAnalyze(100, 149)).toBe(false);
    expect(needsAnalyze(100, 150)).toBe(true);
  });
});

describe("refreshFlowStatistics", () => {
  it("has the flow tables' statistics target lowered by migration 0090", async () => {
    const { rows } = await db.sql.query<{ relname: string; targets: number[] }>(
      `SELECT c.relname, array_agg(DISTINCT a.attstattarget) AS targets FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname IN ('FlowLog', 'FlowRollup', 'DnsLog') AND a.attnum > 0 AND NOT a.attisdropped GROUP BY c.relname ORDER BY c.relname`,
    );
    expect(rows.map((r) => [r.relname, r.targets.map(Number)])).toEqual([
      ["DnsLog", [10]],
      ["FlowLog", [10]],
      ["FlowRollup", [10]],
    ]);
  });

  it("analyses FlowLog once it is big enough (ingestion checks), then only after it grew by half", async () => {
    expect(await refreshFlowStatistics(db.sql)).toEqual([]);
    expect(await analysedPages()).toBe(0);
    // Ingestion checks after its commit (at most every few seconds per process).
    await ingestFlowLogs(db.sql, "c1", batch(1_700_000_000, 2_000));
    const pages = await analysedPages();
    expect(pages).toBeGreaterThanOrEqual(32);
    expect(await refreshFlowStatistics(db.sql)).not.toContain("FlowLog");
    // Within the throttle interval ingestion does not check again; the next check analyses.
    await ingestFlowLogs(db.sql, "c1", batch(1_700_100_000, 2_000));
    expect(await analysedPages()).toBe(pages);
    expect(await refreshFlowStatistics(db.sql)).toContain("FlowLog");
    expect(await analysedPages()).toBeGreaterThan(pages);
  }, 60_000);
});
