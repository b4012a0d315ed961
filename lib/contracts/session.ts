/** Contracts of /api/v1/session (login, logout, who am I). */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

/** POST /api/v1/session */
export const LoginRequestSchema = lazySchema(() => z.object({
  username: z.string().trim().min(1, "Required value").max(128),
  password: z.string().min(1, "Required value").max(1024),
}));
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RoleSchema = lazySchema(() => z.enum(["viewer", "editor", "admin"]));

/** GET/POST /api/v1/session answer. */
export const SessionInfoSchema = lazySchema(() => z.object({
  user: z.object({ username: z.string(), role: RoleSchema }),
  /** How this request authenticated. */
  via: z.enum(["session", "token"]),
  /** RFC 3339; absent for API tokens. */
  expiresAt: z.string().optional(),
  /** The tiers and namespaces the caller may see (null: every one); absent in older servers. */
  scope: z.object({ tiers: z.array(z.string()).nullable(), namespaces: z.array(z.string()).nullable() }).optional(),
}));
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
