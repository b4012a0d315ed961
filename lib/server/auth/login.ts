import "server-only";
import { getPrisma } from "@/lib/server/db";
import { UnauthenticatedError } from "@/lib/errors";
import { ensureAdminUser } from "@/lib/server/auth/admin";
import { recordAuthEvent } from "@/lib/server/auth/auth-events";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { createSession, deleteSession } from "@/lib/server/auth/sessions";
import type { ThrottleKey } from "@/lib/server/auth/throttle";
import { clearThrottle, recordLoginFailure, throttleWaitMs } from "@/lib/server/auth/throttle";
import { log } from "@/lib/server/log";
import type { Role } from "@/lib/server/auth/principal";
import { toRole } from "@/lib/server/auth/principal";

/** What a successful login returns: the cookie token (never stored) and who logged in. */
export interface LoginResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: { readonly username: string; readonly role: Role };
}

// Verifying against a dummy hash when the user does not exist keeps the response time the same,
// so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password and opens a new session (a fresh token on every login, ASVS
 * V3.2.1). Any previous session token the caller had is ended. Failures are throttled per
 * username and per client address in the database (lib/auth/throttle.ts: growing, capped
 * delays) and every attempt is an audit event. Throws UnauthenticatedError with one message for
 * every failure (unknown or disabled user, wrong password), and a "try again in" message while
 * throttled.
 */
export async function login(username: string, password: string, previousToken?: string, clientAddress = "unknown"): Promise<LoginResult> {
  await ensureAdminUser();
  const now = new Date();
  // Without a known address (no trusted proxy) only the username is throttled: one shared
  // "unknown" key would let any stranger slow every user down.
  const keys: ThrottleKey[] = [{ kind: "user", value: username }, ...(clientAddress !== "unknown" ? [{ kind: "addr" as const, value: clientAddress }] : [])];
  const wait = await throttleWaitMs(keys, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    log.warn("login refused: throttled after failed attempts", { username, clientAddress, seconds });
    await recordAuthEvent({ actor: username, action: "login", target: `user:${username}`, outcome: "failure", clientAddress, detail: { reason: "throttled", retryAfterSeconds: seconds } });
    throw new UnauthenticatedError(`too many failed sign-ins; try again in ${seconds} s`);
  }
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { username } });
  dummyHash ??= hashPassword("palisade-timing-equaliser");
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (user === null || !valid || user.disabled || user.source !== "local") {
    await recordLoginFailure(keys, now);
    const reason = user === null ? "unknown user" : !valid ? "wrong password" : user.disabled ? "user disabled" : "not a local user";
    log.info("login failed", { username, clientAddress });
    await recordAuthEvent({ actor: username, action: "login", target: `user:${username}`, outcome: "failure", clientAddress, detail: { reason } });
    throw new UnauthenticatedError("invalid username or password");
  }
  await clearThrottle({ kind: "user", value: username });
  if (previousToken !== undefined) await deleteSession(previousToken);
  const session = await createSession(user.id, now);
  log.info("login", { username });
  await recordAuthEvent({ actor: username, action: "login", target: `user:${username}`, outcome: "success", clientAddress, detail: { method: "password" } });
  return { token: session.token, expiresAt: session.expiresAt, user: { username: user.username, role: toRole(user.role) } };
}
