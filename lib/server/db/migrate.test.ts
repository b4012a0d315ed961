import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Migration } from "@/lib/server/db/migrate";
import { loadMigrations, migrate, MigrationError, MIGRATIONS_TABLE } from "@/lib/server/db/migrate";
import { openPgSql } from "@/lib/server/db/pg-sql";
import { openPGliteSql } from "@/lib/server/db/pglite-sql";
import type { Sql } from "@/lib/server/db/sql";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

const real = loadMigrations();

const extra = (name: string, sql: string): Migration => ({ name, sql, checksum: `sum-of-${sql}` });

async function appliedNames(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
  return rows.map((r) => r.name);
}

async function tableExists(sql: Sql, table: string): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1`, [table]);
  return rows.length === 1;
}

describe("loadMigrations", () => {
  it("reads prisma/migrations in name order with sha-256 checksums", () => {
    expect(real.length).toBeGreaterThan(0);
    expect(real[0]?.name).toBe("0001_init");
    expect(real.map((m) => m.name)).toEqual(real.map((m) => m.name).sort());
    for (const m of real) expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a missing folder", () => {
    expect(() => loadMigrations("/nonexistent/migrations")).toThrow(MigrationError);
  });
});

/** The runner's behaviour, the same on both databases. */
function runnerSuite(open: () => Promise<Sql>): void {
  let sql: Sql;
  beforeAll(async () => {
    sql = await open();
  }, 60_000);
  afterAll(async () => sql?.close());

  it("applies every migration to a fresh database and records it", async () => {
    const r = await migrate(sql, real);
    expect(r.applied).toEqual(real.map((m) => m.name));
    expect(await appliedNames(sql)).toEqual(real.map((m) => m.name));
    expect(await tableExists(sql, "ClusterObject")).toBe(true);
  });

  it("is idempotent", async () => {
    expect((await migrate(sql, real)).applied).toEqual([]);
  });

  it("applies only the new migrations, in order", async () => {
    const more = [...real, extra("9001_b", "CREATE TABLE t_b (id int)"), extra("9000_a", "CREATE TABLE t_a (id int)")].sort((x, y) => x.name.localeCompare(y.name));
    expect((await migrate(sql, more)).applied).toEqual(["9000_a", "9001_b"]);
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const failing = extra("9002_fails", "CREATE TABLE t_half (id int); SELECT no_such_function();");
    const list = [...real, extra("9000_a", "CREATE TABLE t_a (id int)"), extra("9001_b", "CREATE TABLE t_b (id int)"), failing];
    await expect(migrate(sql, list)).rejects.toThrow();
    expect(await tableExists(sql, "t_half")).toBe(false);
    expect(await appliedNames(sql)).not.toContain("9002_fails");
  });

  it("refuses an applied migration whose file changed", async () => {
    const changed = [...real, extra("9000_a", "CREATE TABLE t_a (id bigint)"), extra("9001_b", "CREATE TABLE t_b (id int)")];
    await expect(migrate(sql, changed)).rejects.toThrow(/was changed after it was applied/);
  });

  it("refuses a database that has a migration this code does not know", async () => {
    await expect(migrate(sql, real)).rejects.toBeInstanceOf(MigrationError);
  });
}

describe("migrations on PGlite", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  runnerSuite(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "palisade-mig-"));
    dirs.push(dir);
    return openPGliteSql(dir);
  });
});

const pg = findPostgres();

describe.skipIf(!pg.available)(`migrations on PostgreSQL${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => server?.stop());

  describe("runner", () => {
    runnerSuite(async () => openPgSql(await server.createDatabase()));
  });

  it("applies each migration exactly once when several processes start together", async () => {
    const url = await server.createDatabase();
    const pools = Array.from({ length: 5 }, () => openPgSql(url));
    try {
      const list = [...real, extra("9000_counter", "CREATE TABLE counter (n int); INSERT INTO counter VALUES (1);")];
      const results = await Promise.all(pools.map((p) => migrate(p, list)));
      const all = results.flatMap((r) => r.applied);
      expect([...all].sort()).toEqual(list.map((m) => m.name).sort());
      const { rows } = await pools[0]!.query<{ n: number }>("SELECT n FROM counter");
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
