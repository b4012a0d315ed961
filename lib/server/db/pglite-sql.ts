import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { CopyInput, Sql, SqlQueryable, SqlResult, TransactionOptions } from "@/lib/server/db/sql";

/** The subset of PGlite and its transaction object that we call. */
interface PGliteLike {
  query<R>(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(script: string): Promise<unknown>;
}

function wrap(conn: PGliteLike): SqlQueryable {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
      const r = await conn.query<R>(text, [...params]);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
    async exec(script: string): Promise<void> {
      await conn.exec(script);
    },
    copyFrom: (target: string, data: string): Promise<number> => copyBlob(conn, target, [data]),
    copyIn(target: string): CopyInput {
      const parts: string[] = [];
      return {
        write: (lines) => void parts.push(lines),
        end: () => copyBlob(conn, target, parts),
      };
    },
  };
}

/** COPY FROM of `parts` in order: PGlite reads its input from the virtual file /dev/blob, given as a Blob. */
async function copyBlob(conn: PGliteLike, target: string, parts: string[]): Promise<number> {
  const r = await conn.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob(parts) });
  return r.affectedRows ?? 0;
}

/**
 * PostgreSQL memory settings for PGlite, passed as start parameters (they win over the
 * postgresql.conf of an existing data folder). PGlite's WebAssembly heap starts at 128 MB (the
 * module's minimum) and never shrinks, and single-user PostgreSQL zeroes its whole shared memory
 * at start, so the stock `shared_buffers = 128MB` alone made ~120 MB of the idle console's
 * resident memory. Pages PostgreSQL does not keep are read back through Node's file system, i.e.
 * from the kernel's page cache, so a small buffer pool costs little for the embedded database's
 * sizes. `maintenance_work_mem` (64 MB stock) bounds index builds in migrations and VACUUM: it
 * is allocated inside the same heap when used, and the heap keeps that size afterwards.
 * `work_mem` (per sort or hash node) stays at PostgreSQL's default, 4 MB.
 */
export const PGLITE_MEMORY_SETTINGS: readonly string[] = ["shared_buffers=16MB", "maintenance_work_mem=16MB", "temp_buffers=4MB"];

/**
 * Opens (creating if needed) a PGlite database in `dataDir`, or in memory when `dataDir` is
 * `memory://`. PGlite serialises every query and transaction of the instance, so concurrent
 * callers in this process queue; a data folder must be opened by one process only.
 */
export async function openPGliteSql(dataDir: string): Promise<Sql & { readonly pglite: PGlite }> {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_SETTINGS.flatMap((s) => ["-c", s])] });
  const root = wrap(pglite);
  return {
    dialect: "pglite",
    pglite,
    query: root.query,
    exec: root.exec,
    copyFrom: root.copyFrom,
    copyIn: root.copyIn,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return pglite.transaction(async (tx) => {
        const q = wrap(tx);
        if (options.isolation) await q.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
        if (options.readOnly) await q.query("SET TRANSACTION READ ONLY");
        return fn(q);
      });
    },
    async withSession<T>(fn: (session: SqlQueryable) => Promise<T>): Promise<T> {
      // One backend: the instance itself is the session.
      return fn(root);
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
    },
  };
}
