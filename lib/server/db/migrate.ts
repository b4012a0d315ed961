import "server-only";
/**
 * Our migration runner. Migrations are hand-written SQL files
 * `prisma/migrations/<NNNN_name>/migration.sql`, applied in name order, each in its own
 * transaction together with its row in `_palisade_migrations` (name, checksum, applied_at), so a
 * migration is applied entirely or not at all. The whole run holds the advisory lock
 * "palisade:migrate": processes starting together queue, and each migration is applied once.
 *
 * Refuses (throws MigrationError, applying nothing) when an applied migration's file changed
 * (checksum) or is missing (the database is newer than this code).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { withAdvisoryLock } from "@/lib/server/db/advisory-lock";
import type { Sql } from "@/lib/server/db/sql";

export const MIGRATIONS_TABLE = "_palisade_migrations";
const LOCK_NAME = "palisade:migrate";
const NAME_PATTERN = /^\d{4}_[a-z0-9_]+$/;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  /** SHA-256 of the file, hex. */
  readonly checksum: string;
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** The default migrations folder: `prisma/migrations` under the working directory, or PALISADE_MIGRATIONS_DIR. */
export function defaultMigrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PALISADE_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma", "migrations"));
}

/** Reads every migration in `dir`, sorted by name. Throws MigrationError on a misnamed folder or a missing file. */
export function loadMigrations(dir: string = defaultMigrationsDir()): readonly Migration[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  const names = readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return names.map((name) => {
    if (!NAME_PATTERN.test(name)) throw new MigrationError(`migration folder "${name}" must be named NNNN_snake_case`);
    const file = path.join(dir, name, "migration.sql");
    if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql`);
    const text = readFileSync(/*turbopackIgnore: true*/ file, "utf8");
    return { name, sql: text, checksum: createHash("sha256").update(text).digest("hex") };
  });
}

export interface MigrateResult {
  /** Names applied by this call, in order. */
  readonly applied: readonly string[];
}

/**
 * Applies the pending migrations (default: from `defaultMigrationsDir()`). Idempotent. Throws
 * MigrationError (checksum changed, unknown applied migration) or the SQL error of the failing
 * migration (which is rolled back; earlier ones stay applied).
 */
export async function migrate(sql: Sql, migrations: readonly Migration[] = loadMigrations()): Promise<MigrateResult> {
  const outcome = await withAdvisoryLock(sql, LOCK_NAME, async (session) => {
    await session.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
         name TEXT PRIMARY KEY,
         checksum TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await session.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
    const byName = new Map(migrations.map((m) => [m.name, m]));
    for (const row of rows) {
      const m = byName.get(row.name);
      if (!m) throw new MigrationError(`the database has migration ${row.name}, which this version of Palisade does not know (is the database newer?)`);
      if (m.checksum !== row.checksum) {
        throw new MigrationError(`migration ${row.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${m.checksum.slice(0, 12)}…); add a new migration instead`);
      }
    }
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await sql.transaction(async (tx) => {
        await tx.exec(m.sql);
        await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
      });
      applied.push(m.name);
    }
    return applied;
  });
  // withAdvisoryLock waits by default, so the lock is always acquired here.
  return { applied: outcome.acquired ? outcome.value : [] };
}
