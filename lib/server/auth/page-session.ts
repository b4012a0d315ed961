import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE } from "@/lib/server/auth/cookies";
import type { Principal } from "@/lib/server/auth/principal";
import { resolveSessionToken } from "@/lib/server/auth/sessions";

/**
 * Page-side authentication (server components). proxy.ts already bounced requests without a
 * session cookie; this validates the cookie against the Session table, so an expired or forged
 * cookie also lands on /login.
 */
export async function getPagePrincipal(): Promise<Principal | undefined> {
  const jar = await cookies();
  const token = jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(PLAIN_SESSION_COOKIE)?.value;
  if (token === undefined || token === "") return undefined;
  return resolveSessionToken(token);
}

/** The signed-in principal, or a redirect to /login (never returns without one). */
export async function requirePagePrincipal(): Promise<Principal> {
  const principal = await getPagePrincipal();
  if (principal === undefined) redirect("/login");
  return principal;
}

/** A safe post-login destination: a same-origin path only, else `/` (see lib/server/http/next-path.ts). */
export { safeNextPath } from "@/lib/server/http/next-path";
