/**
 * Day rollups (day-rollup.ts, 0140): on records spread over five UTC days — unaligned times,
 * records at and around midnight and crossing it, retried and repeated records, batches spanning
 * several days — the day rows equal the sums of their days' hourly rows, the bulk rebuild
 * (ROLLUP_REBUILD_SQL then DAY_ROLLUP_REBUILD_SQL) writes exactly the rows ingestion maintains,
 * and the reads over ranges of whole days (service graph groups, board trace hits, row count)
 * equal the same reads over the raw records for ranges whose edges sit on, just before and just
 * after day boundaries.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { buildGraph } from "@/lib/graph";
import { aFlow } from "@/lib/testing/flow-builders";
import { closeDatabase, getSql } from "@/lib/server/db";
import type { Sql } from "@/lib/server/db/sql";
import { DAY_ROLLUP_REBUILD_SQL } from "@/lib/server/flows/day-rollup";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { groupedFlows, groupedFlowsRaw } from "@/lib/server/flows/graph";
import { readTraceHitGroups } from "@/lib/server/flows/policy-reads";
import { pruneFlowLogs } from "@/lib/server/flows/retention";
import { countFlows } from "@/lib/server/flows/query";
import { planDays, planRange, ROLLUP_KEYS, ROLLUP_SUMS, RollupAccumulator } from "@/lib/server/flows/rollup";
import { mulberry32 } from "@/lib/random";

const CLUSTER = "days";
const DAY = 86_400;
/** A UTC midnight; the records cover D0 − 5 h to D0 + 3 days + 5 h. */
const D0 = 1_700_000_000 - (1_700_000_000 % DAY) + DAY;
let dir: string;

function generate(n: number, seed: number): FlowLog[] {
  const r = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const base = aFlow();
  // Starts at, just before and just after each midnight (ms precision, as stored), the rest spread.
  const edges = [0, -0.001, 0.001, -1, 1, -15, -59.999, 60, -3600, 3599.999];
  return Array.from({ length: n }, (_, i) => {
    const start = i < 4 * edges.length ? D0 + Math.floor(i / edges.length) * DAY + (edges[i % edges.length] as number) : D0 - 5 * 3600 + 1234.5 + Math.floor(r() * (3 * DAY + 10 * 3600 - 2468));
    const length = pick([0, 1, 15, 59, 60, 300, 900, 3600]);
    const srcNs = pick(["dev", "prod", "kube-system"]);
    const dstNs = pick(["dev", "prod", "db"]);
    const action = r() < 0.2 ? ("deny" as const) : ("allow" as const);
    const trace = `0|default|${dstNs}/default.p-${Math.floor(r() * 4)}|${action}|0`;
    const policies = r() < 0.1 ? null : { enforced: [trace], pending: r() < 0.3 ? [`0|default|staged:default.deny-all|deny|-1`] : [trace] };
    return {
      ...base,
      startTime: start,
      endTime: start + length,
      host: `node-${i % 3}`,
      source: { ...base.source, namespace: srcNs, name: `client-${i % 7}-abc`, nameAggr: `client-${i % 7}-*`, port: 30000 + i },
      dest: { ...base.dest, namespace: dstNs, name: `server-${i % 5}-xyz`, nameAggr: `server-${i % 5}-*`, port: r() < 0.1 ? null : pick([80, 443, 5432]) },
      destService: r() < 0.2 ? { namespace: "-", name: "-", portName: "-", portNum: null } : { namespace: dstNs, name: `svc-${i % 5}`, portName: "http", portNum: 80 },
      destDomains: r() < 0.1 ? ["example.com", "api.example.com"] : [],
      proto: pick(["tcp", "udp"]),
      action,
      reporter: pick(["src", "dst"] as const),
      policies,
      bytesIn: Math.floor(r() * 10_000),
      bytesOut: Math.floor(r() * 10_000),
      packetsIn: Math.floor(r() * 100),
      packetsOut: Math.floor(r() * 100),
      numFlows: 1 + Math.floor(r() * 3),
      numFlowsStarted: Math.floor(r() * 2),
      numFlowsCompleted: Math.floor(r() * 2),
    };
  });
}

const sortedJson = (xs: readonly unknown[]): string[] => xs.map((x) => JSON.stringify(x)).sort();
const n = (v: unknown): number => Number(v);

