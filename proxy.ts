import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE, isHttpsRequest } from "@/lib/server/auth/cookies";
import { applySecurityHeaders, buildPageCsp } from "@/lib/server/http/security-headers";

/**
 * Runs before every page request (see `config.matcher`; API routes, static assets and Next's
 * internals are excluded: withRoute() guards the API and answers 401 problem JSON there).
 *  - Without a session cookie, a page request is redirected to /login?next=<path>. This is the
 *    optimistic check only; app/(console)/layout.tsx validates the session in the database.
 *  - Every page gets a Content-Security-Policy with a fresh nonce (Next applies it to its own
 *    scripts) and the common security headers (lib/server/http/security-headers.ts; HSTS over
 *    https). API routes and /k8s get theirs from next.config.mjs: running the proxy on them would
 *    make Next buffer request bodies (flow ingest sends tens of MB).
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const https = isHttpsRequest(request.url, request.headers);
  const hasSession = request.cookies.has(SECURE_SESSION_COOKIE) || request.cookies.has(PLAIN_SESSION_COOKIE);
  if (!hasSession && pathname !== "/login") {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    const redirect = NextResponse.redirect(login);
    applySecurityHeaders(redirect.headers, https);
    return redirect;
  }

  const nonce = btoa(crypto.randomUUID());
  const csp = buildPageCsp(nonce, { dev: process.env.NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  applySecurityHeaders(response.headers, https);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|k8s/|k8s$|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
