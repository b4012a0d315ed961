/**
 * The security headers of every answer, in one table. No `server-only` import: proxy.ts (edge
 * runtime, pages) and next.config.ts (API routes, /k8s and static files) read it too.
 *
 *  - Pages get a Content-Security-Policy with a per-request nonce from proxy.ts (Next puts the
 *    nonce on its own scripts); API and /k8s answers are JSON and get a CSP that allows nothing.
 *  - Strict-Transport-Security only over https: sent over plain http it would be ignored by
 *    browsers (RFC 6797 §8.1), and on a local http console it would only confuse.
 */

/** One year, subdomains included; no `preload` (that is a promise to a browser list, the operator's call). */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * Powerful browser features the console never uses, all turned off (Permissions-Policy,
 * structured-field syntax: an empty allowlist `()` means "no origin").
 */
export const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Headers every answer carries, page or API. */
export const COMMON_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
  ["permissions-policy", PERMISSIONS_POLICY],
  ["x-frame-options", "DENY"],
  ["cross-origin-opener-policy", "same-origin"],
];

/** The CSP of JSON answers (API, /k8s): nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

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
