/**
 * OIDC group → role and scope mapping (pure). Every rule whose group the user is in applies; the
 * user gets the highest role among them, and the union of their tier and namespace scopes (a
 * rule without a scope grants every tier / namespace). A user in no mapped group gets no access
 * (sign-in is refused), so an identity provider's whole directory is not let in by default.
 */
import type { Role } from "@/lib/auth/permissions";
import { hasRole } from "@/lib/auth/permissions";

export interface GroupRule {
  readonly group: string;
  readonly role: Role;
  /** null / absent: every tier. */
  readonly tiers?: readonly string[] | null | undefined;
  /** null / absent: every namespace. */
  readonly namespaces?: readonly string[] | null | undefined;
}

export interface MappedAccess {
  readonly role: Role;
  /** null: every tier. */
  readonly tiers: readonly string[] | null;
  /** null: every namespace. */
  readonly namespaces: readonly string[] | null;
  /** The groups whose rules applied. */
  readonly matched: readonly string[];
}

function union(a: readonly string[] | null, b: readonly string[] | null | undefined): readonly string[] | null {
  if (a === null || b === null || b === undefined) return null;
  return [...new Set([...a, ...b])].sort();
}

/** The access a user with `groups` gets, or undefined when no rule matches. */
export function mapGroups(groups: readonly string[], rules: readonly GroupRule[]): MappedAccess | undefined {
  const member = new Set(groups);
  const applied = rules.filter((r) => member.has(r.group));
  const first = applied[0];
  if (first === undefined) return undefined;
  let role: Role = first.role;
  let tiers: readonly string[] | null = first.tiers === undefined || first.tiers === null ? null : [...new Set(first.tiers)].sort();
  let namespaces: readonly string[] | null = first.namespaces === undefined || first.namespaces === null ? null : [...new Set(first.namespaces)].sort();
  for (const r of applied.slice(1)) {
    if (hasRole(r.role, role)) role = r.role;
    tiers = union(tiers, r.tiers);
    namespaces = union(namespaces, r.namespaces);
  }
  return { role, tiers, namespaces, matched: [...new Set(applied.map((r) => r.group))] };
}

/** The groups claim's value as a list of strings (a single string counts as one group). */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** The username for an OIDC identity: preferred_username, else email, else `sub`. */
export function usernameFromClaims(claims: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["preferred_username", "email", "sub"]) {
    const v = claims[key];
    if (typeof v === "string" && v.trim() !== "") return v.trim().slice(0, 64);
  }
  return undefined;
}
