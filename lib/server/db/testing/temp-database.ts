import "server-only";
/**
 * Test helper: a fresh, migrated database in a temporary folder (PGlite), or on a real
 * PostgreSQL when a URL is given (a fresh schema-less database is the caller's business).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/server/db/open";
import type { Database } from "@/lib/server/db/open";

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
