import "server-only";
import { getPrisma } from "@/lib/server/db";
import { hashToken } from "@/lib/server/auth/tokens";
import type { Principal } from "@/lib/server/auth/principal";
import { toRole } from "@/lib/server/auth/principal";

const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The principal of an `Authorization: Bearer` token (an ApiToken row), or undefined when unknown.
 * A token bound to a user acts as that user; a token without a user acts as `token:<name>` with
 * the viewer role (read-only), failing closed for tokens nobody owns.
 */
export async function resolveApiToken(token: string, now: Date = new Date()): Promise<Principal | undefined> {
  const prisma = await getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (row === null) return undefined;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  if (row.user === null) return { via: "token", userId: undefined, username: `token:${row.name}`, role: "viewer" };
  return { via: "token", userId: row.user.id, username: row.user.username, role: toRole(row.user.role) };
}