/** Every FlowRollup and FlowDayRollup row of cluster `a` equals one of cluster `b`, and the other way round. */
async function expectSameRollups(sql: Sql, a: string, b: string): Promise<void> {
  const fields = `"bucket", "groupKey", ${ROLLUP_KEYS.map((k) => `"${k}"::text`).join(", ")}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map((k) => `"${k}"`).join(", ")}`;
  const rows = (table: string, param: string): string => `SELECT ${table === "FlowRollup" ? `"grain", ${fields}` : fields} FROM "${table}" WHERE "clusterId" = ${param}`;
  for (const table of ["FlowDayRollup", "FlowRollup"]) {
    for (const [x, y] of [["$1", "$2"], ["$2", "$1"]] as const) {
      const { rows: r } = await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM (${rows(table, x)} EXCEPT ALL ${rows(table, y)}) AS d`, [a, b]);
      expect(n(r[0]?.n), `${table} rows of ${x === "$1" ? a : b} missing from ${x === "$1" ? b : a}`).toBe(0);
    }
  }
}

/** Deletes a cluster's flow records and rollups. */
async function dropFlows(sql: Sql, cluster: string): Promise<void> {
  for (const table of ["FlowDayRollup", "FlowRollup", "FlowLog"]) await sql.query(`DELETE FROM "${table}" WHERE "clusterId" = $1`, [cluster]);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-day-rollup-"));
  process.env.PALISADE_DATA_DIR = dir;
  process.env.PALISADE_BACKGROUND_JOBS = "0";
  delete process.env.DATABASE_URL;
  const sql = await getSql();
  await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [CLUSTER]);
  const records = generate(6000, 11);
  // Batches in generation order span every day at once (the starts are spread at random).
  await ingestFlowLogs(sql, CLUSTER, records.slice(0, 2500));
  await ingestFlowLogs(sql, CLUSTER, records.slice(2500, 4000));
  // A retry of part of a batch (other counters: must add nothing), the rest with a repeat inside it.
  const retried = records.slice(3000, 4000).map((f) => ({ ...f, bytesIn: f.bytesIn + 1 }));
  const out = await ingestFlowLogs(sql, CLUSTER, [...retried, ...records.slice(4000), records[4500] as FlowLog]);
  expect(out).toEqual({ accepted: 2000, duplicates: 1001 });
}, 180_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe("planDays", () => {
  it("takes the whole UTC days inside a range's whole hours, none when there is none", () => {
    const d = 20_000 * DAY;
    expect(planDays(planRange(d - 30, d + 2 * DAY + 90))).toEqual({ fromDay: d, toDay: d + 2 * DAY });
    // `from` exactly at midnight: its first minute is read raw, so the first whole hour is 01:00.
    expect(planDays(planRange(d, d + 2 * DAY))).toEqual({ fromDay: d + DAY, toDay: d + 2 * DAY });
    // One minute before midnight: the day starting then is whole.
    expect(planDays(planRange(d - 60, d + DAY))).toEqual({ fromDay: d, toDay: d + DAY });
    expect(planDays(planRange(d - 60, d + DAY - 1))).toEqual({ fromDay: d, toDay: d });
    expect(planDays(planRange(d - 3600, d + 3600))).toEqual({ fromDay: d, toDay: d });
  });
});

describe("day rows", () => {
  it("sum every stored record once (retries and repeats add nothing), over five days", async () => {
    const sql = await getSql();
    const { rows } = await sql.query<{ days: unknown; records: unknown; bytes: unknown }>(`SELECT count(DISTINCT "bucket") AS days, sum("records") AS records, sum("bytesIn") AS bytes FROM "FlowDayRollup" WHERE "clusterId" = $1`, [CLUSTER]);
    const stored = await sql.query<{ records: unknown; bytes: unknown }>(`SELECT count(*) AS records, sum("bytesIn") AS bytes FROM "FlowLog" WHERE "clusterId" = $1`, [CLUSTER]);
    expect(n(rows[0]?.days)).toBe(5);
    expect(n(rows[0]?.records)).toBe(6000);
    expect(n(rows[0]?.bytes)).toBe(n(stored.rows[0]?.bytes));
  });

  it("equal the sums of their days' hourly rows, fields, times and counters", async () => {
    const sql = await getSql();
    const fromHours = `SELECT date_bin('1 day', "bucket", TIMESTAMPTZ '1970-01-01 00:00:00+00') AS "bucket", "groupKey", ${ROLLUP_KEYS.map((k) => `min("${k}"::text) AS "${k}"`).join(", ")},
        min("minStart") AS "minStart", max("maxEnd") AS "maxEnd", sum("records") AS "records", ${ROLLUP_SUMS.map((k) => `sum("${k}") AS "${k}"`).join(", ")}
        FROM "FlowRollup" WHERE "clusterId" = $1 AND "grain" = 3600 GROUP BY 1, 2`;
    const days = `SELECT "bucket", "groupKey", ${ROLLUP_KEYS.map((k) => `"${k}"::text`).join(", ")}, "minStart", "maxEnd", "records", ${ROLLUP_SUMS.map((k) => `"${k}"`).join(", ")} FROM "FlowDayRollup" WHERE "clusterId" = $1`;
    const diff = async (a: string, b: string): Promise<number> => n((await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM (${a} EXCEPT ALL ${b}) AS d`, [CLUSTER])).rows[0]?.n);
    expect(await diff(days, fromHours)).toBe(0);
    expect(await diff(fromHours, days)).toBe(0);
    expect(n((await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM "FlowDayRollup" WHERE "clusterId" = $1`, [CLUSTER])).rows[0]?.n)).toBeGreaterThan(100);
  });

  it("are the same when every batch holds one hour of records (day rows added without grouping)", async () => {
    const sql = await getSql();
    const other = "days-hourly";
    await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [other]);
    const records = generate(6000, 11);
    const spread = new RollupAccumulator();
    spread.add(records.slice(0, 2500));
    expect(spread.deltas().oneHourPerDay).toBe(false);
    const byHour = new Map<number, FlowLog[]>();
    for (const f of records) {
      const hour = Math.floor(Math.round(f.startTime * 1000) / 1000 / 3600);
      byHour.set(hour, [...(byHour.get(hour) ?? []), f]);
    }
    for (const batch of byHour.values()) {
      const one = new RollupAccumulator();
      one.add(batch);
      expect(one.deltas().oneHourPerDay).toBe(true);
      await ingestFlowLogs(sql, other, batch);
    }
    await expectSameRollups(sql, CLUSTER, other);
    await dropFlows(sql, other);
  });

  it("are the same when every batch holds one minute of records (hour and day rows made from the staged minute rows)", async () => {
    const sql = await getSql();
    const other = "days-minutely";
    await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [other]);
    const records = generate(6000, 11);
    // Batches in which each rollup group has records of one minute per UTC day at most (as a
    // flush interval's batch has): each record goes into the first batch where its group has
    // no other minute that day.
    const groupOf = (f: FlowLog): string =>
      JSON.stringify([f.source.type, f.source.namespace, f.source.nameAggr, f.dest.type, f.dest.namespace, f.dest.nameAggr, f.destService, f.destDomains, f.dest.port, f.proto, f.action, f.reporter, f.policies]);
    const batches: { records: FlowLog[]; minutes: Map<string, number> }[] = [];
    for (const f of records) {
      const start = Math.round(f.startTime * 1000) / 1000;
      const slot = `${groupOf(f)}|${Math.floor(start / DAY)}`;
      const minute = Math.floor(start / 60);
      let batch = batches.find((b) => (b.minutes.get(slot) ?? minute) === minute);
      if (batch === undefined) {
        batch = { records: [], minutes: new Map() };
        batches.push(batch);
      }
      batch.minutes.set(slot, minute);
      batch.records.push(f);
    }
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const one = new RollupAccumulator();
      one.add(batch.records);
      const deltas = one.deltas();
      expect(deltas.oneMinutePerDay).toBe(true);
      expect(deltas.rows.every((row) => row.grain === 60)).toBe(true);
      await ingestFlowLogs(sql, other, batch.records);
    }
    await expectSameRollups(sql, CLUSTER, other);
    await dropFlows(sql, other);
  });

  it("are rebuilt by ROLLUP_REBUILD_SQL then DAY_ROLLUP_REBUILD_SQL exactly as ingestion wrote them", async () => {
    const { ROLLUP_REBUILD_SQL } = await import("@/lib/server/flows/rollup");
    const sql = await getSql();
    const all = (table: string): string => `SELECT * FROM "${table}" WHERE "clusterId" = '${CLUSTER}'`;
    const rollback = new Error("rollback");
    const counts = await sql
      .transaction(async (tx) => {
        await tx.query(`CREATE TEMP TABLE "savedRollup" ON COMMIT DROP AS ${all("FlowRollup")}`);
        await tx.query(`CREATE TEMP TABLE "savedDay" ON COMMIT DROP AS ${all("FlowDayRollup")}`);
        await tx.query(`DELETE FROM "FlowRollup" WHERE "clusterId" = $1`, [CLUSTER]);
        await tx.query(`DELETE FROM "FlowDayRollup" WHERE "clusterId" = $1`, [CLUSTER]);
        const from = D0 - DAY;
        const to = D0 + 4 * DAY;
        for (const statement of ROLLUP_REBUILD_SQL) await tx.query(statement, [CLUSTER, from, to]);
        await tx.query(DAY_ROLLUP_REBUILD_SQL, [CLUSTER, from, to]);
        const diff = async (a: string, b: string): Promise<number> => n((await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM (${a} EXCEPT ALL ${b}) AS d`)).rows[0]?.n);
        const out = {
          rollupMissing: await diff(`SELECT * FROM "savedRollup"`, all("FlowRollup")),
          rollupExtra: await diff(all("FlowRollup"), `SELECT * FROM "savedRollup"`),
          dayMissing: await diff(`SELECT * FROM "savedDay"`, all("FlowDayRollup")),
          dayExtra: await diff(all("FlowDayRollup"), `SELECT * FROM "savedDay"`),
          days: n((await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM "savedDay"`)).rows[0]?.n),
        };
        throw Object.assign(rollback, { out });
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
        return (e as Error & { out: Record<string, number> }).out;
      });
    expect(counts).toEqual({ rollupMissing: 0, rollupExtra: 0, dayMissing: 0, dayExtra: 0, days: expect.any(Number) });
    expect(counts.days).toBeGreaterThan(100);
    // The rebuild was rolled back: ingestion's rows are still there.
    const { rows } = await sql.query<{ n: unknown }>(`SELECT sum("records") AS n FROM "FlowDayRollup" WHERE "clusterId" = $1`, [CLUSTER]);
    expect(n(rows[0]?.n)).toBe(6000);
  });
});

/** Ranges with edges on, just before and just after midnights (and whole-hour, whole-minute edges). */
const RANGES: readonly (readonly [string, number, number])[] = [
  ["the whole span", D0 - DAY, D0 + 5 * DAY],
  ["midnight to midnight", D0, D0 + 3 * DAY],
  ["a second either side of midnights", D0 - 1, D0 + 2 * DAY + 1],
  ["a second inside midnights", D0 + 1, D0 + 2 * DAY - 1],
  ["a minute before midnight to a minute after", D0 - 60, D0 + 2 * DAY + 60],
  ["61 s before midnight to 59 s after", D0 - 61, D0 + DAY + 59],
  ["an hour and a bit either side", D0 - 3630, D0 + 2 * DAY + 3630],
  ["exactly one whole day read from the day rows", D0 + DAY - 60, D0 + 2 * DAY],
  ["from midnight, just under one whole day", D0 + DAY, D0 + 2 * DAY + 59],
  ["unaligned, days long", D0 + 12_345.678, D0 + 2 * DAY + 54_321.25],
  ["across one midnight, no whole day", D0 + DAY - 5 * 3600, D0 + DAY + 5 * 3600],
];

describe("reads over whole days equal raw reads", () => {
  for (const [name, from, to] of RANGES) {
    for (const level of ["namespace", "workload"] as const) {
      it(`graph groups and graph, ${level} level: ${name}`, async () => {
        const [rolled, raw] = await Promise.all([groupedFlows(CLUSTER, from, to, level), groupedFlowsRaw(CLUSTER, from, to, level)]);
        expect(raw.length).toBeGreaterThan(0);
        expect(sortedJson(rolled)).toEqual(sortedJson(raw));
        const a = buildGraph(rolled, { level, expanded: [] });
        const b = buildGraph(raw, { level, expanded: [] });
        expect(sortedJson(a.edges)).toEqual(sortedJson(b.edges));
      });
    }
    it(`namespace-filtered groups, board trace hits and row count: ${name}`, async () => {
      const [rolled, raw] = await Promise.all([groupedFlows(CLUSTER, from, to, "workload", ["db"]), groupedFlowsRaw(CLUSTER, from, to, "workload", ["db"])]);
      expect(sortedJson(rolled)).toEqual(sortedJson(raw));
      const [hits, rawHits] = await Promise.all([readTraceHitGroups(CLUSTER, { from, to }), readTraceHitGroups(CLUSTER, { from, to }, { raw: true })]);
      expect(hits.records).toBe(rawHits.records);
      expect(sortedJson(hits.groups)).toEqual(sortedJson(rawHits.groups));
      const sql = await getSql();
      const { rows } = await sql.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM "FlowLog" WHERE "clusterId" = $1 AND "endTime" > to_timestamp($2) AND "startTime" >= to_timestamp($2 - 3600) AND "startTime" < to_timestamp($3)`,
        [CLUSTER, from, to],
      );
      expect((await countFlows(CLUSTER, { from, to })).count).toBe(n(rows[0]?.n));
    });
  }

  it("reads the whole days from the day rows (a changed day row changes the read)", async () => {
    const sql = await getSql();
    const from = D0 - 60;
    const to = D0 + DAY;
    const before = await groupedFlows(CLUSTER, from, to, "namespace");
    const { rowCount } = await sql.query(`UPDATE "FlowDayRollup" SET "bytesIn" = "bytesIn" + 1000000 WHERE "clusterId" = $1 AND "bucket" = to_timestamp($2)`, [CLUSTER, D0]);
    try {
      expect(rowCount).toBeGreaterThan(0);
      const after = await groupedFlows(CLUSTER, from, to, "namespace");
      const total = (xs: readonly FlowLog[]): number => xs.reduce((s, f) => s + f.bytesIn, 0);
      expect(total(after) - total(before)).toBe(rowCount * 1_000_000);
    } finally {
      await sql.query(`UPDATE "FlowDayRollup" SET "bytesIn" = "bytesIn" - 1000000 WHERE "clusterId" = $1 AND "bucket" = to_timestamp($2)`, [CLUSTER, D0]);
    }
  });
});

