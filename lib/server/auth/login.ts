import "server-only";
import { getPrisma } from "@/lib/server/db";
import { UnauthenticatedError } from "@/lib/errors";
import { ensureAdminUser } from "@/lib/server/auth/admin";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { createSession, deleteSession } from "@/lib/server/auth/sessions";
import { log } from "@/lib/server/log";
import type { Role } from "@/lib/server/auth/principal";
import { toRole } from "@/lib/server/auth/principal";

/** What a successful login returns: the cookie token (never stored) and who logged in. */
export interface LoginResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: { readonly username: string; readonly role: Role };
}

/** Failed attempts per username within the window before logins for it are refused. */
const MAX_FAILURES = 10;
const WINDOW_MS = 5 * 60_000;
const failures = new Map<string, { count: number; since: number }>();

function isLockedOut(username: string, now: number): boolean {
  const f = failures.get(username);
  if (f === undefined) return false;
  if (now - f.since > WINDOW_MS) {
    failures.delete(username);
    return false;
  }
  return f.count >= MAX_FAILURES;
}

function recordFailure(username: string, now: number): void {
  const f = failures.get(username);
  if (f === undefined || now - f.since > WINDOW_MS) failures.set(username, { count: 1, since: now });
  else f.count += 1;
}

// Verifying against a dummy hash when the user does not exist keeps the response time the same,
// so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password and opens a new session (a fresh token on every login, ASVS
 * V3.2.1). Any previous session token the caller had is ended. Throws UnauthenticatedError with
 * one message for every failure (unknown user, wrong password, too many attempts).
 */
export async function login(username: string, password: string, previousToken?: string): Promise<LoginResult> {
  await ensureAdminUser();
  const now = Date.now();
  const failure = new UnauthenticatedError("invalid username or password");
  if (isLockedOut(username, now)) {
    log.warn("login refused: too many failed attempts", { username });
    throw failure;
  }
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { username } });
  dummyHash ??= hashPassword("palisade-timing-equaliser");
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (user === null || !valid) {
    recordFailure(username, now);
    log.info("login failed", { username });
    throw failure;
  }
  failures.delete(username);
  if (previousToken !== undefined) await deleteSession(previousToken);
  const session = await createSession(user.id, new Date(now));
  log.info("login", { username });
  return { token: session.token, expiresAt: session.expiresAt, user: { username: user.username, role: toRole(user.role) } };
}
