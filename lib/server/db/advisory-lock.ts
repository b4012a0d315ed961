import "server-only";
import { createHash } from "node:crypto";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";

/**
 * The 64-bit advisory-lock key for a lock name: the first 8 bytes of its SHA-256 as a signed
 * integer, in decimal (PostgreSQL's `bigint` lock keys). Stable across processes and versions.
 */
export function advisoryLockKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}

export type LockOutcome<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

/**
 * Runs `fn` while holding the session-level advisory lock `name` on one dedicated connection, so
 * that across every process sharing the database at most one runs it at a time. `wait: true`
 * (default) queues for the lock; `wait: false` gives up at once with `{ acquired: false }`.
 * The lock is released when `fn` settles (also when it throws; the error is rethrown). On PGlite
 * there is one process, so the lock only orders callers within it.
 */
export async function withAdvisoryLock<T>(
  sql: Sql,
  name: string,
  fn: (session: SqlQueryable) => Promise<T>,
  options: { readonly wait?: boolean } = {},
): Promise<LockOutcome<T>> {
  const key = advisoryLockKey(name);
  return sql.withSession(async (session) => {
    if (options.wait === false) {
      const { rows } = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
      if (!rows[0]?.locked) return { acquired: false };
    } else {
      await session.query("SELECT pg_advisory_lock($1::bigint)", [key]);
    }
    try {
      return { acquired: true, value: await fn(session) };
    } finally {
      await session.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
    }
  });
}
