import "server-only";
import { UnauthenticatedError } from "@/lib/errors";
import { resolveApiToken } from "@/lib/server/auth/api-tokens";
import { parseCookieHeader, readSessionToken } from "@/lib/server/auth/cookies";
import type { Principal } from "@/lib/server/auth/principal";
import { resolveSessionToken } from "@/lib/server/auth/sessions";

/** The bearer token of an `Authorization: Bearer <token>` header, if any. */
export function readBearerToken(headers: Headers): string | undefined {
  const value = headers.get("authorization");
  if (value === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/**
 * Authenticates a request. An Authorization header wins over the cookie: a request that sends a
 * bearer token is a script and is judged by that token alone (a bad token is 401 even when a
 * valid cookie rides along). Returns undefined when the request carries no credentials; throws
 * UnauthenticatedError when it carries invalid ones.
 */
export async function authenticate(req: Request): Promise<Principal | undefined> {
  if (req.headers.has("authorization")) {
    const bearer = readBearerToken(req.headers);
    if (bearer === undefined) throw new UnauthenticatedError("the Authorization header must be `Bearer <token>`");
    const principal = await resolveApiToken(bearer);
    if (principal === undefined) throw new UnauthenticatedError("invalid or revoked API token");
    return principal;
  }
  const token = readSessionToken(parseCookieHeader(req.headers.get("cookie")));
  if (token === undefined) return undefined;
  const principal = await resolveSessionToken(token);
  if (principal === undefined) throw new UnauthenticatedError("the session has expired; log in again");
  return principal;
}

/** The session token a request carries in its cookie, if any (for logout and re-login). */
export function sessionTokenOf(req: Request): string | undefined {
  return readSessionToken(parseCookieHeader(req.headers.get("cookie")));
}
