import "server-only";
/**
 * The authentication audit log (table "AuthEvent"): every change to users, permissions, tokens
 * and sign-in settings, and every sign-in, successful or not. Written next to the change it
 * records; an admin reads all of it, anyone else only the events they did or that concern them.
 */
import type { AuthEventPage, AuthEventQuery, AuthEventView } from "@/lib/contracts/users";
import type { Principal } from "@/lib/server/auth/principal";
import { getPrisma } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/server/env";

export interface AuthEventInput {
  /** Who did it (`admin`, `token:<name>`, or the username trying to sign in). */
  readonly actor: string;
  /** `login`, `logout`, `user.create`, `user.update`, `user.delete`, `token.create`, `token.revoke`, `oidc.mapping`... */
  readonly action: string;
  /** What it was done to (`user:alice`, `token:<id>`, `oidc`). */
  readonly target: string;
  readonly outcome: "success" | "failure";
  readonly clientAddress?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The detail as JSON (undefined members dropped, as JSON.stringify does). */
function toJsonObject(detail: Readonly<Record<string, unknown>>): Prisma.InputJsonObject {
  const parsed: unknown = JSON.parse(JSON.stringify(detail));
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Prisma.InputJsonObject) : {}; // a JSON object, checked just before
}

/** Records one event. */
export async function recordAuthEvent(e: AuthEventInput): Promise<void> {
  const prisma = await getPrisma();
  await prisma.authEvent.create({
    data: {
      actor: e.actor,
      action: e.action,
      target: e.target,
      outcome: e.outcome,
      clientAddress: e.clientAddress ?? null,
      detail: toJsonObject(e.detail ?? {}),
    },
  });
}

/**
 * The client address of a request for the audit log and login throttling: with
 * PALISADE_TRUST_PROXY, the first X-Forwarded-For hop (else X-Real-IP); otherwise `unknown`
 * (route handlers do not see the socket, and these headers are whatever a client sends).
 */
export function clientAddressOf(req: Request): string {
  if (!env.PALISADE_TRUST_PROXY) return "unknown";
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded !== undefined && forwarded !== "") return forwarded.slice(0, 100);
  const real = req.headers.get("x-real-ip")?.trim();
  return real !== undefined && real !== "" ? real.slice(0, 100) : "unknown";
}

/** One page of events, newest first; non-admins see only their own and those about them. */
export async function listAuthEvents(caller: Principal, q: AuthEventQuery): Promise<AuthEventPage> {
  const prisma = await getPrisma();
  const limit = q.limit ?? 100;
  const own = caller.role === "admin" ? {} : { OR: [{ actor: caller.username }, { target: `user:${caller.username}` }] };
  const rows = await prisma.authEvent.findMany({
    where: {
      ...own,
      ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(q.target !== undefined ? { target: q.target } : {}),
      ...(q.before !== undefined ? { id: { lt: BigInt(q.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(
    (r): AuthEventView => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      outcome: r.outcome === "failure" ? "failure" : "success",
      clientAddress: r.clientAddress,
      detail: r.detail !== null && typeof r.detail === "object" && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : {},
    }),
  );
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined ? { items, next: last.id } : { items };
}
