import "server-only";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { migrate } from "@/lib/server/db/migrate";
import { openPgSql } from "@/lib/server/db/pg-sql";
import { openPGliteSql } from "@/lib/server/db/pglite-sql";
import type { Sql } from "@/lib/server/db/sql";

/** Where the database lives: embedded PGlite in a folder (or memory), or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly kind: "pglite"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string };

/** An open database: the raw SQL port and a Prisma Client sharing the same connection(s). */
export interface Database {
  readonly config: DatabaseConfig;
  readonly sql: Sql;
  readonly prisma: PrismaClient;
  /** Closes Prisma and the driver. */
  close(): Promise<void>;
}

/**
 * Reads the database location from the environment: `DATABASE_URL=postgres://…` (or
 * `postgresql://…`) selects a PostgreSQL server; otherwise PGlite in
 * `${PALISADE_DATA_DIR:-./.data}/pglite`. Throws on a DATABASE_URL of another scheme, so a typo
 * fails at boot instead of silently using the embedded database.
 */
export function databaseConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
    return { kind: "postgres", url };
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.PALISADE_DATA_DIR?.trim() || ".data");
  return { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
}

/**
 * Opens the database and applies pending migrations (see migrate.ts). Does not seed. The
 * caller owns the result and must `close()` it. Throws when the server is unreachable, the
 * data folder is locked by another process, or a migration fails.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "pglite") {
    const sql = await openPGliteSql(config.dataDir);
    try {
      await migrate(sql);
    } catch (e) {
      await sql.close();
      throw e;
    }
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(sql.pglite) });
    return buildDatabase(config, sql, prisma);
  }
  const sql = openPgSql(config.url);
  try {
    await migrate(sql);
  } catch (e) {
    await sql.close();
    throw e;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(sql.pool) });
  return buildDatabase(config, sql, prisma);
}

function buildDatabase(config: DatabaseConfig, sql: Sql, prisma: PrismaClient): Database {
  let closed = false;
  return {
    config,
    sql,
    prisma,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await sql.close();
    },
  };
}
