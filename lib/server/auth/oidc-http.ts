import "server-only";
/** The HTTP side of OIDC sign-in for the route handlers: origins, the state cookie, redirects. */
import { isDomainError } from "@/lib/errors";
import { clientAddressOf } from "@/lib/server/auth/auth-events";
import { buildSessionCookie, isHttpsRequest, parseCookieHeader } from "@/lib/server/auth/cookies";
import { OIDC_STATE_COOKIE, finishOidcLogin, startOidcLogin } from "@/lib/server/auth/oidc";
import { safeNextPath } from "@/lib/server/auth/page-session";

const STATE_PATH = "/api/v1/oidc";

/** This console's origin as the browser sees it (X-Forwarded-Host / -Proto behind a proxy). */
export function publicOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || url.host;
  return `${isHttpsRequest(req.url, req.headers) ? "https" : "http"}://${host}`;
}

function stateCookie(value: string, maxAge: number, secure: boolean): string {
  return [`${OIDC_STATE_COOKIE}=${value}`, `Path=${STATE_PATH}`, `Max-Age=${maxAge}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}

function redirect(location: string, cookies: readonly string[]): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 302, headers });
}

/** GET /api/v1/oidc/login?next= — off to the identity provider. */
export async function oidcLoginRedirect(req: Request, next: string | undefined): Promise<Response> {
  const secure = isHttpsRequest(req.url, req.headers);
  const started = await startOidcLogin(publicOrigin(req), safeNextPath(next));
  return redirect(started.url, [stateCookie(started.stateId, started.maxAgeSeconds, secure)]);
}

/** GET /api/v1/oidc/callback — back from the identity provider: a session, or /login with the reason. */
export async function oidcCallback(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const secure = isHttpsRequest(req.url, req.headers);
  const clear = stateCookie("", 0, secure);
  const q = (k: string): string | undefined => url.searchParams.get(k) ?? undefined;
  try {
    const result = await finishOidcLogin({
      origin: publicOrigin(req),
      code: q("code"),
      state: q("state"),
      error: q("error"),
      cookieState: parseCookieHeader(req.headers.get("cookie")).get(OIDC_STATE_COOKIE),
      clientAddress: clientAddressOf(req),
    });
    return redirect(safeNextPath(result.next), [clear, buildSessionCookie(result.token, result.expiresAt, secure)]);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return redirect(`/login?error=${encodeURIComponent(e.message)}`, [clear]);
  }
}
