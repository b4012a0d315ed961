import "server-only";
/**
 * Login throttling stored in the database (table "LoginThrottle"), so it survives restarts and
 * every replica on the same database shares it. The policy (growing, capped delays) is
 * lib/auth/throttle.ts. While a key is blocked, attempts are refused without being counted, so
 * hammering does not extend the block past its cap.
 */
import type { ThrottleKeyKind } from "@/lib/auth/throttle";
import { FORGET_AFTER_MS, delayAfter } from "@/lib/auth/throttle";
import { getPrisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";

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

/** Attempts of one key's read-modify-write before giving up (each lost round means another failure was counted). */
const MAX_ATTEMPTS = 20;

const isUniqueViolation = (e: unknown): boolean => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/**
 * Counts one failure for every key and sets its block. Per key a compare-and-swap: the new count
 * (1 again when the last failure is older than FORGET_AFTER_MS) and its block are written only
 * where the row still has the count and time that were read, else it is read again, so
 * concurrent failures (replicas, parallel guesses) are each counted. A missing row is created;
 * losing that race is retried the same way.
 */
export async function recordLoginFailure(keys: readonly ThrottleKey[], now: Date = new Date()): Promise<void> {
  const prisma = await getPrisma();
  const forgetBefore = now.getTime() - FORGET_AFTER_MS;
  for (const k of keys) {
    const key = keyOf(k);
    let counted = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !counted; attempt++) {
      const prev = await prisma.loginThrottle.findUnique({ where: { key } });
      if (prev === null) {
        try {
          await prisma.loginThrottle.create({ data: { key, failures: 1, lastFailureAt: now, blockedUntil: new Date(now.getTime() + delayAfter(1, k.kind)) } });
          counted = true;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
        continue;
      }
      const failures = prev.lastFailureAt.getTime() < forgetBefore ? 1 : prev.failures + 1;
      const { count } = await prisma.loginThrottle.updateMany({
        where: { key, failures: prev.failures, lastFailureAt: prev.lastFailureAt },
        data: { failures, lastFailureAt: now, blockedUntil: new Date(now.getTime() + delayAfter(failures, k.kind)) },
      });
      counted = count === 1;
    }
    // Lost every round: the key is being hammered, and every round that won counted a failure and set a block.
  }
}

/** Clears a key after a successful sign-in. */
export async function clearThrottle(key: ThrottleKey): Promise<void> {
  const prisma = await getPrisma();
  await prisma.loginThrottle.deleteMany({ where: { key: keyOf(key) } });
}
