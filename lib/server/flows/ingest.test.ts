/**
 * Ingestion against a throwaway PGlite: one transaction per batch, ON CONFLICT DO NOTHING on the
 * idempotency key (a retried batch stores nothing new), rows read back equal to what was sent,
 * and DNS records alongside.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DnsLog, FlowLog } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { databaseCases, openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { ingestDnsLogs, ingestFlowLogs } from "@/lib/server/flows/ingest";
import { FLOW_SELECT, toFlowLog } from "@/lib/server/flows/rows";
import { readSimulatorState, writeSimulatorState, writeSimulatorStateIn } from "@/lib/server/flows/settings";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { log } from "@/lib/server/log";

let db: TempDatabase;

beforeAll(async () => {
  db = await openTempPGlite();
  await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded'), ('c2', 'c2', 'embedded')`);
}, 60_000);
afterAll(async () => db?.dispose());

const count = async (cluster: string): Promise<number> => Number((await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE "clusterId" = $1`, [cluster])).rows[0]?.n);

function batch(start: number, n: number): FlowLog[] {
  return Array.from({ length: n }, (_, i) => aFlow({ startTime: start, endTime: start + 15, source: { ...aFlow().source, port: 40000 + i } }));
}

describe("ingestFlowLogs", () => {
  it("stores a batch and reports every record accepted", async () => {
    const out = await ingestFlowLogs(db.sql, "c1", batch(1_700_000_000, 50));
    expect(out).toEqual({ accepted: 50, duplicates: 0 });
    expect(await count("c1")).toBe(50);
  });

  it("stores nothing new when the same batch is retried, even with different counters", async () => {
    const retried = batch(1_700_000_000, 50).map((f) => ({ ...f, bytesIn: f.bytesIn + 7 }));
    expect(await ingestFlowLogs(db.sql, "c1", retried)).toEqual({ accepted: 0, duplicates: 50 });
    expect(await count("c1")).toBe(50);
  });

  it("counts a record repeated inside one batch once", async () => {
    const one = batch(1_700_000_100, 1);
    expect(await ingestFlowLogs(db.sql, "c1", [...one, ...one, ...one])).toEqual({ accepted: 1, duplicates: 2 });
  });

  it("keeps idempotency per cluster: the same record is new in another cluster", async () => {
    expect(await ingestFlowLogs(db.sql, "c2", batch(1_700_000_000, 5))).toEqual({ accepted: 5, duplicates: 0 });
  });

  it("stores all or nothing: an unknown cluster fails the whole batch", async () => {
    await expect(ingestFlowLogs(db.sql, "nope", batch(1_700_000_200, 3))).rejects.toThrow();
    expect(await count("nope")).toBe(0);
  });

  it("reads a record back exactly as it was written", async () => {
    const f = aFlow({
      startTime: 1_700_000_300,
      endTime: 1_700_000_315,
      host: "node-1",
      destService: { namespace: "default", name: "server", portName: "http", portNum: 80 },
      destDomains: ["api.example.com"],
      action: "deny",
      policies: { enforced: ["0|default|default.default-deny|deny|-1"], pending: ["0|default|default.default-deny|deny|-1"] },
    });
    await ingestFlowLogs(db.sql, "c1", [f]);
    const { rows } = await db.sql.query(`SELECT ${FLOW_SELECT}, "pendingAction" FROM "FlowLog" WHERE "clusterId" = 'c1' AND "startTime" = to_timestamp(1700000300)`);
    expect(rows).toHaveLength(1);
    expect(toFlowLog(rows[0] ?? {})).toEqual(f);
    expect(rows[0]?.pendingAction).toBe("deny");
  });

  it("runs inTransaction in the records' transaction: with what was stored, and a failure stores neither", async () => {
    const seen: unknown[] = [];
    const write = async (tx: SqlQueryable, n: number) => {
      await tx.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ($1, '{}'::jsonb, now())`, [`ingest-test-${n}`]);
    };
    const settings = async (n: number) => Number((await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "Setting" WHERE "key" = $1`, [`ingest-test-${n}`])).rows[0]?.n);
    const out = await ingestFlowLogs(db.sql, "c1", batch(1_700_000_400, 3), [], {
      inTransaction: async (tx, stored) => {
        seen.push(stored);
        await write(tx, 1);
      },
    });
    expect(out).toEqual({ accepted: 3, duplicates: 0 });
    expect(seen).toEqual([{ accepted: 3, duplicates: 0 }]);
    expect(await settings(1)).toBe(1);
    // The hook fails after its own write: the records and that write are both rolled back.
    await expect(
      ingestFlowLogs(db.sql, "c1", batch(1_700_000_500, 4), [], {
        inTransaction: async (tx) => {
          await write(tx, 2);
          throw new Error("after the records");
        },
      }),
    ).rejects.toThrow("after the records");
    expect(Number((await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE "clusterId" = 'c1' AND "startTime" = to_timestamp(1700000500)`)).rows[0]?.n)).toBe(0);
    expect(await settings(2)).toBe(0);
    // An empty batch still runs it (an interval with no traffic is still recorded).
    await ingestFlowLogs(db.sql, "c1", [], [], { inTransaction: (tx) => write(tx, 3) });
    expect(await settings(3)).toBe(1);
  });

  it("handles a batch larger than one statement chunk in one transaction", async () => {
    const big = batch(1_700_001_000, 12_000);
    expect(await ingestFlowLogs(db.sql, "c2", big)).toEqual({ accepted: 12_000, duplicates: 0 });
  }, 60_000);
});

describe("writeSimulatorStateIn", () => {
  it("merges into the stored state (as writeSimulatorState) and moves updatedAt forward", async () => {
    await writeSimulatorState(db.prisma, "c1", { paused: true });
    const before = await db.prisma.setting.findUnique({ where: { key: "simulator:c1" } });
    const lastRun = { start: 100, end: 115, flows: 3, dns: 0, accepted: 3, duplicates: 0, at: "2026-01-01T00:00:00.000Z" };
    await db.sql.transaction((tx) => writeSimulatorStateIn(tx, "c1", { lastRun }));
    expect(await readSimulatorState(db.prisma, "c1")).toEqual({ paused: true, lastRun });
    const after = await db.prisma.setting.findUnique({ where: { key: "simulator:c1" } });
    expect(after?.updatedAt.getTime()).toBeGreaterThan(before?.updatedAt.getTime() ?? Number.POSITIVE_INFINITY);
    // A missing row is created.
    await db.sql.transaction((tx) => writeSimulatorStateIn(tx, "c2", { lastRun }));
    expect(await readSimulatorState(db.prisma, "c2")).toEqual({ paused: false, lastRun });
  });
});

describe("ingestDnsLogs", () => {
  const dns: DnsLog = {
    startTime: 1_700_000_000,
    endTime: 1_700_000_015,
    type: "LOG",
    count: 3,
    clientIp: null,
    clientName: "-",
    clientNameAggr: "centos-*",
    clientNamespace: "dev",
    clientLabels: { app: "centos" },
    qname: "api.twilio.com",
    qtype: "A",
    qclass: "IN",
    rcode: "NoError",
    rrsets: [{ name: "api.twilio.com", type: "A", class: "IN", rdata: ["203.0.113.10"] }],
    servers: [{ ip: "10.96.0.10", name: "coredns-*", nameAggr: "coredns-*", namespace: "kube-system", labels: {} }],
  };

  it("stores DNS records idempotently", async () => {
    expect(await ingestDnsLogs(db.sql, "c1", [dns])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await ingestDnsLogs(db.sql, "c1", [{ ...dns, count: 9 }])).toEqual({ accepted: 0, duplicates: 1 });
  });
});

/**
 * The COPY path (one COPY on PGlite, pipelined 1,000-row COPYs on PostgreSQL) and its fallback:
 * a batch holding stored records is refused by the unique index, rolled back to the savepoint
 * and stored with ON CONFLICT DO NOTHING; the rollups count exactly the rows stored.
 */
