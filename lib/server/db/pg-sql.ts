import "server-only";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import type { CopyInput, Sql, SqlQueryable, SqlResult, TransactionOptions } from "@/lib/server/db/sql";
import { beginStatement } from "@/lib/server/db/sql";

interface PgQueryableLike {
  query(text: string, params?: unknown[]): Promise<pg.QueryResult>;
}

/**
 * COPY ... FROM STDIN on one client (pg-copy-streams), fed by `write` as parts are built: each
 * part goes to the socket when written, so the server parses and stores it while the caller
 * builds the next. One statement on the client from start to `end`, so nothing is queued behind
 * a running query (node-postgres deprecates that). After the server refused the COPY, writes
 * are dropped and `end` rejects with its error.
 */
function startCopy(client: pg.PoolClient, target: string): CopyInput {
  const stream = client.query(copyFromStdin(`COPY ${target} FROM STDIN`));
  // pg-copy-streams emits the server's error without destroying the stream and lets go of the
  // connection: a write or an end after it would throw, so none is made.
  let failed = false;
  stream.once("error", () => {
    failed = true;
  });
  // finished() rejects with the server's error (a refused row fails the whole COPY).
  const done = finished(stream).then(() => stream.rowCount);
  void done.catch(() => undefined); // read by end()
  const open = (): boolean => !failed && !stream.destroyed && !stream.writableEnded;
  return {
    write(lines: string): void {
      if (open()) stream.write(lines);
    },
    end(): Promise<number> {
      if (open()) stream.end();
      return done;
    },
  };
}

/** The whole input at once (copyFrom). */
function copyAll(client: pg.PoolClient, target: string, data: string): Promise<number> {
  const copy = startCopy(client, target);
  copy.write(data);
  return copy.end();
}

/**
 * `copy` runs a COPY on this connection: a transaction's client itself, or for the pool a client
 * taken for that one statement.
 */
function wrap(conn: PgQueryableLike, copy: (target: string, data: string) => Promise<number>, copyIn: (target: string) => CopyInput): SqlQueryable {
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
    copyIn,
  };
}

/** A COPY on one client: started now and fed as written (startCopy). */
const clientCopy = (client: pg.PoolClient): [(target: string, data: string) => Promise<number>, (target: string) => CopyInput] => [
  (target, data) => copyAll(client, target, data),
  (target) => startCopy(client, target),
];

/** Opens a connection pool to a PostgreSQL server (`postgres://…`). Connects lazily. */
export function openPgSql(connectionString: string, options: { readonly max?: number } = {}): Sql & { readonly pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const copyOnPool = async (target: string, data: string): Promise<number> => {
    const client = await pool.connect();
    let broken = false;
    try {
      return await copyAll(client, target, data);
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      client.release(broken);
    }
  };
  // Outside a transaction the parts are sent together at `end`, on a client taken for it.
  const root = wrap(pool, copyOnPool, (target) => {
    const parts: string[] = [];
    return { write: (lines) => void parts.push(lines), end: () => copyOnPool(target, parts.join("")) };
  });
  return {
    dialect: "postgres",
    pool,
    query: root.query,
    exec: root.exec,
    copyFrom: root.copyFrom,
    copyIn: root.copyIn,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query(beginStatement(options));
        try {
          const value = await fn(wrap(client, ...clientCopy(client)));
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
        return await fn(wrap(client, ...clientCopy(client)));
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
