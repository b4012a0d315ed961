/**
 * The session cookie's names and attributes. No server-only import: proxy.ts reads the names.
 *
 * Over https the cookie is `__Host-palisade-session` (ASVS V3.4.4: Secure, Path=/, no Domain,
 * so no sibling host can set or shadow it); over plain http (local use) browsers refuse the
 * `__Host-` prefix, so it is `palisade-session`.
 */
export const SECURE_SESSION_COOKIE = "__Host-palisade-session";
export const PLAIN_SESSION_COOKIE = "palisade-session";

/** Whether a request reached us over https (directly or through a TLS-terminating proxy). */
export function isHttpsRequest(url: string, headers: Headers): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded !== undefined && forwarded !== "") return forwarded === "https";
  return new URL(url).protocol === "https:";
}

/** The cookie name to use for a request. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
}

/** Parses a Cookie header into name → value (first occurrence wins, values URI-decoded when valid). */
export function parseCookieHeader(header: string | null): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (header === null) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (out.has(name)) continue;
    const raw = part.slice(eq + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      value = raw;
    }
    out.set(name, value);
  }
  return out;
}

/** The session token carried by a request's cookies, if any (the secure name is preferred). */
export function readSessionToken(cookies: ReadonlyMap<string, string>): string | undefined {
  const token = cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(PLAIN_SESSION_COOKIE);
  return token === undefined || token === "" ? undefined : token;
}

/** A Set-Cookie value that stores the session token until `expires`. */
export function buildSessionCookie(token: string, expires: Date, secure: boolean): string {
  const parts = [`${sessionCookieName(secure)}=${token}`, "Path=/", `Expires=${expires.toUTCString()}`, "HttpOnly", "SameSite=Lax"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** A Set-Cookie value that removes the session cookie. */
export function buildClearedSessionCookie(secure: boolean): string {
  const parts = [`${sessionCookieName(secure)}=`, "Path=/", "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0", "HttpOnly", "SameSite=Lax"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
