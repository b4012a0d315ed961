/** Who is making a request, after authentication. */
import type { Role, Scope, Subject } from "@/lib/auth/permissions";
import { ROLES, hasRole as roleCovers } from "@/lib/auth/permissions";

export { ROLES };
export type { Role, Scope };

export interface Principal extends Subject {
  /** How the request authenticated. */
  readonly via: "session" | "token";
  readonly userId: string | undefined;
  /** The name written to the audit log (`admin`, or `token:<name>` for a token without a user). */
  readonly username: string;
  readonly role: Role;
  /** The tiers whose policies this principal may see (lib/auth/permissions.ts). */
  readonly tiers: Scope;
  /** The namespaces whose objects and observed data this principal may see. */
  readonly namespaces: Scope;
  /** Token only: the ApiToken row's id. */
  readonly tokenId?: string;
  /** Session only: when the session ends unless used again (idle) or at the latest (absolute). */
  readonly expiresAt?: Date;
}

/** Whether `role` carries at least the rights of `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return roleCovers(role, required);
}

/** Narrows a stored role string; unknown values become the least-privileged role (fail closed). */
export function toRole(value: string): Role {
  return value === "admin" || value === "editor" ? value : "viewer";
}

/**
 * A stored scope column (JSON array of names, or null for "all") → Scope. Anything that is not
 * an array of strings fails closed to the empty scope.
 */
export function toStoredScope(value: unknown): Scope {
  if (value === null || value === undefined) return "all";
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) return [];
  return [...new Set(value)].sort();
}

/** Scope → the JSON stored in a scope column (null for "all"). */
export function fromScope(scope: Scope): string[] | null {
  return scope === "all" ? null : [...scope];
}
