/**
 * The security headers of every answer, in one table. No `server-only` import: proxy.ts (edge
 * runtime, pages) and next.config.mjs (API routes, /k8s and static files, through
 * security-header-values.mjs) read it too.
 *
 *  - Pages get a Content-Security-Policy with a per-request nonce from proxy.ts (Next puts the
 *    nonce on its own scripts); API and /k8s answers are JSON and get a CSP that allows nothing.
 *  - Strict-Transport-Security only over https: sent over plain http it would be ignored by
 *    browsers (RFC 6797 §8.1), and on a local http console it would only confuse.
 */

import { API_CSP, COMMON_SECURITY_HEADERS, HSTS_VALUE, PERMISSIONS_POLICY } from "./security-header-values.mjs";

// The constant values live in a plain JavaScript module that next.config.mjs imports too (a
// TypeScript config would make `next start` load Next's SWC compiler just to read it).
export { API_CSP, COMMON_SECURITY_HEADERS, HSTS_VALUE, PERMISSIONS_POLICY };

/** The CSP of a page, with the request's nonce. `dev` allows eval for React's dev tooling. */
export function buildPageCsp(nonce: string, options: { readonly dev: boolean; readonly https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React `style`, cytoscape) need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sets the common headers (and HSTS over https) on a Headers object; returns it. */
export function applySecurityHeaders(headers: Headers, https: boolean): Headers {
  for (const [name, value] of COMMON_SECURITY_HEADERS) headers.set(name, value);
  if (https) headers.set("strict-transport-security", HSTS_VALUE);
  return headers;
}
