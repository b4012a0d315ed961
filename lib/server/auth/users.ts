import "server-only";
/**
 * User administration (admin only, checked by the routes): create, list, read, update (role,
 * scopes, disabled, password), delete. Disabling a user or changing their password ends their
 * sessions and API tokens at once; a role or scope change applies to their next request (the
 * principal is read from the user row on every request, and tokens are cut down to it). Every
 * change is an audit event. The last enabled admin cannot be removed, disabled or demoted, so
 * the console can never be left without one.
 */
import { randomUUID } from "node:crypto";
import type { Scope } from "@/lib/auth/permissions";
import type { CreateUserRequest, UpdateUserRequest, UserView } from "@/lib/contracts/users";
import { AlreadyExistsError, ConflictError, NotFoundError } from "@/lib/errors";
import { recordAuthEvent } from "@/lib/server/auth/auth-events";
import { hashPassword } from "@/lib/server/auth/password";
import type { Principal } from "@/lib/server/auth/principal";
import { fromScope, toRole, toStoredScope } from "@/lib/server/auth/principal";
import { getPrisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** Stores SQL NULL (= every tier / namespace) in a scope column. */
const DB_NULL = Prisma.DbNull;

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly tiers: unknown;
  readonly namespaces: unknown;
  readonly disabled: boolean;
  readonly source: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function scopeView(s: Scope): string[] | null {
  return s === "all" ? null : [...s];
}

export function toUserView(r: UserRow): UserView {
  return {
    username: r.username,
    role: toRole(r.role),
    tiers: scopeView(toStoredScope(r.tiers)),
    namespaces: scopeView(toStoredScope(r.namespaces)),
    disabled: r.disabled,
    source: r.source === "oidc" ? "oidc" : "local",
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A JSON column value for a scope (Prisma needs DbNull-free JSON: null means "all"). */
function scopeColumn(list: readonly string[] | null | undefined): string[] | undefined {
  const stored = fromScope(list === null || list === undefined ? "all" : [...new Set(list)].sort());
  return stored ?? undefined;
}

export async function listUsers(): Promise<{ items: UserView[] }> {
  const prisma = await getPrisma();
  const rows = await prisma.user.findMany({ orderBy: { username: "asc" } });
  return { items: rows.map(toUserView) };
}

async function findUser(username: string): Promise<UserRow & { passwordHash: string }> {
  const prisma = await getPrisma();
  const row = await prisma.user.findUnique({ where: { username } });
  if (row === null) throw new NotFoundError(`user "${username}" not found`);
  return row;
}

export async function getUser(username: string): Promise<UserView> {
  return toUserView(await findUser(username));
}

/** Creates a local user. Throws AlreadyExistsError (username taken). */
export async function createUser(input: CreateUserRequest, actor: Principal): Promise<UserView> {
  const prisma = await getPrisma();
  if ((await prisma.user.findUnique({ where: { username: input.username } })) !== null) {
    await recordAuthEvent({ actor: actor.username, action: "user.create", target: `user:${input.username}`, outcome: "failure", detail: { reason: "already exists" } });
    throw new AlreadyExistsError(`user "${input.username}" already exists`);
  }
  const tiers = scopeColumn(input.tiers);
  const namespaces = scopeColumn(input.namespaces);
  const row = await prisma.user.create({
    data: {
      id: randomUUID(),
      username: input.username,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      ...(tiers !== undefined ? { tiers } : {}),
      ...(namespaces !== undefined ? { namespaces } : {}),
    },
  });
  const view = toUserView(row);
  await recordAuthEvent({ actor: actor.username, action: "user.create", target: `user:${row.username}`, outcome: "success", detail: { role: view.role, tiers: view.tiers, namespaces: view.namespaces } });
  return view;
}

/** Whether removing admin rights from `userId` would leave no enabled admin. */
async function isLastAdmin(userId: string): Promise<boolean> {
  const prisma = await getPrisma();
  const others = await prisma.user.count({ where: { role: "admin", disabled: false, NOT: { id: userId } } });
  return others === 0;
}

/** Ends every session and API token of a user; returns how many of each ended. */
export async function endUserCredentials(userId: string): Promise<{ sessions: number; tokens: number }> {
  const prisma = await getPrisma();
  const sessions = await prisma.session.deleteMany({ where: { userId } });
  const tokens = await prisma.apiToken.deleteMany({ where: { userId } });
  return { sessions: sessions.count, tokens: tokens.count };
}

/**
 * Updates a user. Throws NotFoundError, ConflictError (the change would leave no enabled admin).
 * A password change or disabling ends the user's sessions and tokens.
 */
export async function updateUser(username: string, patch: UpdateUserRequest, actor: Principal): Promise<UserView> {
  const prisma = await getPrisma();
  const current = await findUser(username);
  const losesAdmin = current.role === "admin" && !current.disabled && ((patch.role !== undefined && patch.role !== "admin") || patch.disabled === true);
  if (losesAdmin && (await isLastAdmin(current.id))) {
    await recordAuthEvent({ actor: actor.username, action: "user.update", target: `user:${username}`, outcome: "failure", detail: { reason: "last admin" } });
    throw new ConflictError(`"${username}" is the last enabled admin; make another user admin first`);
  }
  const data: Prisma.UserUpdateInput = {
    updatedAt: new Date(),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    ...(patch.tiers !== undefined ? { tiers: scopeColumn(patch.tiers) ?? DB_NULL } : {}),
    ...(patch.namespaces !== undefined ? { namespaces: scopeColumn(patch.namespaces) ?? DB_NULL } : {}),
    ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
  };
  const row = await prisma.user.update({ where: { id: current.id }, data });
  const ended = patch.password !== undefined || patch.disabled === true ? await endUserCredentials(current.id) : undefined;
  const view = toUserView(row);
  const changed = Object.keys(patch).filter((k) => k !== "password");
  await recordAuthEvent({
    actor: actor.username,
    action: patch.password !== undefined && changed.length === 0 ? "user.password" : "user.update",
    target: `user:${username}`,
    outcome: "success",
    detail: {
      ...(patch.role !== undefined ? { role: { from: toRole(current.role), to: view.role } } : {}),
      ...(patch.tiers !== undefined ? { tiers: { from: scopeView(toStoredScope(current.tiers)), to: view.tiers } } : {}),
      ...(patch.namespaces !== undefined ? { namespaces: { from: scopeView(toStoredScope(current.namespaces)), to: view.namespaces } } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.password !== undefined ? { password: "changed" } : {}),
      ...(ended !== undefined ? { endedSessions: ended.sessions, revokedTokens: ended.tokens } : {}),
    },
  });
  return view;
}

/** Deletes a user (their sessions and tokens go with them). Throws NotFoundError, ConflictError (last admin). */
export async function deleteUser(username: string, actor: Principal): Promise<void> {
  const prisma = await getPrisma();
  const current = await findUser(username);
  if (current.role === "admin" && !current.disabled && (await isLastAdmin(current.id))) {
    await recordAuthEvent({ actor: actor.username, action: "user.delete", target: `user:${username}`, outcome: "failure", detail: { reason: "last admin" } });
    throw new ConflictError(`"${username}" is the last enabled admin and cannot be deleted`);
  }
  await prisma.user.delete({ where: { id: current.id } });
  await recordAuthEvent({ actor: actor.username, action: "user.delete", target: `user:${username}`, outcome: "success" });
}
