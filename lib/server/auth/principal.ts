/** Who is making a request, after authentication. */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** How the request authenticated. */
  readonly via: "session" | "token";
  readonly userId: string | undefined;
  /** The name written to the audit log (`admin`, or `token:<name>` for a token without a user). */
  readonly username: string;
  readonly role: Role;
  /** Session only: when the session ends unless used again (idle) or at the latest (absolute). */
  readonly expiresAt?: Date;
}

/** Whether `role` carries at least the rights of `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Narrows a stored role string; unknown values become the least-privileged role (fail closed). */
export function toRole(value: string): Role {
  return value === "admin" || value === "editor" ? value : "viewer";
}
