/**
 * Rollup parity: on generated records (unaligned times, intervals crossing minute and hour
 * boundaries, zero-length intervals, missing traces and ports, domains, retried and repeated
 * records), the rollup-based reads — the service graph's groups at namespace and workload level
 * and the board's trace-hit counters — equal the same reads over the raw records, for ranges
 * that are aligned, unaligned, shorter than a minute and longer than hours.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { buildGraph } from "@/lib/graph";
import { aFlow } from "@/lib/testing/flow-builders";
import { closeDatabase, getSql } from "@/lib/server/db";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { groupedFlows, groupedFlowsRaw } from "@/lib/server/flows/graph";
import { planRange, ROLLUP_KEYS } from "@/lib/server/flows/rollup";
import { readTraceHitGroups } from "@/lib/server/flows/policy-reads";
import { mulberry32 } from "@/lib/random";

const CLUSTER = "parity";
const T0 = 1_700_000_000 - (1_700_000_000 % 3600) + 1234; // not aligned to anything
let dir: string;

function generate(n: number, seed: number): FlowLog[] {
  const r = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const base = aFlow();
  return Array.from({ length: n }, (_, i) => {
    const start = T0 + Math.floor(r() * 4 * 3600) - 1800;
    const length = pick([0, 1, 15, 59, 60, 300, 900]);
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

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-rollup-"));
  process.env.PALISADE_DATA_DIR = dir;
  process.env.PALISADE_BACKGROUND_JOBS = "0";
  delete process.env.DATABASE_URL;
  const sql = await getSql();
  await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [CLUSTER]);
  const records = generate(3000, 7);
  await ingestFlowLogs(sql, CLUSTER, records.slice(0, 2000));
  // A retry of part of a batch (with other counters), plus the rest with a record repeated inside it.
  const retried = records.slice(1500, 2000).map((f) => ({ ...f, bytesIn: f.bytesIn + 1 }));
  const out = await ingestFlowLogs(sql, CLUSTER, [...retried, ...records.slice(2000), records[2500] as FlowLog]);
  expect(out).toEqual({ accepted: 1000, duplicates: 501 });
}, 120_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

const RANGES: readonly (readonly [string, number, number])[] = [
  ["the whole span", T0 - 7200, T0 + 6 * 3600],
  ["unaligned, hours long", T0 + 17.5, T0 + 2 * 3600 + 31.25],
  ["hour-aligned", T0 - 1234 + 3600, T0 - 1234 + 3 * 3600],
  ["minute-aligned, under an hour", T0 - 34 + 600, T0 - 34 + 1800],
  ["shorter than a minute", T0 + 100, T0 + 140],
  ["one minute exactly", T0 - 34 + 120, T0 - 34 + 180],
];

describe("planRange", () => {
  it("covers whole minutes strictly after from and not after to, hours inside them", () => {
    const p = planRange(3600 * 10 + 30, 3600 * 13 + 90);
    expect(p).toEqual({ fromBucket: 3600 * 10 + 60, toBucket: 3600 * 13 + 60, fromHour: 3600 * 11, toHour: 3600 * 13 });
    expect(planRange(120, 120 + 59)).toEqual({ fromBucket: 180, toBucket: 180, fromHour: 180, toHour: 180 });
    // An aligned `from` still reads its first minute raw (a record at `from` of zero length does not overlap).
    expect(planRange(3600, 7200).fromBucket).toBe(3660);
  });
});

describe("rollup reads equal raw reads", () => {
  it("keeps one record per stored row in both grains (retries and repeats add nothing)", async () => {
    const sql = await getSql();
    const { rows } = await sql.query<{ grain: number; n: string | number }>(`SELECT "grain", sum("records") AS n FROM "FlowRollup" WHERE "clusterId" = $1 GROUP BY 1 ORDER BY 1`, [CLUSTER]);
    const stored = await sql.query<{ n: string | number; b: string | number }>(`SELECT count(*) AS n, sum("bytesIn") AS b FROM "FlowLog" WHERE "clusterId" = $1`, [CLUSTER]);
    expect(rows.map((r) => [Number(r.grain), Number(r.n)])).toEqual([
      [60, 3000],
      [3600, 3000],
    ]);
    expect(Number(stored.rows[0]?.n)).toBe(3000);
    const rolled = await sql.query<{ b: string | number }>(`SELECT sum("bytesIn") AS b FROM "FlowRollup" WHERE "clusterId" = $1 AND "grain" = 3600`, [CLUSTER]);
    expect(Number(rolled.rows[0]?.b)).toBe(Number(stored.rows[0]?.b));
  });

  it("hashes group keys as 0040's backfill does in SQL (rows written before and after the migration merge)", async () => {
    const sql = await getSql();
    const expr = `md5(concat_ws(chr(31), ${ROLLUP_KEYS.map((k) => `coalesce("${k}"::text, '\\N')`).join(", ")}))`;
    const { rows } = await sql.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM (SELECT ${expr} AS k FROM "FlowLog" WHERE "clusterId" = $1 EXCEPT SELECT "groupKey" FROM "FlowRollup" WHERE "clusterId" = $1) AS missing`,
      [CLUSTER],
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });

  for (const [name, from, to] of RANGES) {
    for (const level of ["namespace", "workload"] as const) {
      it(`graph groups and graph, ${level} level: ${name}`, async () => {
        const [rolled, raw] = await Promise.all([groupedFlows(CLUSTER, from, to, level), groupedFlowsRaw(CLUSTER, from, to, level)]);
        expect(raw.length).toBeGreaterThan(0);
        expect(sortedJson(rolled)).toEqual(sortedJson(raw));
        const a = buildGraph(rolled, { level, expanded: [] });
        const b = buildGraph(raw, { level, expanded: [] });
        expect(sortedJson(a.nodes)).toEqual(sortedJson(b.nodes));
        expect(sortedJson(a.edges)).toEqual(sortedJson(b.edges));
      });
    }
    it(`namespace-filtered groups: ${name}`, async () => {
      const [rolled, raw] = await Promise.all([groupedFlows(CLUSTER, from, to, "workload", ["db"]), groupedFlowsRaw(CLUSTER, from, to, "workload", ["db"])]);
      expect(sortedJson(rolled)).toEqual(sortedJson(raw));
    });
    it(`board trace hits: ${name}`, async () => {
      const [rolled, raw] = await Promise.all([readTraceHitGroups(CLUSTER, { from, to }), readTraceHitGroups(CLUSTER, { from, to }, { raw: true })]);
      expect(raw.records).toBeGreaterThan(0);
      expect(rolled.records).toBe(raw.records);
      expect(sortedJson(rolled.groups)).toEqual(sortedJson(raw.groups));
    });
  }
});
