import "server-only";
import { setTimeout as pause } from "node:timers/promises";
/**
 * Background work that must run exactly once across every console process sharing one
 * database (event compaction, scheduled jobs). Built on PostgreSQL session-level advisory locks:
 * the lock lives as long as the connection that took it, so a crashed leader's lock is released
 * by the server and another process takes over. On PGlite only this process can open the data
 * folder, so it is always the leader.
 */
import { getSql } from "@/lib/server/db";
import { withAdvisoryLock } from "@/lib/server/db/advisory-lock";
import type { LockOutcome } from "@/lib/server/db/advisory-lock";
import type { Sql } from "@/lib/server/db/sql";

export type { LockOutcome } from "@/lib/server/db/advisory-lock";
export { advisoryLockKey } from "@/lib/server/db/advisory-lock";

export interface ExclusiveOptions {
  /** Queue for the lock (true) or give up at once when another process holds it (false, default). */
  readonly wait?: boolean;
  /** The database; the process's database by default. */
  readonly sql?: Sql;
}

/**
 * Runs `fn` if and while this process holds the advisory lock `lockName`. With `wait: false`
 * (default) another holder means `{ acquired: false }` and `fn` is not called. Rethrows what
 * `fn` throws, after releasing the lock.
 */
export async function runExclusive<T>(lockName: string, fn: () => Promise<T>, options: ExclusiveOptions = {}): Promise<LockOutcome<T>> {
  const sql = options.sql ?? (await getSql());
  return withAdvisoryLock(sql, lockName, () => fn(), { wait: options.wait ?? false });
}

export interface LeaderLoopOptions {
  /** How often the leader runs the task, and (unless `retryMs` is given) how often followers retry for leadership. */
  readonly intervalMs: number;
  /**
   * How often a follower retries for the leadership; `intervalMs` by default. A task that runs
   * rarely (every few minutes) sets a shorter retry so a dead leader is replaced within seconds.
   */
  readonly retryMs?: number;
  readonly sql?: Sql;
  /** Called with a task's error; the loop goes on. Default: ignore. */
  readonly onError?: (error: unknown) => void;
}

export interface LeaderLoop {
  /** Whether this process currently holds the leadership. */
  isLeader(): boolean;
  /** Stops the loop, waits for a running task, and releases the leadership. */
  stop(): Promise<void>;
}

/**
 * Starts a leader loop: one process at a time holds the advisory lock `lockName` on a dedicated
 * connection and runs `task` every `intervalMs`; the others retry for the lock every `retryMs`
 * (default: the same interval) and take over when the leader stops or its connection dies. The
 * first attempt is immediate. `task` receives an AbortSignal that fires on `stop()`.
 */
export function startLeaderLoop(lockName: string, task: (signal: AbortSignal) => Promise<void>, options: LeaderLoopOptions): LeaderLoop {
  const controller = new AbortController();
  let leader = false;
  // Abort ends the wait early (the rejection is the abort, not a failure); background work must
  // never keep a process (a CLI, a test) alive on its own.
  const sleep = (ms: number): Promise<void> => pause(ms, undefined, { signal: controller.signal, ref: false }).catch(() => undefined);

  const loop = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const sql = options.sql ?? (await getSql());
        await withAdvisoryLock(
          sql,
          lockName,
          async (session) => {
            leader = true;
            while (!controller.signal.aborted) {
              try {
                await task(controller.signal);
              } catch (e) {
                options.onError?.(e);
              }
              await sleep(options.intervalMs);
              // A dead session has lost the lock with it: leave the leader role and re-acquire.
              await session.query("SELECT 1");
            }
          },
          { wait: false },
        );
      } catch (e) {
        options.onError?.(e);
      } finally {
        leader = false;
      }
      await sleep(options.retryMs ?? options.intervalMs);
    }
  };
  const running = loop();
  return {
    isLeader: () => leader,
    async stop(): Promise<void> {
      controller.abort();
      await running;
    },
  };
}
