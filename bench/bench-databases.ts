/**
 * The databases a storage bench runs on: fresh PGlite folders (removed afterwards), then
 * fresh databases on the test helper's PostgreSQL server when there is one. Server code ("server-only"
 * modules): run the bench under the react-server condition.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseConfig } from "@/lib/server/db/open";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

export interface BenchDatabaseRuns {
  /** Runs on PGlite; each `fresh()` is a new, empty data folder. */
  readonly pglite: (fresh: () => DatabaseConfig) => Promise<void>;
  /** Runs on PostgreSQL; each `fresh()` is a new, empty database on one server. */
  readonly postgres: (fresh: () => Promise<DatabaseConfig>) => Promise<void>;
}

/** Runs both; resolves with what was skipped and why (no PostgreSQL here). */
export async function onBenchDatabases(prefix: string, runs: BenchDatabaseRuns): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  let folders = 0;
  try {
    await runs.pglite(() => ({ kind: "pglite", dataDir: path.join(dir, `pglite-${folders++}`) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = findPostgres();
  if (!pg.available) return [`postgres: ${pg.reason}`];
  const server = await startPostgres();
  try {
    await runs.postgres(async () => ({ kind: "postgres", url: await server.createDatabase() }));
  } finally {
    await server.stop();
  }
  return [];
}
