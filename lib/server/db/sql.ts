import "server-only";
/**
 * A minimal SQL port over the two PostgreSQL drivers Palisade runs on: PGlite (embedded, one
 * connection in this process) and node-postgres (a real server, a pool). The embedded cluster
 * backend, the migration runner and the advisory-lock helpers use it directly, because they need
 * things Prisma Client does not give: conditional writes whose affected-row count decides a
 * conflict, explicit isolation levels, and session-level advisory locks on one connection.
 *
 * Values: parameters are passed as-is; JSON must be passed as a string and cast (`$1::jsonb`).
 * Results: BIGINT may come back as string or bigint depending on the driver — use `toBigInt`.
 */

/** Runs statements on one connection (inside a transaction when given by `transaction`). */
export interface SqlQueryable {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows with `COPY <target> FROM ...` in PostgreSQL's text format: `target` is the
   * table and its column list (`"T" ("a", "b")`), `data` the rows, one per line, each ending in
   * a newline, fields separated by tabs (see lib/server/db/copy-text.ts). The driver supplies
   * the input (node-postgres: COPY FROM STDIN through pg-copy-streams; PGlite: COPY FROM
   * '/dev/blob' with the data as a Blob). Returns the number of rows copied.
   */
  copyFrom(target: string, data: string): Promise<number>;
  /**
   * The same COPY fed in parts, for rows built while the database stores the ones before: each
   * `write` takes whole lines; `end` resolves with the rows copied, or rejects with the server's
   * error (a refused row fails the whole COPY). Writes after a failure are dropped, so the
   * caller may finish building and learn of it from `end`. On node-postgres the COPY starts at
   * once and each part is sent as it is written (one statement on the connection, nothing else
   * queued behind it until `end` settles); PGlite reads its input whole, at `end`.
   */
  copyIn(target: string): CopyInput;
}

/** A COPY FROM in progress (SqlQueryable.copyIn). */
export interface CopyInput {
  write(lines: string): void;
  end(): Promise<number>;
}

export interface SqlResult<R> {
  readonly rows: readonly R[];
  /** Rows inserted, updated or deleted by the statement. */
  readonly rowCount: number;
}

export interface TransactionOptions {
  readonly isolation?: "read committed" | "repeatable read" | "serializable";
  readonly readOnly?: boolean;
}

export type SqlDialect = "pglite" | "postgres";

export interface Sql extends SqlQueryable {
  readonly dialect: SqlDialect;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is
   * rethrown). Never call the outer `Sql` from inside `fn` (on PGlite that waits for the
   * transaction itself: a deadlock) — use the `tx` argument.
   */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `fn` on one dedicated connection (for session-level advisory locks). */
  withSession<T>(fn: (session: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Turns a BIGINT column value (string, bigint or number, by driver) into a bigint. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`not an integer column value: ${String(value)}`);
}

/** Builds the BEGIN statement for the options. */
export function beginStatement(options: TransactionOptions = {}): string {
  const parts = ["BEGIN"];
  if (options.isolation) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
  if (options.readOnly) parts.push("READ ONLY");
  return parts.join(" ");
}
