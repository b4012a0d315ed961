/**
 * Tuple-summary parity: the impact preview's distinct connections read through the per-hour
 * summaries (tuple-hours.ts) equal the same read over the raw records — for ranges with partial
 * first and last hours, hour-aligned ones, ranges shorter than an hour and a minute, and after
 * late records land in an hour already summarised (which must then be recomputed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { aFlow, aNet, aWep } from "@/lib/testing/flow-builders";
import { closeDatabase, getSql } from "@/lib/server/db";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { groupedFlows } from "@/lib/server/flows/graph";
import { readFlowTuples } from "@/lib/server/flows/policy-reads";
import { pruneFlowLogs } from "@/lib/server/flows/retention";
import { ensureTupleHours, summariseRecentHours, tupleRangeHours } from "@/lib/server/flows/tuple-hours";
import { mulberry32 } from "@/lib/random";

const CLUSTER = "tuples";
const T0 = 1_700_000_000 - (1_700_000_000 % 3600) + 1234; // not aligned to anything
let dir: string;

function generate(n: number, seed: number, span = 4 * 3600): FlowLog[] {
  const r = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const start = T0 + Math.floor(r() * span) - 1800 + pick([0, 0.25, 0.5]);
    const srcNs = pick(["dev", "prod", "kube-system"]);
    const dstNs = pick(["dev", "prod", "db"]);
    const external = r() < 0.1;
    return aFlow({
      startTime: start,
      endTime: start + pick([0, 1, 15, 59, 60, 300, 900]),
      source: aWep(srcNs, `client-${i % 4}-${pick(["abcde", "fghij"])}`, { ip: r() < 0.2 ? null : `10.0.0.${i % 5}`, port: 30000 + i }),
      dest: external ? aNet(`93.184.216.${i % 3}`, "pub", { port: 443 }) : aWep(dstNs, `server-${i % 3}-${pick(["klmno", "pqrst"])}`, { ip: `10.0.1.${i % 4}`, port: r() < 0.1 ? null : pick([80, 5432]) }),
      destDomains: external && r() < 0.5 ? ["example.com", "api.example.com"] : [],
      proto: pick(["tcp", "udp"]),
      action: r() < 0.2 ? "deny" : "allow",
      reporter: pick(["src", "dst"] as const),
    });
  });
}

const sortedJson = (xs: readonly unknown[]): string[] => xs.map((x) => JSON.stringify(x)).sort();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-tuple-hours-"));
  process.env.PALISADE_DATA_DIR = dir;
  process.env.PALISADE_BACKGROUND_JOBS = "0";
  delete process.env.DATABASE_URL;
  const sql = await getSql();
  await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [CLUSTER]);
  await ingestFlowLogs(sql, CLUSTER, generate(2500, 11));
}, 120_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

const RANGES: readonly (readonly [string, number, number])[] = [
  ["the whole span", T0 - 7200, T0 + 6 * 3600],
  ["unaligned, hours long (partial first and last hours)", T0 + 17.5, T0 + 2 * 3600 + 31.25],
  ["hour-aligned", T0 - 1234 + 3600, T0 - 1234 + 3 * 3600],
  ["one hour and a minute", T0 - 1234 + 3600 - 60, T0 - 1234 + 7200 + 60],
  ["minute-aligned, under an hour", T0 - 34 + 600, T0 - 34 + 1800],
  ["shorter than a minute", T0 + 100, T0 + 140],
];

async function expectParity(from: number, to: number): Promise<void> {
  const [summarised, raw] = [await readFlowTuples(CLUSTER, { from, to }, 100_000), await readFlowTuples(CLUSTER, { from, to }, 100_000, { raw: true })];
  expect(raw.records).toBeGreaterThan(0);
  expect(summarised.records).toBe(raw.records);
  expect(summarised.truncated).toBe(false);
  expect(sortedJson(summarised.tuples)).toEqual(sortedJson(raw.tuples));
  // Most frequent first, as the raw read orders them.
  expect(summarised.tuples.map((t) => t.records)).toEqual(raw.tuples.map((t) => t.records));
}

describe("readFlowTuples through the per-hour summaries", () => {
  it("background work summarises the last day's whole hours once", async () => {
    const sql = await getSql();
    const now = T0 - 1234 + 5 * 3600 + 10;
    const computed = await summariseRecentHours(sql, now);
    expect(computed).toBeGreaterThanOrEqual(4); // the hours of the records before `now`
    expect(await ensureTupleHours(sql, CLUSTER, now - (now % 3600) - 24 * 3600, now - (now % 3600))).toEqual([]);
    expect(await summariseRecentHours(sql, now)).toBe(0);
  });

  for (const [name, from, to] of RANGES) {
    it(`equals the raw read: ${name}`, async () => {
      await expectParity(from, to);
    });
  }

  it("computes an hour once and again only after its records changed", async () => {
    const sql = await getSql();
    const { fromHour, toHour } = tupleRangeHours(T0 - 7200, T0 + 6 * 3600);
    expect(toHour - fromHour).toBeGreaterThanOrEqual(4 * 3600);
    expect(await ensureTupleHours(sql, CLUSTER, fromHour, toHour)).toEqual([]);
    // Late records for an hour already summarised, one of them a new connection.
    const hour = T0 - 1234 + 3600;
    const late = generate(30, 99).map((f, i) => ({ ...f, startTime: hour + 10 + i, endTime: hour + 20 + i }));
    late.push(aFlow({ startTime: hour + 100, endTime: hour + 115, source: aWep("late", "newcomer-uvwxy") }));
    await ingestFlowLogs(sql, CLUSTER, late);
    for (const [, from, to] of RANGES) await expectParity(from, to);
    expect(await ensureTupleHours(sql, CLUSTER, fromHour, toHour)).toEqual([]);
    const { rows } = await sql.query<{ n: unknown }>(`SELECT count(DISTINCT "generation") AS n FROM "FlowTupleHour" WHERE "clusterId" = $1 AND "bucket" = to_timestamp($2)`, [CLUSTER, hour]);
    expect(Number(rows[0]?.n)).toBe(1); // the replaced generation is gone
  });

  it("cuts at the limit and says so, keeping the most frequent", async () => {
    const all = await readFlowTuples(CLUSTER, { from: T0 - 7200, to: T0 + 6 * 3600 }, 100_000);
    const cut = await readFlowTuples(CLUSTER, { from: T0 - 7200, to: T0 + 6 * 3600 }, 5);
    expect(cut.truncated).toBe(true);
    expect(cut.records).toBe(all.records);
    expect(cut.tuples.map((t) => t.records)).toEqual(all.tuples.slice(0, 5).map((t) => t.records));
  });

  it("goes with the records at retention, as do the graph's group fields", async () => {
    const sql = await getSql();
    expect((await groupedFlows(CLUSTER, T0 - 7200, T0 + 6 * 3600, "workload")).length).toBeGreaterThan(0);
    const count = async (table: string): Promise<number> => Number((await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM "${table}" WHERE "clusterId" = $1`, [CLUSTER])).rows[0]?.n);
    expect(await count("FlowGroup")).toBeGreaterThan(0);
    expect(await count("FlowTupleHour")).toBeGreaterThan(0);
    await pruneFlowLogs(sql, new Date((T0 + 30 * 86_400) * 1000), 7);
    for (const table of ["FlowLog", "FlowRollup", "FlowTupleHour", "FlowTupleHourState", "FlowGroup"]) expect(await count(table)).toBe(0);
  });
});

describe("ensureTupleHours' parallel computations", () => {
  it("computes every stale hour, two at a time, and rethrows the first failure only once all have settled", async () => {
    const hours = [0, 1, 2, 3, 4].map((h) => 1_700_002_800 + h * 3600);
    let inFlight = 0;
    let most = 0;
    let failing: number | undefined = hours[1];
    const computed: number[] = [];
    const fake = {
      async query(text: string, params: readonly unknown[] = []) {
        if (text.includes("FULL JOIN")) return { rows: hours.map((hour) => ({ hour, rolled: 1, summarised: null })), rowCount: hours.length };
        if (text.includes(`INSERT INTO "FlowTupleHour"`)) {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          if (params[1] === failing) throw new Error("disk full");
          computed.push(params[1] as number);
        }
        return { rows: [], rowCount: 0 };
      },
    } as unknown as Parameters<typeof ensureTupleHours>[0];
    await expect(ensureTupleHours(fake, CLUSTER, hours[0] as number, (hours[4] as number) + 3600)).rejects.toThrow("disk full");
    expect(inFlight).toBe(0);
    expect(most).toBe(2);
    expect(computed.sort()).toEqual([hours[0], hours[2], hours[3], hours[4]]);
    inFlight = 0;
    most = 0;
    computed.length = 0;
    failing = undefined;
    expect(await ensureTupleHours(fake, CLUSTER, hours[0] as number, (hours[4] as number) + 3600)).toEqual(hours);
    expect(computed.sort()).toEqual(hours);
    expect(most).toBe(2);
  });
});
