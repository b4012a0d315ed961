import "server-only";
import type { SessionInfo } from "@/lib/contracts/session";
import type { Principal } from "@/lib/server/auth/principal";

/** The API view of an authenticated principal. */
export function toSessionInfo(principal: Principal): SessionInfo {
  const info: SessionInfo = {
    user: { username: principal.username, role: principal.role },
    via: principal.via,
    scope: { tiers: principal.tiers === "all" ? null : [...principal.tiers], namespaces: principal.namespaces === "all" ? null : [...principal.namespaces] },
  };
  return principal.expiresAt === undefined ? info : { ...info, expiresAt: principal.expiresAt.toISOString() };
}
