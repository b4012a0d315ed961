import "server-only";
import { getPrisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { generateToken, hashToken } from "@/lib/server/auth/tokens";
import type { Principal } from "@/lib/server/auth/principal";
import { toRole, toStoredScope } from "@/lib/server/auth/principal";

/**
 * Login sessions. The cookie holds a random 32-byte token; the Session row's id is its SHA-256,
 * so the table never holds a usable credential.
 *
 * Expiry is sliding with a cap: `expiresAt` = min(createdAt + absolute TTL, lastUse + idle
 * timeout), moved forward on use at most once a minute (to avoid a write per request).
 */
const MINUTE = 60_000;

function absoluteMs(): number {
  return env.PALISADE_SESSION_TTL_HOURS * 60 * MINUTE;
}

function idleMs(): number {
  return env.PALISADE_SESSION_IDLE_MINUTES * MINUTE;
}

function nextExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(createdAt.getTime() + absoluteMs(), now.getTime() + idleMs()));
}

/** A new session for a user; returns the token for the cookie (never stored) and its expiry. */
export async function createSession(userId: string, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const prisma = await getPrisma();
  const token = generateToken();
  const expiresAt = nextExpiry(now, now);
  await prisma.session.create({ data: { id: hashToken(token), userId, createdAt: now, expiresAt } });
  // Opportunistic cleanup keeps the table small without a scheduler.
  await prisma.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return { token, expiresAt };
}

/** The principal of a live session token, or undefined when unknown or expired. Extends the idle expiry. */
export async function resolveSessionToken(token: string, now: Date = new Date()): Promise<Principal | undefined> {
  const prisma = await getPrisma();
  const id = hashToken(token);
  const session = await prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (session === null) return undefined;
  if (session.expiresAt.getTime() <= now.getTime() || session.user.disabled) {
    await prisma.session.deleteMany({ where: { id } });
    return undefined;
  }
  let expiresAt = session.expiresAt;
  const extended = nextExpiry(session.createdAt, now);
  if (extended.getTime() - session.expiresAt.getTime() >= MINUTE) {
    await prisma.session.updateMany({ where: { id }, data: { expiresAt: extended } });
    expiresAt = extended;
  }
  return {
    via: "session",
    userId: session.userId,
    username: session.user.username,
    role: toRole(session.user.role),
    tiers: toStoredScope(session.user.tiers),
    namespaces: toStoredScope(session.user.namespaces),
    expiresAt,
  };
}

/** Ends a session (logout). Unknown tokens are ignored. */
export async function deleteSession(token: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.session.deleteMany({ where: { id: hashToken(token) } });
}

/** Ends every session of a user (password change, disable, delete). Returns how many ended. */
export async function deleteUserSessions(userId: string): Promise<number> {
  const prisma = await getPrisma();
  const r = await prisma.session.deleteMany({ where: { userId } });
  return r.count;
}