for (const c of databaseCases()) {
  describe.skipIf(c.skipReason !== undefined)(`COPY ingestion on ${c.name}${c.skipReason !== undefined ? ` (skipped: ${c.skipReason})` : ""}`, () => {
    let cdb: TempDatabase;
    beforeAll(async () => {
      cdb = await c.open();
      await cdb.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded')`);
    }, 120_000);
    afterAll(async () => cdb?.dispose());

    const totals = async (): Promise<number[]> => {
      const raw = (await cdb.sql.query<{ n: string | number; b: string | number }>(`SELECT count(*) AS n, coalesce(sum("bytesIn"), 0) AS b FROM "FlowLog" WHERE "clusterId" = 'c1'`)).rows[0];
      const minutes = (await cdb.sql.query<{ n: string | number; b: string | number }>(`SELECT coalesce(sum("records"), 0) AS n, coalesce(sum("bytesIn"), 0) AS b FROM "FlowRollup" WHERE "clusterId" = 'c1' AND "grain" = 60`)).rows[0];
      const hours = (await cdb.sql.query<{ n: string | number; b: string | number }>(`SELECT coalesce(sum("records"), 0) AS n, coalesce(sum("bytesIn"), 0) AS b FROM "FlowRollup" WHERE "clusterId" = 'c1' AND "grain" = 3600`)).rows[0];
      return [raw, minutes, hours].flatMap((r) => [Number(r?.n), Number(r?.b)]);
    };

    it("stores only the new records of a batch that repeats stored ones (in its middle) and itself", async () => {
      const first = batch(1_700_100_000, 2_500).map((f, i) => ({ ...f, bytesIn: i }));
      expect(await ingestFlowLogs(cdb.sql, "c1", first.slice(1_200, 1_300))).toEqual({ accepted: 100, duplicates: 0 });
      const repeated = [...first, first[10] as FlowLog, first[2_400] as FlowLog];
      expect(await ingestFlowLogs(cdb.sql, "c1", repeated)).toEqual({ accepted: 2_400, duplicates: 102 });
      const bytes = (2_499 * 2_500) / 2;
      expect(await totals()).toEqual([2_500, bytes, 2_500, bytes, 2_500, bytes]);
      expect(await ingestFlowLogs(cdb.sql, "c1", first)).toEqual({ accepted: 0, duplicates: 2_500 });
      expect(await totals()).toEqual([2_500, bytes, 2_500, bytes, 2_500, bytes]);
    }, 120_000);

    it("falls back when the server refuses the COPY while later parts are still being written", async () => {
      const before = await totals();
      const many = batch(1_700_150_000, 5_000).map((f, i) => ({ ...f, bytesIn: 1 + (i % 3) }));
      expect(await ingestFlowLogs(cdb.sql, "c1", many.slice(0, 1))).toEqual({ accepted: 1, duplicates: 0 });
      expect(await ingestFlowLogs(cdb.sql, "c1", many)).toEqual({ accepted: 4_999, duplicates: 1 });
      const bytes = many.reduce((sum, f) => sum + f.bytesIn, 0);
      expect((await totals()).map((v, i) => v - (before[i] ?? 0))).toEqual([5_000, bytes, 5_000, bytes, 5_000, bytes]);
    }, 120_000);

    it("stores concurrent batches that repeat each other's records in opposite orders exactly once", async () => {
      // On PostgreSQL the COPYs run at once: each can wait for a row of the other's, a deadlock
      // PostgreSQL breaks by aborting one, which is run again.
      const before = await totals();
      const shared = batch(1_700_170_000, 3_000).map((f, i) => ({ ...f, bytesIn: 1 + (i % 5) }));
      const reversed = [...shared].reverse();
      const outcomes = await Promise.all([
        ingestFlowLogs(cdb.sql, "c1", shared),
        ingestFlowLogs(cdb.sql, "c1", reversed),
        ingestFlowLogs(cdb.sql, "c1", shared.slice(1_000, 2_000)),
      ]);
      expect(outcomes.reduce((n, o) => n + o.accepted, 0)).toBe(3_000);
      expect(outcomes.map((o) => o.accepted + o.duplicates)).toEqual([3_000, 3_000, 1_000]);
      const bytes = shared.reduce((sum, f) => sum + f.bytesIn, 0);
      expect((await totals()).map((v, i) => v - (before[i] ?? 0))).toEqual([3_000, bytes, 3_000, bytes, 3_000, bytes]);
    }, 120_000);

    it("adds concurrent batches that share rollup rows, in different orders, without a deadlock", async () => {
      // No cluster lock: every batch writes its rollup rows in (day, groupKey, bucket) order at
      // every grain, so batches touching the same rows wait for each other but never in a cycle.
      // 200 groups (by destination port) over three days; each batch visits them in its own
      // order. Batches 0 and 1 give a group several minutes a day (minute and hour rows staged),
      // batches 2 and 3 one minute a group and day (hour and day rows made in SQL from the
      // minute rows), their groups' minutes in opposite orders.
      // Three rounds (each on three days of its own): one run of a wrong order can miss the
      // moment two batches overlap; with the earlier minute order one run in four deadlocked.
      const recordOf = (b: number, r: number, g: number, start: number): FlowLog =>
        aFlow({ startTime: start, endTime: start + 15, source: { ...aFlow().source, port: 1 + b * 10_000 + r }, dest: { ...aFlow().dest, port: 8_000 + g }, bytesIn: 1 + ((b + r) % 7) });
      const warn = vi.spyOn(log, "warn");
      try {
        for (let round = 0; round < 3; round++) {
          const base = 1_700_352_000 + round * 3 * 86_400; // a UTC midnight
          const batches = [0, 1].map((b) =>
            Array.from({ length: 1_200 }, (_, r) => {
              const g = (r * (2 * b + 1)) % 200;
              return recordOf(b, r, g, base + (g % 3) * 86_400 + (((r + b) % 5) * 13 % 60) * 60 + 7);
            }),
          );
          for (const b of [2, 3]) {
            batches.push(
              Array.from({ length: 600 }, (_, r) => {
                const g = (r * (b === 2 ? 7 : 11)) % 200;
                const minute = b === 2 ? g % 60 : 59 - (g % 60); // the groups' minutes in opposite orders
                return recordOf(b, r, g, base + Math.floor(r / 200) * 86_400 + minute * 60 + 30);
              }),
            );
          }
          const before = await totals();
          const outcomes = await Promise.all(batches.map((records) => ingestFlowLogs(cdb.sql, "c1", records)));
          expect(outcomes.map((o) => o.accepted)).toEqual(batches.map((records) => records.length));
          expect(warn.mock.calls.filter(([msg]) => String(msg).includes("deadlock"))).toEqual([]);
          const all = batches.flat();
          const bytes = all.reduce((sum, f) => sum + f.bytesIn, 0);
          expect((await totals()).map((v, i) => v - (before[i] ?? 0))).toEqual([all.length, bytes, all.length, bytes, all.length, bytes]);
          const days = (await cdb.sql.query<{ n: string | number; b: string | number; k: string | number }>(
            `SELECT coalesce(sum("records"), 0) AS n, coalesce(sum("bytesIn"), 0) AS b, count(*) AS k FROM "FlowDayRollup" WHERE "clusterId" = 'c1' AND "bucket" >= to_timestamp($1) AND "bucket" < to_timestamp($2)`,
            [base, base + 3 * 86_400],
          )).rows[0];
          // 200 groups × 3 days, one row each, summing every record.
          expect([Number(days?.n), Number(days?.b), Number(days?.k)]).toEqual([all.length, bytes, 600]);
        }
      } finally {
        warn.mockRestore();
      }
    }, 120_000);

    it("stores tabs, newlines, carriage returns, backslashes and quotes exactly", async () => {
      const odd = 'a\tb\nc\rd\\e"f\\N\\t';
      const f = aFlow({
        startTime: 1_700_200_000,
        endTime: 1_700_200_015,
        host: odd,
        source: { ...aFlow().source, name: odd, labels: { [odd]: odd, "k\\": "v\t" } },
        destDomains: [odd, "\\"],
        policies: { enforced: [`0|default|${odd}|allow|0`], pending: [] },
      });
      expect(await ingestFlowLogs(cdb.sql, "c1", [f])).toEqual({ accepted: 1, duplicates: 0 });
      const { rows } = await cdb.sql.query(`SELECT ${FLOW_SELECT} FROM "FlowLog" WHERE "clusterId" = 'c1' AND "startTime" = to_timestamp(1700200000)`);
      expect(rows.map((r) => toFlowLog(r))).toEqual([f]);
      const keys = (await cdb.sql.query<{ d: unknown }>(`SELECT "destDomains" AS d FROM "FlowRollup" WHERE "clusterId" = 'c1' AND "bucket" = to_timestamp(1700199960)`)).rows;
      expect(keys).toEqual([{ d: [odd, "\\"] }]);
    });

    it("leaves room on the rollup tables' pages for updates in place (fillfactor 70, 0160)", async () => {
      // Steady traffic updates the same hour and day rows batch after batch; the sums are in no
      // index, so with free room on the page those updates are HOT (see the migration).
      const { rows } = await cdb.sql.query<{ relname: string; reloptions: unknown }>(
        `SELECT relname, reloptions FROM pg_class WHERE relname IN ('FlowRollup', 'FlowDayRollup') AND relkind = 'r' ORDER BY relname`,
      );
      expect(rows).toEqual([
        { relname: "FlowDayRollup", reloptions: ["fillfactor=70"] },
        { relname: "FlowRollup", reloptions: ["fillfactor=70"] },
      ]);
    });

    it("refuses a record holding NUL with an error naming the field, storing nothing", async () => {
      const f = aFlow({ startTime: 1_700_300_000, endTime: 1_700_300_015, host: "a\u0000b" });
      await expect(ingestFlowLogs(cdb.sql, "c1", [f])).rejects.toThrow(/host must not contain NUL/);
      expect(Number((await cdb.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE "startTime" = to_timestamp(1700300000)`)).rows[0]?.n)).toBe(0);
    });
  });
}
