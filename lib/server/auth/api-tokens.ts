import "server-only";
import { intersectScope, minRole } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/server/db";
import { hashToken } from "@/lib/server/auth/tokens";
import type { Principal } from "@/lib/server/auth/principal";
import { toRole, toStoredScope } from "@/lib/server/auth/principal";

const LAST_USED_GRANULARITY_MS = 60_000;
/** A token row written without an expiry lives this long after its creation. */
export const DEFAULT_TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;

/** When a token row expires (its own expiry, else 90 days after creation). */
export function tokenExpiry(row: { readonly createdAt: Date; readonly expiresAt: Date | null }): Date {
  return row.expiresAt ?? new Date(row.createdAt.getTime() + DEFAULT_TOKEN_LIFETIME_MS);
}

/**
 * The principal of an `Authorization: Bearer` token (an ApiToken row), or undefined when unknown,
 * expired, or its user is disabled. A token bound to a user acts as that user, cut down to the
 * token's own role and scopes (so a token never exceeds its user, even after the user's rights
 * shrink); a token without a user acts as `token:<name>` with the token's role and scopes.
 */
export async function resolveApiToken(token: string, now: Date = new Date()): Promise<Principal | undefined> {
  const prisma = await getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (row === null) return undefined;
  if (tokenExpiry(row).getTime() <= now.getTime()) return undefined;
  if (row.user !== null && row.user.disabled) return undefined;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await prisma.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const own = { role: row.role === null ? (row.user === null ? "viewer" : toRole(row.user.role)) : toRole(row.role), tiers: toStoredScope(row.tiers), namespaces: toStoredScope(row.namespaces) };
  if (row.user === null) return { via: "token", userId: undefined, username: `token:${row.name}`, ...own, tokenId: row.id };
  return {
    via: "token",
    userId: row.user.id,
    username: row.user.username,
    role: minRole(toRole(row.user.role), own.role),
    tiers: intersectScope(toStoredScope(row.user.tiers), own.tiers),
    namespaces: intersectScope(toStoredScope(row.user.namespaces), own.namespaces),
    tokenId: row.id,
  };
}
