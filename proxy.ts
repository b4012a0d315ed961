import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE, isHttpsRequest } from "@/lib/server/auth/cookies";

/**
 * Runs before every page request (see `config.matcher`; API routes, static assets and Next's
 * internals are excluded: withRoute() guards the API and answers 401 problem JSON there).
 *  - Without a session cookie, a page request is redirected to /login?next=<path>. This is the
 *    optimistic check only; app/(console)/layout.tsx validates the session in the database.
 *  - Every page gets a Content-Security-Policy with a fresh nonce (Next applies it to its own
 *    scripts), plus frame and referrer protections.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.has(SECURE_SESSION_COOKIE) || request.cookies.has(PLAIN_SESSION_COOKIE);
  if (!hasSession && pathname !== "/login") {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }

  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const https = isHttpsRequest(request.url, request.headers);
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React `style`, cytoscape) need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "same-origin");
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
