import "server-only";
/**
 * Login throttling stored in the database (table "LoginThrottle"), so it survives restarts and
 * every replica on the same database shares it. The policy (growing, capped delays) is
 * lib/auth/throttle.ts. While a key is blocked, attempts are refused without being counted, so
 * hammering does not extend the block past its cap.
 */
import type { ThrottleKeyKind } from "@/lib/auth/throttle";
import { FORGET_AFTER_MS, delayAfter } from "@/lib/auth/throttle";
import { getPrisma, getSql } from "@/lib/server/db";

export interface ThrottleKey {
  readonly kind: ThrottleKeyKind;
  readonly value: string;
}

function keyOf(k: ThrottleKey): string {
  return `${k.kind}:${k.value.toLowerCase()}`;
}

/** The longest remaining wait among the keys (0: may try now). */
export async function throttleWaitMs(keys: readonly ThrottleKey[], now: Date = new Date()): Promise<number> {
  const prisma = await getPrisma();
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys.map(keyOf) } } });
  return rows.reduce((max, r) => Math.max(max, r.blockedUntil.getTime() - now.getTime()), 0);
}

/** Counts one failure for every key and sets its block (one atomic upsert per key). */
export async function recordLoginFailure(keys: readonly ThrottleKey[], now: Date = new Date()): Promise<void> {
  const sql = await getSql();
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  for (const k of keys) {
    const { rows } = await sql.query<{ failures: number }>(
      `INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt", "blockedUntil") VALUES ($1, 1, $2, $2)
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN "LoginThrottle"."lastFailureAt" < $3 THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
         "lastFailureAt" = $2
       RETURNING "failures"`,
      [keyOf(k), now, forgetBefore],
    );
    const failures = Number(rows[0]?.failures ?? 1);
    await sql.query(`UPDATE "LoginThrottle" SET "blockedUntil" = $2 WHERE "key" = $1`, [keyOf(k), new Date(now.getTime() + delayAfter(failures, k.kind))]);
  }
}

/** Clears a key after a successful sign-in. */
export async function clearThrottle(key: ThrottleKey): Promise<void> {
  const prisma = await getPrisma();
  await prisma.loginThrottle.deleteMany({ where: { key: keyOf(key) } });
}
