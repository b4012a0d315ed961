import "server-only";
/**
 * The process-wide database: opened once from the environment (see `databaseConfigFromEnv`),
 * migrated, with the embedded demo cluster seeded, and cached on globalThis so Next's dev hot
 * reload does not open PGlite twice (a PGlite data folder allows one opener).
 *
 * Everything else uses `getPrisma()` (Prisma Client: the relational model — users, sessions,
 * tokens, settings, clusters, saved views, alerts, threat feeds …) or `getSql()` (the raw SQL
 * port: the flow store, the cluster object store and advisory locks; see db/DESIGN.md). Both
 * share one connection pool, or the one PGlite instance.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase, databaseConfigFromEnv } from "@/lib/server/db/open";
import type { Database, DatabaseConfig } from "@/lib/server/db/open";
import type { Sql } from "@/lib/server/db/sql";
import { ensureEmbeddedCluster } from "@/lib/server/cluster/seed";
import { sealStoredSecrets } from "@/lib/server/crypto/seal-stored";
import { getSecretKey } from "@/lib/server/crypto/secret-key";
import { ensurePrivateDataDir } from "@/lib/server/data-dir";
import { log } from "@/lib/server/log";

export type { Database, DatabaseConfig } from "@/lib/server/db/open";
export type { Sql, SqlQueryable } from "@/lib/server/db/sql";
export type { PrismaClient } from "@/lib/generated/prisma/client";
export { databaseConfigFromEnv, openDatabase } from "@/lib/server/db/open";

interface DbGlobal {
  __palisadeDatabase?: Promise<Database>;
}
// globalThis outlives module reloads in `next dev`; the key is ours alone.
const store = globalThis as typeof globalThis & DbGlobal;

/**
 * The process's database, ready to use: migrations applied and the embedded cluster seeded
 * (both under an advisory lock, so processes starting together do each step once). The first
 * call opens it; later calls share the same promise. A failed open is not cached, so the next
 * call retries. Throws what `openDatabase` throws.
 */
export function getDatabase(): Promise<Database> {
  if (!store.__palisadeDatabase) {
    const opening = bootDatabase(databaseConfigFromEnv());
    store.__palisadeDatabase = opening;
    opening.catch(() => {
      if (store.__palisadeDatabase === opening) store.__palisadeDatabase = undefined;
    });
  }
  return store.__palisadeDatabase;
}

/** Prisma Client on the process's database (see `getDatabase`). */
export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** The raw SQL port on the process's database (see `getDatabase`). */
export async function getSql(): Promise<Sql> {
  return (await getDatabase()).sql;
}

/**
 * Closes the process's database and forgets it; the next `getDatabase()` reopens from the
 * environment. For tests (a fresh PALISADE_DATA_DIR per file) and graceful shutdown.
 */
export async function closeDatabase(): Promise<void> {
  const current = store.__palisadeDatabase;
  store.__palisadeDatabase = undefined;
  if (!current) return;
  const db = await current.catch(() => undefined);
  await db?.close();
}

async function bootDatabase(config: DatabaseConfig): Promise<Database> {
  // Private before the database creates its files, and again after: PGlite's unpacked initial
  // cluster and its relcache files come with their own modes (see lib/server/data-dir.ts).
  await ensurePrivateDataDir();
  const db = await openDatabase(config);
  try {
    await ensurePrivateDataDir();
    const sealed = await sealStoredSecrets(db.sql, await getSecretKey());
    if (sealed > 0) log.info("sealed cluster secrets stored in plain text by an older version", { clusters: sealed });
    await ensureEmbeddedCluster(db.sql);
  } catch (e) {
    await db.close();
    throw e;
  }
  // Background work (compaction, simulator, alerts, feeds…) is started by instrumentation.ts,
  // not here: this module is what every job imports, so starting them here made a cycle.
  return db;
}
