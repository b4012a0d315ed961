/**
 * Zero acknowledged records lost across `kill -9` of the ingester: a child process ingests
 * batches and prints an ACK after each commit; we SIGKILL it mid-load, reopen the database and
 * count. Every acknowledged batch must be there, and (one transaction per batch) the stored count
 * must be a whole number of batches. Runs on PGlite, and on PostgreSQL when one is available.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db/open";
import type { DatabaseConfig } from "@/lib/server/db/open";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

const BATCH = 500;
const CHILD = path.join(process.cwd(), "lib/server/flows/testing/ingest-child.ts");

/** Runs the child until it has acknowledged `killAfter` batches (plus a random delay), then SIGKILLs it. */
function ingestAndKill(target: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, target], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let acked = 0;
    let buffer = "";
    let stderr = "";
    let killing = false;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^ACK (\d+) (\d+)$/.exec(line);
        if (m === null || killing) continue;
        acked += Number(m[2]);
        if (acked >= killAfter * BATCH) {
          killing = true;
          // Kill at an arbitrary point of the next batch, not right at a commit boundary.
          setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 40));
        }
      }
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(acked);
      else reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

async function countRows(config: DatabaseConfig): Promise<{ rows: number; keys: number }> {
  const db = await openDatabase(config);
  try {
    const { rows } = await db.sql.query<{ n: string | number; k: string | number }>(`SELECT count(*) AS n, count(DISTINCT "idempotencyKey") AS k FROM "FlowLog" WHERE "clusterId" = 'crash'`);
    return { rows: Number(rows[0]?.n), keys: Number(rows[0]?.k) };
  } finally {
    await db.close();
  }
}

describe("kill -9 of the ingester on PGlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loses no acknowledged record", async () => {
    const dataDir = path.join(dir, "pglite");
    let acked = 0;
    for (const killAfter of [3, 6]) {
      acked = await ingestAndKill(dataDir, killAfter);
      const { rows, keys } = await countRows({ kind: "pglite", dataDir });
      // Batches are idempotent and restart at 0, so the second run re-acks the first run's batches.
      expect(rows).toBeGreaterThanOrEqual(acked);
      expect(rows % BATCH).toBe(0);
      expect(keys).toBe(rows);
    }
  }, 180_000);
});

const pg = findPostgres();
describe.skipIf(!pg.available)(`kill -9 of the ingester on PostgreSQL${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());

  it("loses no acknowledged record", async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    const acked = await ingestAndKill(url, 5);
    const { rows, keys } = await countRows({ kind: "postgres", url });
    expect(rows).toBeGreaterThanOrEqual(acked);
    expect(rows % BATCH).toBe(0);
    expect(keys).toBe(rows);
  }, 180_000);
});
