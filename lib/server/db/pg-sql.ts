import "server-only";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import type { Sql, SqlQueryable, SqlResult, TransactionOptions } from "@/lib/server/db/sql";
import { beginStatement } from "@/lib/server/db/sql";

interface PgQueryableLike {
  query(text: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/** COPY ... FROM STDIN on one client (pg-copy-streams); resolves with the rows copied. */
async function copyIn(client: pg.PoolClient, target: string, data: string): Promise<number> {
  const stream = client.query(copyFromStdin(`COPY ${target} FROM STDIN`));
  stream.end(data);
  // finished() rejects with the server's error (a refused row fails the whole COPY).
  await finished(stream);
  return stream.rowCount;
}

/**
 * `copy` runs a COPY on this connection: a transaction's client itself, or for the pool a client
 * taken for that one statement.
 */
function wrap(conn: PgQueryableLike, copy: (target: string, data: string) => Promise<number>): SqlQueryable {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
      const r = await conn.query(text, [...params]);
      // pg types rows as any-shaped records; R is the caller's declaration of the selected columns.
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(script: string): Promise<void> {
      // No parameters: node-postgres uses the simple query protocol, which runs several statements.
      await conn.query(script);
    },
    copyFrom: copy,
  };
}

/** Opens a connection pool to a PostgreSQL server (`postgres://…`). Connects lazily. */
export function openPgSql(connectionString: string, options: { readonly max?: number } = {}): Sql & { readonly pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const root = wrap(pool, async (target, data) => {
    const client = await pool.connect();
    let broken = false;
    try {
      return await copyIn(client, target, data);
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      client.release(broken);
    }
  });
  return {
    dialect: "postgres",
    pool,
    query: root.query,
    exec: root.exec,
    copyFrom: root.copyFrom,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query(beginStatement(options));
        try {
          const value = await fn(wrap(client, (target, data) => copyIn(client, target, data)));
          await client.query("COMMIT");
          return value;
        } catch (e) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw e;
        }
      } finally {
        client.release();
      }
    },
    async withSession<T>(fn: (session: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        return await fn(wrap(client, (target, data) => copyIn(client, target, data)));
      } catch (e) {
        broken = true;
        throw e;
      } finally {
        // A failed session may still hold session state (locks): discard it rather than reuse.
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
