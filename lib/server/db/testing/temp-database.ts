import "server-only";
/**
 * Test helper: a fresh, migrated database in a temporary folder (PGlite), and the list of
 * databases a store test runs on (PGlite, and a real PostgreSQL when one can be started).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/server/db/open";
import type { Database } from "@/lib/server/db/open";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

export interface TempDatabase extends Database {
  /** Closes the database and removes its folder. */
  dispose(): Promise<void>;
}

/** Opens a migrated PGlite database in a new temporary folder. */
export async function openTempPGlite(): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-db-"));
  const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
  return {
    ...db,
    async dispose(): Promise<void> {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One database a store test runs on: PGlite always, PostgreSQL when this machine can start one. */
export interface DatabaseCase {
  readonly name: "PGlite" | "PostgreSQL";
  /** A fresh, migrated database; `dispose` closes it (and stops the server it started). */
  readonly open: () => Promise<TempDatabase>;
  /** Why the case cannot run here (no PostgreSQL binaries, no URL), when it cannot. */
  readonly skipReason?: string;
}

/** The databases a store test should pass on: PGlite, and a real PostgreSQL (see postgres-server.ts). */
export function databaseCases(): readonly DatabaseCase[] {
  const pg = findPostgres();
  const postgres: DatabaseCase = {
    name: "PostgreSQL",
    open: async () => {
      const server = await startPostgres();
      const db = await openDatabase({ kind: "postgres", url: await server.createDatabase() });
      return {
        ...db,
        async dispose(): Promise<void> {
          await db.close();
          await server.stop();
        },
      };
    },
    ...(pg.available ? {} : { skipReason: pg.reason }),
  };
  return [{ name: "PGlite", open: openTempPGlite }, postgres];
}
