/**
 * Daily partitions of the flow tables (0100_flow_partitions), on the embedded PGlite and on a
 * real PostgreSQL when one is available: ingestion creates the days a batch needs and stays
 * idempotent across them, retention drops whole expired days and deletes exactly the records
 * that ended before the cutoff, a partition dropped behind the process's back is made again, and
 * the migration moves the rows of an existing database into partitions with their ids.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsLog, FlowLog } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import { loadMigrations, migrate } from "@/lib/server/db/migrate";
import { openPgSql } from "@/lib/server/db/pg-sql";
import { openPGliteSql } from "@/lib/server/db/pglite-sql";
import type { Sql } from "@/lib/server/db/sql";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";
import { ingestDnsLogs, ingestFlowLogs } from "@/lib/server/flows/ingest";
import { dayOf, ensurePartitionsAhead, listPartitions, partitionName } from "@/lib/server/flows/partitions";
import { pruneFlowLogs } from "@/lib/server/flows/retention";
import { ROLLUP_KEYS } from "@/lib/server/flows/rollup";

const DAY = 86_400;
const D0 = 1_700_006_400; // 2023-11-15 00:00:00 UTC

const n = async (sql: Sql, text: string, params: unknown[] = []): Promise<number> => Number((await sql.query<{ n: string | number }>(text, params)).rows[0]?.n);

function flows(start: number, count: number, length = 15, port = 40000): FlowLog[] {
  return Array.from({ length: count }, (_, i) => aFlow({ startTime: start + i, endTime: start + i + length, source: { ...aFlow().source, port: port + i } }));
}

const dnsRecord = (start: number): DnsLog => ({
  startTime: start,
  endTime: start + 15,
  type: "LOG",
  count: 1,
  clientIp: null,
  clientName: "-",
  clientNameAggr: "centos-*",
  clientNamespace: "dev",
  clientLabels: {},
  qname: "example.com",
  qtype: "A",
  qclass: "IN",
  rcode: "NoError",
  rrsets: [],
  servers: [],
});

function partitionSuite(open: () => Promise<Sql>): void {
  let sql: Sql;
  beforeAll(async () => {
    sql = await open();
    await migrate(sql);
    await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded')`);
  }, 120_000);
  afterAll(async () => sql?.close());

  it("names a partition by its UTC day", () => {
    expect(partitionName("FlowLog", D0)).toBe("FlowLog_p20231115");
    expect(dayOf(D0 + DAY - 0.001)).toBe(D0);
    expect(dayOf(D0 + DAY)).toBe(D0 + DAY);
  });

  it("creates the days a batch needs, stores each record in its day, and a retry adds nothing", async () => {
    // 200 records across midnight, 100 on each side; one exactly at midnight belongs to the next day.
    const batch = flows(D0 + DAY - 100, 200);
    expect(await ingestFlowLogs(sql, "c1", batch)).toEqual({ accepted: 200, duplicates: 0 });
    expect(await ingestFlowLogs(sql, "c1", batch.map((f) => ({ ...f, bytesIn: f.bytesIn + 1 })))).toEqual({ accepted: 0, duplicates: 200 });
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog_p20231115"`)).toBe(100);
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog_p20231116"`)).toBe(100);
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog"`)).toBe(200);
    expect(await n(sql, `SELECT sum("records") AS n FROM "FlowRollup" WHERE "grain" = 60`)).toBe(200);
    expect(await ingestDnsLogs(sql, "c1", [dnsRecord(D0 + 10), dnsRecord(D0 + DAY + 10)])).toEqual({ accepted: 2, duplicates: 0 });
    expect(await ingestDnsLogs(sql, "c1", [dnsRecord(D0 + 10)])).toEqual({ accepted: 0, duplicates: 1 });
    expect((await listPartitions(sql, "DnsLog")).map((p) => p.name)).toEqual(["DnsLog_p20231115", "DnsLog_p20231116"]);
  });

  it("makes a partition again when another process dropped it", async () => {
    await sql.query(`DROP TABLE "FlowLog_p20231116"`);
    expect(await ingestFlowLogs(sql, "c1", flows(D0 + DAY + 10, 3, 15, 50000))).toEqual({ accepted: 3, duplicates: 0 });
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog_p20231116"`)).toBe(3);
  });

  it("keeps the rollups equal to the stored records' sums across days, chunks, retries and repeats", async () => {
    // A clean slate (the test above dropped a day's records behind the rollups' back).
    await sql.query(`DELETE FROM "FlowLog"`);
    await sql.query(`DELETE FROM "FlowRollup"`);
    // Many statement chunks, across midnight, part of it already stored, one record repeated, and
    // more rollup rows than one upsert statement takes (a group per record in most cases).
    const big = flows(D0 + DAY - 6000, 12_000, 90, 10000).map((f, i) => ({ ...f, dest: { ...f.dest, namespace: `ns-${i % 7}`, nameAggr: `w-${i % 5000}` }, bytesIn: i }));
    await ingestFlowLogs(sql, "c1", big.slice(0, 1000));
    const out = await ingestFlowLogs(sql, "c1", [...big, big[4000] as FlowLog]);
    expect(out).toEqual({ accepted: 11_000, duplicates: 1001 });
    const groupKey = `md5(concat_ws(chr(31), ${ROLLUP_KEYS.map((k) => `coalesce("${k}"::text, '\\N')`).join(", ")}))`;
    const epoch = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;
    const fromRecords = (grain: number, unit: string): string =>
      `SELECT ${grain} AS grain, extract(epoch from date_bin('1 ${unit}', "startTime", ${epoch}))::float8 AS bucket, ${groupKey} AS k, count(*)::float8 AS records, sum("bytesIn")::float8 AS bytes,
              sum("numFlows")::float8 AS flows, extract(epoch from min("startTime"))::float8 AS lo, extract(epoch from max("endTime"))::float8 AS hi
         FROM "FlowLog" WHERE "clusterId" = 'c1' GROUP BY 2, 3`;
    const expected = await sql.query(`${fromRecords(60, "minute")} UNION ALL ${fromRecords(3600, "hour")} ORDER BY 1, 2, 3`);
    const actual = await sql.query(
      `SELECT "grain" AS grain, extract(epoch from "bucket")::float8 AS bucket, "groupKey" AS k, "records"::float8 AS records, "bytesIn"::float8 AS bytes, "numFlows"::float8 AS flows,
              extract(epoch from "minStart")::float8 AS lo, extract(epoch from "maxEnd")::float8 AS hi
         FROM "FlowRollup" WHERE "clusterId" = 'c1' ORDER BY 1, 2, 3`,
    );
    expect(actual.rows.length).toBeGreaterThan(20_000);
    expect(actual.rows.map((r) => JSON.stringify(r))).toEqual(expected.rows.map((r) => JSON.stringify(r)));
  }, 60_000);

  it("creates today's partitions and the next days' ahead", async () => {
    const now = new Date(Date.UTC(2023, 10, 20, 13, 0, 0));
    await ensurePartitionsAhead(sql, now);
    const names = (await listPartitions(sql, "FlowLog")).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["FlowLog_p20231120", "FlowLog_p20231121", "FlowLog_p20231122"]));
    expect((await listPartitions(sql, "DnsLog")).map((p) => p.name)).toEqual(expect.arrayContaining(["DnsLog_p20231120", "DnsLog_p20231122"]));
  });

  it("retention drops whole expired days and deletes exactly the records that ended before the cutoff", async () => {
    await sql.query(`DELETE FROM "FlowLog"`);
    const day1 = D0 + 10 * DAY;
    // Day 1: short records (all expired at the cutoff below) → the partition is dropped.
    await ingestFlowLogs(sql, "c1", flows(day1 + 100, 50));
    // Day 2: short records plus one lasting past the cutoff → the partition stays, its expired rows go.
    await ingestFlowLogs(sql, "c1", [...flows(day1 + DAY + 100, 40), ...flows(day1 + 2 * DAY - 10, 1, 3 * 3600, 60000)]);
    // Day 3 holds the cutoff: records ending before it go, the others stay.
    const cutoff = day1 + 2 * DAY + 3600;
    await ingestFlowLogs(sql, "c1", [...flows(cutoff - 1000, 30), ...flows(cutoff - 5, 10, 15, 61000)]);
    const expected = await n(sql, `SELECT count(*) AS n FROM "FlowLog" WHERE "endTime" < to_timestamp($1)`, [cutoff]);
    const kept = await n(sql, `SELECT count(*) AS n FROM "FlowLog" WHERE "endTime" >= to_timestamp($1)`, [cutoff]);
    const retentionDays = 7;
    const pruned = await pruneFlowLogs(sql, new Date((cutoff + retentionDays * DAY) * 1000), retentionDays);
    expect(pruned.flows).toBe(expected);
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog"`)).toBe(kept);
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog" WHERE "endTime" < to_timestamp($1)`, [cutoff])).toBe(0);
    const names = (await listPartitions(sql, "FlowLog")).map((p) => p.name);
    expect(names).not.toContain(partitionName("FlowLog", day1));
    expect(names).toContain(partitionName("FlowLog", day1 + DAY));
    expect(names).toContain(partitionName("FlowLog", day1 + 2 * DAY));
    // Ingestion into a dropped day still works (the partition is made again).
    expect(await ingestFlowLogs(sql, "c1", flows(day1 + 500, 2, 15, 62000))).toEqual({ accepted: 2, duplicates: 0 });
  });
}

describe("flow partitions on PGlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-parts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  partitionSuite(() => openPGliteSql(path.join(dir, "pglite")));
});

const pg = findPostgres();

describe.skipIf(!pg.available)(`flow partitions on PostgreSQL${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());
  partitionSuite(async () => {
    server = await startPostgres();
    return openPgSql(await server.createDatabase());
  });
});

function migrationSuite(open: () => Promise<Sql>): void {
  let sql: Sql;
  afterAll(async () => sql?.close());

  it("moves every row into its day's partition with its id, and ids carry on after it", async () => {
    sql = await open();
    const all = loadMigrations();
    await migrate(
      sql,
      all.filter((m) => m.name < "0100"),
    );
    await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded')`);
    const cols = `"clusterId", "idempotencyKey", "startTime", "endTime", "sourceType", "sourceNamespace", "sourceName", "sourceNameAggr", "destType", "destNamespace", "destName", "destNameAggr", "destServiceNamespace", "destServiceName", "destServicePortName", "proto", "action", "pendingAction", "reporter"`;
    for (let i = 0; i < 30; i++) {
      await sql.query(`INSERT INTO "FlowLog" (${cols}) VALUES ('c1', $1, to_timestamp($2), to_timestamp($2 + 15), 'wep', 'dev', '-', 'a-*', 'wep', 'prod', '-', 'b-*', '-', '-', '-', 'tcp', 'allow', 'allow', 'src')`, [
        `k${i}`,
        D0 + i * 0.4 * DAY,
      ]);
    }
    await sql.query(
      `INSERT INTO "DnsLog" ("clusterId", "idempotencyKey", "startTime", "endTime", "type", "count", "clientName", "clientNameAggr", "clientNamespace", "qname", "qtype", "qclass", "rcode")
       VALUES ('c1', 'd1', to_timestamp($1), to_timestamp($1 + 15), 'LOG', 1, '-', 'x-*', 'dev', 'example.com', 'A', 'IN', 'NoError')`,
      [D0],
    );
    const before = (await sql.query<{ id: string | number; k: string }>(`SELECT "id", "idempotencyKey" AS k FROM "FlowLog" ORDER BY "id"`)).rows.map((r) => [Number(r.id), r.k]);
    expect((await migrate(sql, all)).applied).toContain("0100_flow_partitions");
    const after = (await sql.query<{ id: string | number; k: string }>(`SELECT "id", "idempotencyKey" AS k FROM "FlowLog" ORDER BY "id"`)).rows.map((r) => [Number(r.id), r.k]);
    expect(after).toEqual(before);
    // 30 records 0.4 days apart span 12 days.
    expect((await listPartitions(sql, "FlowLog")).length).toBe(12);
    expect(await n(sql, `SELECT count(*) AS n FROM "FlowLog_p20231115"`)).toBe(3);
    expect(await n(sql, `SELECT count(*) AS n FROM "DnsLog_p20231115"`)).toBe(1);
    expect(await n(sql, `SELECT count(*) AS n FROM pg_class WHERE relname IN ('FlowLog_0002', 'DnsLog_0002')`)).toBe(0);
    await ingestFlowLogs(sql, "c1", flows(D0 + 100, 1));
    const newest = await n(sql, `SELECT max("id") AS n FROM "FlowLog"`);
    expect(newest).toBeGreaterThan(Math.max(...before.map(([id]) => Number(id))));
  }, 120_000);
}

describe("migration 0100 on a database with data (PGlite)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-parts-mig-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  migrationSuite(() => openPGliteSql(path.join(dir, "pglite")));
});

describe.skipIf(!pg.available)("migration 0100 on a database with data (PostgreSQL)", () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());
  migrationSuite(async () => {
    server = await startPostgres();
    return openPgSql(await server.createDatabase());
  });
});
