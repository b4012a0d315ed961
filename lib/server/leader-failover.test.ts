/**
 * Two console processes on one real PostgreSQL (the two-replica deployment): both boot the
 * same database at once (migrations and seed under their locks), exactly one holds the
 * background-jobs leadership, and after `kill -9` of that one the other takes over within 30 s
 * and goes on simulating traffic where the leader stopped — no simulated interval twice, none
 * overlapping another. Skipped (with the reason) where no PostgreSQL is available.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db/open";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

const CHILD = path.join(process.cwd(), "lib/server/testing/replica-child.ts");
const TAKEOVER_LIMIT_MS = 30_000;

interface Replica {
  readonly child: ChildProcess;
  role: "leader" | "follower" | "starting";
  readonly output: { stderr: string };
}

function startReplica(url: string, dataDir: string): Replica {
  // NODE_ENV=production: background jobs are off under "test" (vitest's default).
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, PALISADE_DATA_DIR: dataDir, PALISADE_LOG_LEVEL: "error", PALISADE_BACKGROUND_JOBS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const replica: Replica = { child, role: "starting", output: { stderr: "" } };
  child.stderr?.on("data", (d: Buffer) => (replica.output.stderr += d.toString()));
  child.stdout?.on("data", (d: Buffer) => {
    for (const m of d.toString().matchAll(/ROLE (leader|follower)/g)) replica.role = m[1] === "leader" ? "leader" : "follower";
  });
  return replica;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
  return Date.now() - started;
}

const pg = findPostgres();
describe.skipIf(!pg.available)(`two console processes on one PostgreSQL${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer | undefined;
  const replicas: Replica[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-replicas-"));
  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("one leader at a time; kill -9 of the leader → the other leads within 30 s; no interval simulated twice", async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    replicas.push(startReplica(url, path.join(dir, "a")), startReplica(url, path.join(dir, "b")));
    const diag = () => replicas.map((r, i) => `replica ${i}: ${r.role}; stderr: ${r.output.stderr.slice(-1500)}`).join("\n");

    await until(`both replicas booted (${diag()})`, () => replicas.every((r) => r.role !== "starting"), 150_000).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${diag()}`);
    });
    await until("exactly one leader", () => replicas.filter((r) => r.role === "leader").length === 1, 10_000);
    const leader = replicas.find((r) => r.role === "leader") as Replica; // exactly one, checked above
    const follower = replicas.find((r) => r !== leader) as Replica;

    const db = await openDatabase({ kind: "postgres", url });
    try {
      const intervals = async (): Promise<{ start: number; end: number }[]> => {
        const { rows } = await db.sql.query<{ s: number | string; e: number | string }>(
          `SELECT DISTINCT extract(epoch from "startTime")::float8 AS s, extract(epoch from "endTime")::float8 AS e FROM "FlowLog" ORDER BY 1, 2`,
        );
        return rows.map((r) => ({ start: Number(r.s), end: Number(r.e) }));
      };
      // The leader simulates its first interval at once (there is none before it).
      await until("the leader's first simulated interval", async () => (await intervals()).length > 0, 60_000);

      leader.child.kill("SIGKILL");
      const takeoverMs = await until("the follower to take over", () => follower.role === "leader", TAKEOVER_LIMIT_MS);
      expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_LIMIT_MS);

      // The new leader goes on: the next interval starts where the last one ended.
      const before = (await intervals()).length;
      await until("an interval simulated by the new leader", async () => (await intervals()).length > before, 60_000);
      const all = await intervals();
      for (let i = 1; i < all.length; i++) {
        const prev = all[i - 1] as { start: number; end: number };
        const cur = all[i] as { start: number; end: number };
        // Sorted by start: a duplicate or overlapping interval would start before the previous end.
        expect(cur.start, `interval ${i} overlaps interval ${i - 1}`).toBeGreaterThanOrEqual(prev.end);
      }
      const { rows } = await db.sql.query<{ n: number | string; k: number | string }>(`SELECT count(*) AS n, count(DISTINCT "idempotencyKey") AS k FROM "FlowLog"`);
      expect(Number(rows[0]?.n)).toBe(Number(rows[0]?.k));
    } finally {
      await db.close();
    }
  }, 400_000);
});
