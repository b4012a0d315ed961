import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { Sql, SqlQueryable, SqlResult, TransactionOptions } from "@/lib/server/db/sql";

/** The subset of PGlite and its transaction object that we call. */
interface PGliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
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
  };
}

/**
 * Opens (creating if needed) a PGlite database in `dataDir`, or in memory when `dataDir` is
 * `memory://`. PGlite serialises every query and transaction of the instance, so concurrent
 * callers in this process queue; a data folder must be opened by one process only.
 */
export async function openPGliteSql(dataDir: string): Promise<Sql & { readonly pglite: PGlite }> {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir });
  const root = wrap(pglite);
  return {
    dialect: "pglite",
    pglite,
    query: root.query,
    exec: root.exec,
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