describe("retention", () => {
  it("deletes the day rows whose records all ended before the cutoff, keeps the others whole", async () => {
    const sql = await getSql();
    const cutoff = D0 + DAY + 12 * 3600;
    const before = await sql.query<{ b: unknown; records: unknown }>(`SELECT extract(epoch from "bucket")::bigint AS b, sum("records") AS records FROM "FlowDayRollup" WHERE "clusterId" = $1 GROUP BY 1 ORDER BY 1`, [CLUSTER]);
    await pruneFlowLogs(sql, new Date((cutoff + 7 * DAY) * 1000), 7);
    const { rows } = await sql.query<{ b: unknown; records: unknown; stale: unknown }>(
      `SELECT extract(epoch from "bucket")::bigint AS b, sum("records") AS records, count(*) FILTER (WHERE "maxEnd" < to_timestamp($2)) AS stale FROM "FlowDayRollup" WHERE "clusterId" = $1 GROUP BY 1 ORDER BY 1`,
      [CLUSTER, cutoff],
    );
    // The days before the cutoff's day went; the cutoff's day keeps the groups with a record ending after it.
    expect(rows.map((r) => n(r.b) - D0)).toEqual([DAY, 2 * DAY, 3 * DAY]);
    expect(rows.every((r) => n(r.stale) === 0)).toBe(true);
    expect(rows.slice(1).map((r) => n(r.records))).toEqual(before.rows.slice(-2).map((r) => n(r.records)));
    // A range after the cutoff still reads exactly the raw records.
    const [rolled, raw] = await Promise.all([groupedFlows(CLUSTER, D0 + 2 * DAY - 30, D0 + 4 * DAY, "workload"), groupedFlowsRaw(CLUSTER, D0 + 2 * DAY - 30, D0 + 4 * DAY, "workload")]);
    expect(raw.length).toBeGreaterThan(0);
    expect(sortedJson(rolled)).toEqual(sortedJson(raw));
  });
});
