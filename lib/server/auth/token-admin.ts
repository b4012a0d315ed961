import "server-only";
/**
 * API token lifecycle: issue (with an expiry, default 90 days, at most a year, and a role and
 * scopes that never exceed the creator's), list (your own; an admin sees everyone's) and revoke
 * (the row is deleted, so the very next request with the token is refused). Every issue and
 * revoke is an audit event. The secret is returned once; only its SHA-256 is stored.
 */
import { randomUUID } from "node:crypto";
import type { Scope } from "@/lib/auth/permissions";
import { hasRole } from "@/lib/auth/permissions";
import type { IssueTokenRequest, IssuedToken, TokenList, TokenView } from "@/lib/contracts/users";
import { DEFAULT_TOKEN_DAYS } from "@/lib/contracts/users";
import type { FieldError } from "@/lib/errors";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { tokenExpiry } from "@/lib/server/auth/api-tokens";
import { recordAuthEvent } from "@/lib/server/auth/auth-events";
import type { Principal } from "@/lib/server/auth/principal";
import { fromScope, toRole, toStoredScope } from "@/lib/server/auth/principal";
import { generateToken, hashToken } from "@/lib/server/auth/tokens";
import { getPrisma } from "@/lib/server/db";

const DAY_MS = 24 * 3600_000;

interface TokenRow {
  readonly id: string;
  readonly name: string;
  readonly role: string | null;
  readonly tiers: unknown;
  readonly namespaces: unknown;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly user: { readonly username: string; readonly role: string } | null;
}

function view(r: TokenRow): TokenView {
  const tiers = toStoredScope(r.tiers);
  const namespaces = toStoredScope(r.namespaces);
  return {
    id: r.id,
    name: r.name,
    role: r.role === null ? (r.user === null ? "viewer" : toRole(r.user.role)) : toRole(r.role),
    tiers: tiers === "all" ? null : [...tiers],
    namespaces: namespaces === "all" ? null : [...namespaces],
    user: r.user?.username ?? null,
    createdAt: r.createdAt.toISOString(),
    expiresAt: tokenExpiry(r).toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

/** The requested scope, checked to stay within the creator's; absent = the creator's. */
function scopeWithin(path: "tiers" | "namespaces", own: Scope, requested: readonly string[] | null | undefined, errors: FieldError[]): Scope {
  if (requested === undefined) return own;
  if (requested === null) {
    if (own !== "all") errors.push({ path, message: `cannot be every one: you have only ${own.join(", ") || "none"}` });
    return own;
  }
  const outside = own === "all" ? [] : requested.filter((x) => !own.includes(x));
  if (outside.length > 0) errors.push({ path, message: `${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} outside your ${path}` });
  return [...new Set(requested)].sort();
}

/** Issues a token for the caller. Throws ValidationError (exceeds the caller), ForbiddenError (caller has no user). */
export async function issueToken(caller: Principal, req: IssueTokenRequest, now: Date = new Date()): Promise<IssuedToken> {
  if (caller.userId === undefined) throw new ForbiddenError("a token without a user cannot issue tokens");
  const errors: FieldError[] = [];
  const role = req.role ?? caller.role;
  if (!hasRole(caller.role, role)) errors.push({ path: "role", message: `cannot exceed your role ${caller.role}` });
  const tiers = scopeWithin("tiers", caller.tiers, req.tiers, errors);
  const namespaces = scopeWithin("namespaces", caller.namespaces, req.namespaces, errors);
  if (errors.length > 0) {
    await recordAuthEvent({ actor: caller.username, action: "token.create", target: `token:${req.name}`, outcome: "failure", detail: { errors } });
    throw new ValidationError("the token would exceed your own permissions", errors);
  }
  const prisma = await getPrisma();
  const token = generateToken();
  const tiersColumn = fromScope(tiers);
  const namespacesColumn = fromScope(namespaces);
  const row = await prisma.apiToken.create({
    data: {
      id: randomUUID(),
      name: req.name,
      tokenHash: hashToken(token),
      userId: caller.userId,
      role,
      ...(tiersColumn !== null ? { tiers: tiersColumn } : {}),
      ...(namespacesColumn !== null ? { namespaces: namespacesColumn } : {}),
      createdAt: now,
      expiresAt: new Date(now.getTime() + (req.expiresInDays ?? DEFAULT_TOKEN_DAYS) * DAY_MS),
    },
    include: { user: true },
  });
  const v = view(row);
  await recordAuthEvent({
    actor: caller.username,
    action: "token.create",
    target: `token:${row.id}`,
    outcome: "success",
    detail: { name: v.name, role: v.role, tiers: v.tiers, namespaces: v.namespaces, expiresAt: v.expiresAt },
  });
  return { ...v, token };
}

/** The caller's tokens; an admin's list holds everyone's. Newest first. */
export async function listTokens(caller: Principal): Promise<TokenList> {
  const prisma = await getPrisma();
  const where = caller.role === "admin" ? {} : { userId: caller.userId ?? "\u0000none" };
  const rows = await prisma.apiToken.findMany({ where, orderBy: { createdAt: "desc" }, include: { user: true } });
  return { items: rows.map(view) };
}

/**
 * Revokes a token: the caller's own, or anyone's for an admin. Another user's token is
 * NotFoundError for non-admins (its existence is not revealed).
 */
export async function revokeToken(caller: Principal, id: string): Promise<void> {
  const prisma = await getPrisma();
  const row = await prisma.apiToken.findUnique({ where: { id }, include: { user: true } });
  const mine = row !== null && row.userId !== null && row.userId === caller.userId;
  if (row === null || (!mine && caller.role !== "admin")) {
    await recordAuthEvent({ actor: caller.username, action: "token.revoke", target: `token:${id}`, outcome: "failure", detail: { reason: "not found" } });
    throw new NotFoundError(`token "${id}" not found`);
  }
  await prisma.apiToken.deleteMany({ where: { id } });
  await recordAuthEvent({ actor: caller.username, action: "token.revoke", target: `token:${id}`, outcome: "success", detail: { name: row.name, owner: row.user?.username ?? null } });
}
