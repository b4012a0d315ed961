import { setTimeout as sleep } from "node:timers/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisoryLockKey, runExclusive, startLeaderLoop } from "@/lib/server/leader";
import { openPgSql } from "@/lib/server/db/pg-sql";
import { openPGliteSql } from "@/lib/server/db/pglite-sql";
import type { Sql } from "@/lib/server/db/sql";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

const until = async (cond: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
};

describe("advisoryLockKey", () => {
  it("is a stable signed 64-bit integer per name", () => {
    expect(advisoryLockKey("a")).toBe(advisoryLockKey("a"));
    expect(advisoryLockKey("a")).not.toBe(advisoryLockKey("b"));
    const n = BigInt(advisoryLockKey("palisade:migrate"));
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
  });
});

describe("on PGlite (one process)", () => {
  let dir: string;
  let sql: Sql;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "palisade-leader-"));
    sql = await openPGliteSql(dir);
  });
  afterAll(async () => {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("always acquires and returns the value", async () => {
    expect(await runExclusive("job", async () => 42, { sql })).toEqual({ acquired: true, value: 42 });
  });

  it("runs the leader loop's task in this process", async () => {
    let runs = 0;
    const loop = startLeaderLoop("loop", async () => void runs++, { intervalMs: 20, sql });
    await until(() => runs >= 2);
    expect(loop.isLeader()).toBe(true);
    await loop.stop();
    expect(loop.isLeader()).toBe(false);
  });
});

const pg = findPostgres();

describe.skipIf(!pg.available)(`on PostgreSQL with two clients${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer;
  let a: Sql;
  let b: Sql;
  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    a = openPgSql(url);
    b = openPgSql(url);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it("lets only one process run a job at a time; the other gives up, then gets its turn", async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    let started = false;
    const first = runExclusive(
      "compaction",
      async () => {
        started = true;
        await held;
        return "a";
      },
      { sql: a },
    );
    await until(() => started);
    expect(await runExclusive("compaction", async () => "b", { sql: b })).toEqual({ acquired: false });
    // Other lock names are independent.
    expect(await runExclusive("other", async () => "b", { sql: b })).toEqual({ acquired: true, value: "b" });
    release();
    expect(await first).toEqual({ acquired: true, value: "a" });
    expect(await runExclusive("compaction", async () => "b", { sql: b })).toEqual({ acquired: true, value: "b" });
  });

  it("queues with wait: true and releases the lock when the job throws", async () => {
    const order: string[] = [];
    const p1 = runExclusive("queue", async () => {
      order.push("a-start");
      await sleep(100);
      order.push("a-end");
      throw new Error("boom");
    }, { sql: a, wait: true });
    await until(() => order.length > 0);
    const p2 = runExclusive("queue", async () => void order.push("b"), { sql: b, wait: true });
    await expect(p1).rejects.toThrow("boom");
    await p2;
    expect(order).toEqual(["a-start", "a-end", "b"]);
  });

  it("elects one leader between two processes and fails over when it stops", async () => {
    const runs = { a: 0, b: 0 };
    const la = startLeaderLoop("leader", async () => void runs.a++, { intervalMs: 30, sql: a });
    await until(() => runs.a > 0);
    const lb = startLeaderLoop("leader", async () => void runs.b++, { intervalMs: 30, sql: b });
    await sleep(200);
    expect(la.isLeader()).toBe(true);
    expect(lb.isLeader()).toBe(false);
    expect(runs.b).toBe(0);
    await la.stop();
    await until(() => runs.b > 0);
    expect(lb.isLeader()).toBe(true);
    await lb.stop();
  });

  it("a follower of a rarely-run task retries every retryMs, not every intervalMs", async () => {
    const runs = { a: 0, b: 0 };
    const la = startLeaderLoop("rare", async () => void runs.a++, { intervalMs: 60_000, retryMs: 50, sql: a });
    await until(() => runs.a > 0);
    const lb = startLeaderLoop("rare", async () => void runs.b++, { intervalMs: 60_000, retryMs: 50, sql: b });
    await sleep(200);
    expect(lb.isLeader()).toBe(false);
    const stopped = Date.now();
    await la.stop();
    // With only intervalMs the follower would wait a minute; with retryMs it takes over at once.
    await until(() => runs.b > 0);
    expect(Date.now() - stopped).toBeLessThan(30_000);
    expect(lb.isLeader()).toBe(true);
    expect(runs.a).toBe(1);
    await lb.stop();
  });
});
